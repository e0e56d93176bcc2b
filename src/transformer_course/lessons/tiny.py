"""Notebook 06_train_tiny_transformer: where "it" looks, before and after training."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import torch
from torch import nn

from ..data.tasks import ANIMAL_ADJECTIVES, IT_POSITION, encode_it
from ..errors import fail, require_tensor
from ..model.training import predict
from .plotting import COLORS, heatmap, to_numpy

# ---------------------------------------------------------------- reversal without positions


def bag_guess_accuracy(inputs: torch.Tensor, targets: torch.Tensor, num_classes: int = 10) -> float:
    """Per-digit accuracy of a rule that never looks at positions (the reversal task).

    Position i knows only its own digit and the bag of all digits (which digits, how often):
    the rule says the most common digit of the bag after taking out one copy of its own digit
    (ties → the smaller digit). A model without positional encoding sees no more than this.
    """
    require_tensor("inputs", inputs, ndim=2, floating=False)
    require_tensor("targets", targets, ndim=2, floating=False)
    if inputs.shape != targets.shape or inputs.shape[1] < 2:
        raise fail("inputs aur targets", "ek hi shape (B, L), L ≥ 2",
                   f"{tuple(inputs.shape)} aur {tuple(targets.shape)}")
    own = torch.nn.functional.one_hot(inputs, num_classes)          # (B, L, V)
    others = own.sum(dim=1, keepdim=True) - own                     # bag minus own digit
    return float((others.argmax(dim=-1) == targets).float().mean())


# ---------------------------------------------------------------- "it" → which noun?


def it_attention_summary(maps: torch.Tensor, sentences, it_position: int) -> dict[str, np.ndarray]:
    """Attention of "it" on the noun it means vs the other noun: mean over sentences.

    maps: (N, layers, heads, L, L) for N sentences. Returns arrays of shape (layers, heads):
    ``"referent"`` (e.g. "cat" when it was tired), ``"other"`` (then "mat") and
    ``"share"`` = share of sentences where the referent got more attention than the other noun.
    """
    require_tensor("maps", maps, ndim=5)
    if maps.shape[0] != len(sentences):
        raise fail("maps aur sentences", "barabar gintee", f"{maps.shape[0]} aur {len(sentences)}")
    ref_pos, other_pos = (p.to(maps.device) for p in _noun_positions(sentences))
    rows = maps[:, :, :, it_position, :]                       # (N, layers, heads, L)
    idx = torch.arange(len(sentences), device=maps.device)
    ref = rows[idx, :, :, ref_pos]                             # (N, layers, heads)
    other = rows[idx, :, :, other_pos]
    return {"referent": to_numpy(ref.mean(0)), "other": to_numpy(other.mean(0)),
            "share": to_numpy((ref > other).float().mean(0))}


def _noun_positions(sentences) -> tuple[torch.Tensor, torch.Tensor]:
    ref = [s.position(s.referent) for s in sentences]
    other = [s.position(s.object if s.referent == s.animal else s.animal) for s in sentences]
    return torch.tensor(ref), torch.tensor(other)


# ---------------------------------------------------------------- pictures


def plot_attention_pair(before: torch.Tensor, after: torch.Tensor, labels, *, titles=None,
                        xlabel="key (kis position ko dekha)", ylabel="query (kaun dekh raha hai)"):
    """Two attention maps side by side (e.g. untrained vs trained), same colour scale."""
    titles = titles or ("Untrained (random weights)", "Trained")
    fig, axes = plt.subplots(1, 2, figsize=(10.5, 4.3))
    top = max(float(before.max()), float(after.max()))
    for ax, w, title in zip(axes, (before, after), titles, strict=True):
        heatmap(w, x_labels=labels, y_labels=labels, ax=ax, title=title, vmax=top,
                annotate=False, xlabel=xlabel, ylabel=ylabel)
        ax.tick_params(axis="x", rotation=0)
    fig.tight_layout()
    return fig


def plot_it_summary(summaries: dict[str, dict], layer: int):
    """Bars: attention of "it" on the meant noun vs the other, per head, for each model."""
    fig, axes = plt.subplots(1, len(summaries), figsize=(5.2 * len(summaries), 3.4), sharey=True)
    for ax, (name, s) in zip(np.atleast_1d(axes), summaries.items(), strict=True):
        heads = s["referent"].shape[1]
        x = np.arange(heads + 1)
        ref = np.append(s["referent"][layer], s["referent"][layer].mean())
        other = np.append(s["other"][layer], s["other"][layer].mean())
        ax.bar(x - 0.2, ref, 0.4, color=COLORS["accent"], label='jis noun ki baat hai ("tired" → cat)')
        ax.bar(x + 0.2, other, 0.4, color=COLORS["muted"], label='doosra noun ("tired" → mat)')
        ax.set_xticks(x, [f"head {h}" for h in range(heads)] + ["average"])
        ax.set_title(f"{name}: layer {layer}")
        ax.set_ylabel('"it" ka attention weight')
    np.atleast_1d(axes)[0].legend(loc="upper left", fontsize=8)
    fig.tight_layout()
    return fig


def plot_it_row(weights, words, referent: str, ax=None, title=None):
    """Bar chart of one attention row: how much "it" looks at every word of the sentence."""
    w = to_numpy(weights)
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 3))
    last = len(words) - 1  # the adjective closes every sentence of the corpus
    colors = [COLORS["accent"] if word == referent else COLORS["rnn"] if word == "it" else
              COLORS["lstm"] if i == last else COLORS["transformer"] for i, word in enumerate(words)]
    ax.bar(np.arange(len(words)), w, color=colors)
    ax.set_xticks(np.arange(len(words)), list(words), rotation=45, ha="right")
    ax.set_ylim(0, 1.0)
    ax.set_ylabel('"it" ka attention')
    if title:
        ax.set_title(title, fontsize=10)
    return ax


def plot_it_pair(maps_fn, model: nn.Module, sentences, vocab, suptitle: str):
    """Rows = layers, columns = sentences: the head-averaged attention row of "it", as bars."""
    tokens, _ = encode_it(sentences, vocab)
    tokens = tokens.to(_device_of(model))
    maps = maps_fn(model, tokens)                            # (N, layers, heads, L, L)
    preds = predict(model, tokens)[:, IT_POSITION]
    layers = maps.shape[1]
    fig, axes = plt.subplots(layers, len(sentences), figsize=(5.6 * len(sentences), 2.9 * layers),
                             sharey=True, squeeze=False)
    for col, (s, m, p) in enumerate(zip(sentences, maps, preds, strict=True)):
        for layer in range(layers):
            row = m[layer, :, IT_POSITION].mean(dim=0)
            title = f'layer {layer}: "...it was {s.adjective}"'
            if layer == 0:
                title += f"  (model: it → {vocab.words[int(p)]})"
            plot_it_row(row, s.words, s.referent, ax=axes[layer, col], title=title)
    fig.suptitle(suptitle)
    fig.tight_layout()
    return fig


ROLES = ("jis noun ki baat hai", "doosra noun", "adjective", "baaki words")


def it_attention_by_role(maps: torch.Tensor, sentences, it_position: int) -> dict:
    """Mean attention of "it" (heads averaged) on each role, per layer and adjective kind.

    Returns {(layer, "animal" | "object"): {role: weight}} with the ROLES above; the four
    weights of one entry add up to 1.
    """
    require_tensor("maps", maps, ndim=5)
    if maps.shape[0] != len(sentences):
        raise fail("maps aur sentences", "barabar gintee", f"{maps.shape[0]} aur {len(sentences)}")
    rows = maps[:, :, :, it_position, :].mean(dim=2)           # (N, layers, L)
    ref_pos, other_pos = (p.to(maps.device) for p in _noun_positions(sentences))
    adj_pos = torch.tensor([len(s.words) - 1 for s in sentences], device=maps.device)
    idx = torch.arange(len(sentences), device=maps.device)
    ref, other, adj = rows[idx, :, ref_pos], rows[idx, :, other_pos], rows[idx, :, adj_pos]
    kinds = np.array(["animal" if s.adjective in ANIMAL_ADJECTIVES else "object" for s in sentences])
    out = {}
    for layer in range(maps.shape[1]):
        for kind in ("animal", "object"):
            keep = torch.from_numpy(kinds == kind).to(maps.device)
            values = [float(t[keep, layer].mean()) for t in (ref, other, adj)]
            out[(layer, kind)] = dict(zip(ROLES, [*values, 1.0 - sum(values)], strict=True))
    return out


def format_it_roles(table: dict) -> str:
    """The table of ``it_attention_by_role`` as aligned text."""
    lines = [f"{'layer':>5} | {'adjective kiska?':<17} | " + " | ".join(f"{r:>20}" for r in ROLES)]
    for (layer, kind), values in table.items():
        label = "animal (tired...)" if kind == "animal" else "object (soft...)"
        lines.append(f"{layer:>5} | {label:<17} | " + " | ".join(f"{v:>20.2f}" for v in values.values()))
    return "\n".join(lines)


def draw_it_explorer(model: nn.Module, maps_fn, sentence, vocab, layer: int):
    """Explorer picture: the model's answer for one sentence and where "it" looks, per head."""
    tokens, _ = encode_it([sentence], vocab)
    tokens = tokens.to(_device_of(model))
    probs = torch.softmax(_logits(model, tokens)[0, IT_POSITION], dim=-1)
    guess = vocab.words[int(probs.argmax())]
    rows = maps_fn(model, tokens)[0, layer, :, IT_POSITION]  # (heads, L)
    verdict = "✅ sahi" if guess == sentence.referent else f"❌ galat (sahi: {sentence.referent})"
    print(f'Sentence: "{sentence.text}"')
    print(f"Model ka jawab: it → {guess} ({float(probs.max()):.0%} confidence)  {verdict}")
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 3.4), gridspec_kw={"width_ratios": [1, 1.25]})
    plot_it_row(rows.mean(dim=0), sentence.words, sentence.referent, ax=left,
                title=f"layer {layer}: heads ka average")
    heatmap(rows, x_labels=sentence.words, y_labels=[f"head {h}" for h in range(rows.shape[0])],
            ax=right, vmax=1.0, title=f'layer {layer}: har head me "it" ki row',
            xlabel="word (key)", ylabel="head")
    fig.tight_layout()
    plt.show()


def _device_of(model: nn.Module) -> torch.device:
    return next(model.parameters()).device


def _logits(model: nn.Module, tokens: torch.Tensor) -> torch.Tensor:
    model.eval()
    with torch.no_grad():
        return model(tokens)
