"""Notebook 02_attention: the toy sentence, text tables, the √d_k experiment and the pictures.

The toy word vectors for "The cat sat on the mat because it was warm" are made by hand for
intuition; a real model learns its vectors (notebook 06)."""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import torch

from ..errors import describe, fail
from .plotting import COLORS, heatmap, to_numpy

# ---------------------------------------------------------------- toy word vectors (hand-made)
# Made by hand so the story can be read off the numbers; a trained model learns its own
# vectors and projections, and they are rarely this tidy (notebook 06).

TOY_SENTENCE = ("The", "cat", "sat", "on", "the", "mat", "because", "it", "was", "warm")
TOY_FEATURES = ("noun", "jaandar", "pronoun", "verb", "function", "adjective")
TOY_KEY_DIMS = ("noun?", "jaandar?", "verb?")  # what a key announces, what a query asks for
PAD = "[PAD]"

_TOY_VOCAB = {  # word → its features (1 = yes)
    "the": "function", "cat": "noun jaandar", "sat": "verb", "on": "function",
    "mat": "noun", "because": "function", "it": "pronoun", "was": "verb", "warm": "adjective",
}
# W_K: a word announces "noun hoon", "jaandar hoon", "verb hoon".
_TOY_KEY = {"noun": (1, 0, 0), "jaandar": (0, 1, 0), "verb": (0, 0, 1)}
# W_Q: what each feature searches for, in the same three key dimensions.
_TOY_QUERY = {
    "noun": (0, 0, 2),       # noun apna verb dhoondhta hai
    "pronoun": (3, 3, 0),    # pronoun ek jaandar noun dhoondhta hai
    "verb": (2, 2, 0),       # verb apna subject (jaandar noun) dhoondhta hai
    "adjective": (2, 0, 0),  # adjective kisi noun ko describe karta hai
}


def toy_word_vectors(words=TOY_SENTENCE) -> torch.Tensor:
    """Hand-made feature vectors, shape (len(words), 6), columns TOY_FEATURES; "[PAD]" → zeros."""
    if isinstance(words, str) or not all(isinstance(w, str) for w in words):
        raise fail("`words`", "words ki list, jaise ['The', 'cat']", describe(words))
    rows = []
    for word in words:
        if word == PAD:
            rows.append([0.0] * len(TOY_FEATURES))
            continue
        if word.lower() not in _TOY_VOCAB:
            raise fail(f"word {word!r}", f"toy vocabulary ka word ({', '.join(sorted(_TOY_VOCAB))}"
                       f" ya {PAD})", repr(word))
        present = _TOY_VOCAB[word.lower()].split()
        rows.append([1.0 if f in present else 0.0 for f in TOY_FEATURES])
    return torch.tensor(rows, dtype=torch.float32).reshape(len(rows), len(TOY_FEATURES))


def toy_projections() -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Hand-made W_Q (6, 3), W_K (6, 3) and W_V (6, 6) = identity, so values stay readable."""
    w_q = torch.zeros(len(TOY_FEATURES), len(TOY_KEY_DIMS))
    w_k = torch.zeros(len(TOY_FEATURES), len(TOY_KEY_DIMS))
    for i, feature in enumerate(TOY_FEATURES):
        w_q[i] = torch.tensor(_TOY_QUERY.get(feature, (0, 0, 0)), dtype=torch.float32)
        w_k[i] = torch.tensor(_TOY_KEY.get(feature, (0, 0, 0)), dtype=torch.float32)
    return w_q, w_k, torch.eye(len(TOY_FEATURES))


def toy_qkv(words=TOY_SENTENCE) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """q = x·W_Q, k = x·W_K, v = x·W_V for the toy words: shapes (L, 3), (L, 3), (L, 6)."""
    x = toy_word_vectors(words)
    w_q, w_k, w_v = toy_projections()
    return x @ w_q, x @ w_k, x @ w_v


def format_table(matrix, row_labels, col_labels, digits: int = 2, corner: str = "") -> str:
    """A small aligned text table of a 1-D or 2-D tensor (a 1-D one is a single row)."""
    m = torch.as_tensor(matrix).detach().cpu().double()
    if m.dim() == 1:
        m = m[None]
    if m.dim() != 2 or m.shape != (len(row_labels), len(col_labels)):
        raise fail("format_table(matrix)", f"shape ({len(row_labels)}, {len(col_labels)})",
                   f"shape {tuple(m.shape)}")
    first = max([len(corner)] + [len(str(r)) for r in row_labels])
    widths = [max(len(str(c)), digits + 4) for c in col_labels]
    lines = [corner.ljust(first) + " | " + " ".join(str(c).rjust(w) for c, w in zip(col_labels, widths, strict=True))]
    lines.append("-" * len(lines[0]))
    for label, row in zip(row_labels, m.tolist(), strict=True):
        cells = " ".join(f"{x:.{digits}f}".replace("-0." + "0" * digits, "0." + "0" * digits).rjust(w)
                         for x, w in zip(row, widths, strict=True))
        lines.append(str(label).ljust(first) + " | " + cells)
    return "\n".join(lines)


# ---------------------------------------------------------------- why divide by √d_k

def softmax_saturation(d_ks=(1, 2, 4, 8, 16, 32, 64, 128, 256, 512), n_keys: int = 10,
                       trials: int = 500, seed: int = 0) -> dict:
    """How peaked softmax(q·k) gets as d_k grows, for random q, k ~ N(0, 1), with and without 1/√d_k.

    Returns lists by d_k: the variance of q·k, and for "unscaled" / "scaled" scores the mean
    largest weight, the mean entropy (nats; uniform = ln n_keys) and the mean 1 − Σp² (the
    trace of softmax's Jacobian: near 0 means almost no gradient flows).
    """
    generator = torch.Generator().manual_seed(seed)
    stats = {"d_k": list(d_ks), "n_keys": n_keys, "dot_var": []}
    for kind in ("unscaled", "scaled"):
        stats[kind] = {"max_weight": [], "entropy": [], "gradient": []}
    for d_k in d_ks:
        q = torch.randn(trials, 1, d_k, generator=generator, dtype=torch.float64)
        k = torch.randn(trials, n_keys, d_k, generator=generator, dtype=torch.float64)
        dots = (q @ k.transpose(-2, -1)).squeeze(1)  # (trials, n_keys)
        stats["dot_var"].append(dots.var().item())
        for kind, scores in (("unscaled", dots), ("scaled", dots / math.sqrt(d_k))):
            p = torch.softmax(scores, dim=-1)
            entropy = -(p * torch.log(p.clamp_min(1e-300))).sum(-1)
            stats[kind]["max_weight"].append(p.max(-1).values.mean().item())
            stats[kind]["entropy"].append(entropy.mean().item())
            stats[kind]["gradient"].append((1 - (p ** 2).sum(-1)).mean().item())
    return stats


def mean_max_weight(attention_fn, d_k: int, n_keys: int = 10, trials: int = 1000,
                    seed: int = 0) -> float:
    """Mean largest weight of ``attention_fn(q, k, v) -> (output, weights)`` over random draws.

    One query and ``n_keys`` keys per draw, every component N(0, 1), float64, seeded: the same
    draws for every function, so two versions are compared on equal terms.
    """
    generator = torch.Generator().manual_seed(seed)
    q = torch.randn(trials, 1, d_k, generator=generator, dtype=torch.float64)
    k = torch.randn(trials, n_keys, d_k, generator=generator, dtype=torch.float64)
    v = torch.randn(trials, n_keys, 2, generator=generator, dtype=torch.float64)
    _, weights = attention_fn(q, k, v)
    return weights.amax(dim=-1).mean().item()


def peak_kind(max_weight: float, n_keys: int = 10) -> str:
    """Name a mean largest weight: "flat" (≈ 1/n_keys), "one-hot" (> 0.9) or "beech me"."""
    if max_weight < 1.5 / n_keys:
        return "flat"
    return "one-hot" if max_weight > 0.9 else "beech me"


def draw_saturation(stats: dict):
    """Three panels vs d_k: largest weight, entropy, 1 − Σp²; unscaled vs scaled. Returns the figure."""
    n = stats["n_keys"]
    panels = [("max_weight", "sabse bada weight (mean)", 1 / n, f"uniform = 1/{n}"),
              ("entropy", "entropy (nats)", math.log(n), f"uniform = ln {n}"),
              ("gradient", "1 − Σp²  (gradient ka size)", 1 - 1 / n, f"uniform = 1 − 1/{n}")]
    fig, axes = plt.subplots(1, 3, figsize=(13, 3.8))
    for ax, (key, label, uniform, uniform_label) in zip(axes, panels, strict=True):
        ax.plot(stats["d_k"], stats["unscaled"][key], "o-", color=COLORS["rnn"],
                label="bina scaling: q·k")
        ax.plot(stats["d_k"], stats["scaled"][key], "s-", color=COLORS["transformer"],
                label="scaled: q·k / √d_k")
        ax.axhline(uniform, color=COLORS["muted"], ls="--", lw=1)
        ax.text(stats["d_k"][-1], uniform, uniform_label, color=COLORS["muted"], fontsize=8,
                ha="right", va="bottom")
        ax.set_xscale("log", base=2)
        ticks = [d for d in stats["d_k"] if math.log2(d) % 2 == 0]
        ax.set_xticks(ticks, [str(d) for d in ticks])
        ax.set_xlabel("d_k (log scale)")
        ax.set_ylabel(label)
        ax.set_ylim(0, 1.08 * max(uniform, *stats["unscaled"][key], *stats["scaled"][key]))
    axes[1].legend(fontsize=9, loc="lower left")
    fig.suptitle(f"Random q, k ({n} keys): d_k badhne par bina scaling softmax 'one-hot' ban jaata hai")
    fig.tight_layout()
    return fig


# ---------------------------------------------------------------- pictures

def draw_weight_bars(weights_row, words, query_word: str, ax=None, title: str | None = None):
    """Bar chart of one query's attention weights over the key words; the largest bar is green."""
    w = to_numpy(weights_row)
    if w.ndim != 1 or len(w) != len(words):
        raise fail("draw_weight_bars(weights_row)", f"1-D, {len(words)} weights (har word ka ek)",
                   f"shape {w.shape}")
    if ax is None:
        _, ax = plt.subplots(figsize=(max(4.0, 0.6 * len(words) + 1), 3.2))
    top = w.max() if len(w) else 0.0
    flat = len(w) == 0 or top - w.min() < 1e-6  # all equal: no winner to colour
    colors = [COLORS["accent"] if not flat and x > top - 1e-6 else COLORS["transformer"] for x in w]
    ax.bar(range(len(w)), w, color=colors)
    for i, x in enumerate(w):
        ax.text(i, x + 0.01, f"{x:.2f}", ha="center", va="bottom", fontsize=8)
    ax.set_xticks(range(len(words)), list(words), rotation=45, ha="right")
    ax.set_ylim(0, max(1.0, float(w.max()) + 0.08))
    ax.set_ylabel("attention weight")
    ax.set_xlabel("key (kis word ko dekha)")
    ax.set_title(title or f'"{query_word}" kis word ko kitna dekhta hai (sum = {w.sum():.2f})')
    return ax


def draw_attention(weights, words, query_index: int, title: str | None = None, key_words=None):
    """Heatmap of all weights (the chosen query's row outlined) beside that row's bar chart."""
    from matplotlib.patches import Rectangle


    key_words = list(words if key_words is None else key_words)
    fig, (left, right) = plt.subplots(1, 2, figsize=(13, 4.8), width_ratios=[1.25, 1])
    heatmap(weights, key_words, list(words), ax=left, vmax=1.0,
            title=title or "Attention weights (har row ka sum = 1)")
    left.add_patch(Rectangle((-0.5, query_index - 0.5), len(key_words), 1, fill=False,
                             edgecolor=COLORS["accent"], lw=2.5))
    draw_weight_bars(weights[query_index], key_words, words[query_index], ax=right)
    fig.tight_layout()
    return fig
