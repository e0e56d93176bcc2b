"""Notebook 06_train_tiny_transformer, task 2: which noun is "it"? Train, look, block, compare.

``tiny`` re-exports everything here (notebooks call ``tc.tiny.<name>``). The story the seed
tells ("attention 'cat' par focus karega") is tested three ways: where the attention of "it"
goes (split by adjective kind), what happens to the accuracy when layer 1 may not look at a
word (ablation), and which simple baselines already explain the accuracy. ``tiny.sweep_it`` runs
it all for several seeds (record ``tiny_it_seeds``); the notebook re-runs one seed live."""

from __future__ import annotations

from collections import Counter

import matplotlib.pyplot as plt
import numpy as np
import torch
from torch import nn

from ..data.tasks import (
    ANIMALS,
    GROUPS,
    OBJECTS,
    encode_it,
    held_out_pairs,
    it_novelty,
    sample_batch,
)
from ..errors import fail, require_tensor
from ..model.probes import attention_maps
from ..model.tiny_models import TinyTransformer
from ..model.training import fit, predict, token_accuracy
from ..runtime import seed_everything
from .plotting import COLORS, heatmap, to_numpy

KINDS = ("animal", "object")
KIND_LABELS = {"animal": 'animal wale adjective ("tired" …)', "object": 'object wale adjective ("soft" …)'}
# what the query of "it" may not look at, in the ablation (key → label); "control" and "rest"
# are controls: one word ("was"), and every word except the referent and "it" itself (as much
# attention taken away as blocking the referent takes, or more, but the referent kept)
BLOCKS = {"none": "kuch nahi roka", "referent": "referent noun", "other": "doosra noun",
          "adjective": "adjective", "referent+adjective": "referent noun + adjective",
          "control": '"was" (control)', "rest": "referent ke siwa sab (control)"}
# what a wrong answer is (``answer_kind``): the other noun of the sentence, a noun that is not
# in the sentence (of the referent's kind or the other kind), or not a noun at all
ANSWERS = ("sahi", "doosra noun", "bahar ka noun, wahi kism", "bahar ka noun, doosri kism", "koi aur word")
RESOLVER = {"d_model": 64, "nhead": 4, "dim_feedforward": 128, "max_len": 10}
STEPS, LR, BATCH = 300, 3e-3, 128

# ---------------------------------------------------------------- training (notebook and sweep share it)


def make_it_resolver(vocab_size: int, seed: int = 0, num_layers: int = 2) -> TinyTransformer:
    """The "it" model of notebook 06, freshly initialised with ``seed``."""
    seed_everything(seed)
    return TinyTransformer(vocab_size, num_layers=num_layers, **RESOLVER)


def train_it_resolver(model: nn.Module, tokens: torch.Tensor, targets: torch.Tensor, *,
                      seed: int = 0, steps: int = STEPS, evaluate=None, eval_every: int = 25,
                      progress: bool = True, desc: str = '"it" resolution'):
    """``tc.fit`` on random batches of the training sentences (batch order from ``seed``)."""
    device = next(model.parameters()).device
    generator = torch.Generator().manual_seed(seed)

    def make_batch(step):
        x, y = sample_batch(tokens, targets, BATCH, generator=generator)
        return x.to(device), y.to(device)

    return fit(model, make_batch, steps=steps, lr=LR, evaluate=evaluate, eval_every=eval_every,
               desc=desc, progress=progress)


# ---------------------------------------------------------------- where "it" looks


def _positions(sentences, device) -> dict[str, torch.Tensor]:
    """Per sentence: where "it", the referent, the other noun, the adjective and "was" stand."""
    table = {"it": [s.it_position for s in sentences],
             "referent": [s.position(s.referent) for s in sentences],
             "other": [s.position(s.other) for s in sentences],
             "adjective": [s.position(s.adjective) for s in sentences],
             "control": [s.it_position + 1 for s in sentences]}  # "was" follows "it" everywhere
    return {k: torch.tensor(v, device=device) for k, v in table.items()}


def _block_mask(sentences, block: str, length: int, device) -> torch.Tensor:
    """(N, L, L) bool, True where the query of "it" may not look (one ``block`` of BLOCKS)."""
    if block not in BLOCKS:
        raise fail("`block`", f"in mein se ek: {list(BLOCKS)}", repr(block))
    pos = _positions(sentences, device)
    rows = torch.arange(len(sentences), device=device)
    mask = torch.zeros(len(sentences), length, length, dtype=torch.bool, device=device)
    if block == "rest":
        mask[rows, pos["it"]] = True
        for role in ("it", "referent"):
            mask[rows, pos["it"], pos[role]] = False
    elif block != "none":
        for part in block.split("+"):
            mask[rows, pos["it"], pos[part]] = True
    return mask


def answer_kind(sentence, word: str) -> str:
    """Which of ANSWERS a predicted ``word`` is, for the question "it = ?" in ``sentence``."""
    if word == sentence.referent:
        return ANSWERS[0]
    if word == sentence.other:
        return ANSWERS[1]
    if word in ANIMALS + OBJECTS:
        same = (word in ANIMALS) == (sentence.referent in ANIMALS)
        return ANSWERS[2] if same else ANSWERS[3]
    return ANSWERS[4]


def _kinds(sentences, device) -> dict[str, torch.Tensor]:
    return {kind: torch.tensor([s.kind == kind for s in sentences], device=device) for kind in KINDS}


def it_attention_summary(maps: torch.Tensor, sentences) -> dict[str, dict[str, np.ndarray]]:
    """Mean attention of "it" on the referent, the other noun and the adjective.

    maps: (N, layers, heads, L, L) for N sentences. Returns {kind: {role: (layers, heads)}},
    kind = "animal" (tired …) or "object" (soft …), role = "referent", "other", "adjective".
    """
    require_tensor("maps", maps, ndim=5)
    if maps.shape[0] != len(sentences):
        raise fail("maps aur sentences", "barabar gintee", f"{maps.shape[0]} aur {len(sentences)}")
    pos = _positions(sentences, maps.device)
    idx = torch.arange(len(sentences), device=maps.device)
    rows = maps[idx, :, :, pos["it"], :]                       # (N, layers, heads, L)
    out = {}
    for kind, keep in _kinds(sentences, maps.device).items():
        out[kind] = {role: to_numpy(rows[idx, :, :, pos[role]][keep].mean(0))
                     for role in ("referent", "other", "adjective")}
    return out


ROLES = ("referent noun", "doosra noun", "adjective", "baaki words")


def it_attention_by_role(maps: torch.Tensor, sentences) -> dict:
    """Heads-averaged attention of "it" on each role: {(layer, kind): {role: weight}}; the four
    weights of one entry add up to 1 (ROLES)."""
    summary = it_attention_summary(maps, sentences)
    out = {}
    for layer in range(maps.shape[1]):
        for kind in KINDS:
            values = [float(summary[kind][r][layer].mean()) for r in ("referent", "other", "adjective")]
            out[(layer, kind)] = dict(zip(ROLES, [*values, 1.0 - sum(values)], strict=True))
    return out


def format_it_roles(table: dict) -> str:
    """The table of ``it_attention_by_role`` as aligned text."""
    lines = [f"{'layer':>5} | {'adjective kiska?':<17} | " + " | ".join(f"{r:>13}" for r in ROLES)]
    for (layer, kind), values in table.items():
        label = "animal (tired…)" if kind == "animal" else "object (soft…)"
        lines.append(f"{layer:>5} | {label:<17} | " + " | ".join(f"{v:>13.2f}" for v in values.values()))
    return "\n".join(lines)


def plot_it_summary(summaries: dict[str, dict], layer: int):
    """Rows = models, columns = adjective kind: attention of "it" per head (and the average)
    on the referent noun, the other noun and the adjective."""
    fig, axes = plt.subplots(len(summaries), 2, figsize=(11, 2.9 * len(summaries)), sharey=True,
                             squeeze=False)
    roles = (("referent", "referent noun (jise 'it' kehta hai)", COLORS["accent"]),
             ("other", "doosra noun", COLORS["muted"]), ("adjective", "adjective", COLORS["lstm"]))
    for row, (name, summary) in zip(axes, summaries.items(), strict=True):
        for ax, kind in zip(row, KINDS, strict=True):
            heads = summary[kind]["referent"].shape[1]
            x = np.arange(heads + 1)
            for i, (role, label, color) in enumerate(roles):
                values = summary[kind][role][layer]
                ax.bar(x + (i - 1) * 0.27, np.append(values, values.mean()), 0.27, color=color, label=label)
            ax.set_xticks(x, [f"head {h}" for h in range(heads)] + ["average"])
            ax.set_ylim(0, 1)
            ax.set_title(f"{name}, layer {layer}: {KIND_LABELS[kind]}", fontsize=10)
        row[0].set_ylabel('"it" ka attention')
    axes[0, 0].legend(loc="upper left", fontsize=8)
    fig.tight_layout()
    return fig


def plot_it_row(weights, sentence, ax=None, title=None):
    """Bars: how much "it" looks at every word of one sentence (referent green, the other
    noun grey, adjective orange, "it" red; the colours of every "it" picture)."""
    w = to_numpy(weights)[: len(sentence.words)]
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 3))
    special = {sentence.referent: COLORS["accent"], sentence.other: COLORS["muted"], "it": COLORS["rnn"],
               sentence.adjective: COLORS["lstm"]}
    ax.bar(np.arange(len(w)), w, color=[special.get(word, COLORS["transformer"]) for word in sentence.words])
    ax.set_xticks(np.arange(len(w)), list(sentence.words), rotation=45, ha="right")
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
    preds = predict(model, tokens)
    layers = maps.shape[1]
    fig, axes = plt.subplots(layers, len(sentences), figsize=(5.6 * len(sentences), 2.9 * layers),
                             sharey=True, squeeze=False)
    for col, (s, m, p) in enumerate(zip(sentences, maps, preds, strict=True)):
        for layer in range(layers):
            title = f'layer {layer}: "...it was {s.adjective}"'
            if layer == 0:
                title += f"  (model: it → {vocab.words[int(p[s.it_position])]})"
            plot_it_row(m[layer, :, s.it_position].mean(dim=0), s, ax=axes[layer, col], title=title)
    fig.suptitle(suptitle)
    fig.tight_layout()
    return fig


def draw_it_explorer(model: nn.Module, maps_fn, sentence, vocab, layer: int):
    """Explorer picture: the model's answer for one sentence and where "it" looks, per head."""
    tokens, _ = encode_it([sentence], vocab)
    tokens = tokens.to(_device_of(model))
    probs = torch.softmax(_logits(model, tokens)[0, sentence.it_position], dim=-1)
    guess = vocab.words[int(probs.argmax())]
    rows = maps_fn(model, tokens)[0, layer, :, sentence.it_position]  # (heads, L)
    verdict = "✅ sahi" if guess == sentence.referent else f"❌ galat (sahi: {sentence.referent})"
    print(f'Sentence: "{sentence.text}"')
    print(f"Model ka jawab: it → {guess} ({float(probs.max()):.0%} confidence)  {verdict}")
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 3.4), gridspec_kw={"width_ratios": [1, 1.25]})
    plot_it_row(rows.mean(dim=0), sentence, ax=left, title=f"layer {layer}: heads ka average")
    heatmap(rows, x_labels=sentence.words, y_labels=[f"head {h}" for h in range(rows.shape[0])],
            ax=right, vmax=1.0, title=f'layer {layer}: har head me "it" ki row',
            xlabel="word (key)", ylabel="head")
    fig.tight_layout()
    plt.show()


# ---------------------------------------------------------------- blocking: what does the model use?


def logits_with_block(model: TinyTransformer, tokens: torch.Tensor, sentences, block: str,
                      layer: int | tuple[int, ...] = -1) -> torch.Tensor:
    """Logits when, in ``layer`` only (or each layer of a tuple), the query of "it" may not
    look at the ``block`` word(s).

    ``block`` is a key of BLOCKS ("referent+adjective" blocks both). Every other query, layer
    and weight stays as trained; softmax shares the remaining attention among the other words.
    """
    layers = model.encoder.layers
    chosen = {i % len(layers) for i in ((layer,) if isinstance(layer, int) else layer)}
    mask = _block_mask(sentences, block, tokens.shape[1], tokens.device)
    model.eval()
    with torch.no_grad():
        x = model.embed_tokens(tokens)
        for i, block_layer in enumerate(layers):
            heads_mask = mask.repeat_interleave(model.nhead, dim=0) if i in chosen else None
            x = block_layer(x, src_mask=heads_mask)
        return model.head(model.encoder.norm(x) if model.encoder.norm is not None else x)


def it_ablation(model: TinyTransformer, sentences, vocab, layer: int | tuple[int, ...] = -1,
                blocks=tuple(BLOCKS)) -> dict[str, dict]:
    """For every block: ``{"animal" | "object" | "all": accuracy, "wrong": {kind: {answer:
    count}}, "mass": {kind: attention}}``. "wrong" sorts the wrong answers (ANSWERS[1:]);
    "mass" is the attention "it" had on the blocked words before blocking (heads averaged,
    summed over the layers blocked)."""
    device = _device_of(model)
    tokens, targets = encode_it(sentences, vocab)
    tokens, targets = tokens.to(device), targets.to(device)
    kinds = _kinds(sentences, device)
    rows, where = torch.arange(len(sentences), device=device), _positions(sentences, device)["it"]
    chosen = (layer,) if isinstance(layer, int) else tuple(layer)
    it_rows = attention_maps(model, tokens).mean(2)[:, list(chosen)].sum(1)[rows, where]  # (N, L)
    out = {}
    for block in blocks:
        logits = logits_with_block(model, tokens, sentences, block, layer)
        out[block] = {kind: token_accuracy(logits[keep], targets[keep]) for kind, keep in kinds.items()}
        out[block]["all"] = token_accuracy(logits, targets)
        words = vocab.decode(logits[rows, where].argmax(-1))
        blocked = _block_mask(sentences, block, tokens.shape[1], device)[rows, where]
        mass = (it_rows * blocked).sum(-1)
        out[block]["wrong"] = {kind: {a: 0 for a in ANSWERS[1:]} for kind in KINDS}
        out[block]["mass"] = {kind: float(mass[keep].mean()) for kind, keep in kinds.items()}
        for s, word in zip(sentences, words, strict=True):
            answer = answer_kind(s, word)
            if answer != ANSWERS[0]:
                out[block]["wrong"][s.kind][answer] += 1
    return out


def it_accuracy_by_group(model: nn.Module, sentences, vocab, seed: int = 0) -> dict[str, float]:
    """Accuracy on "train" and each held-out group of ``it_novelty`` (GROUPS) in ``sentences``."""
    pairs = held_out_pairs(seed)
    tokens, targets = encode_it(sentences, vocab)
    logits = _logits(model, tokens.to(_device_of(model))).cpu()
    groups = np.array([it_novelty(s, pairs) for s in sentences])
    return {g: token_accuracy(logits[torch.from_numpy(groups == g)], targets[torch.from_numpy(groups == g)])
            for g in ("train", *GROUPS) if (groups == g).any()}


# ---------------------------------------------------------------- baselines


def it_baselines(train, tests: dict[str, list], vocab, seed: int = 0) -> dict[str, dict[str, float]]:
    """{test set: {rule: accuracy}} for rules that need no attention, fitted on ``train`` only.

    * sabse aam noun: always the noun that was the answer most often in training;
    * sirf adjective: for each adjective, its most frequent answer in training (a lookup table);
    * pehla noun: whichever noun comes first in the sentence;
    * bag of words: a linear model on word counts (no order, no attention), trained with Adam;
    * kism wala noun: the task's own rule written by hand (no learning, no order): the noun
      whose kind (animal or object) the adjective had in training.
    """
    majority = Counter(s.referent for s in train).most_common(1)[0][0]
    by_adjective = {}
    for s in train:
        by_adjective.setdefault(s.adjective, Counter())[s.referent] += 1
    animal_adjectives = {s.adjective for s in train if s.referent == s.animal}
    rules = {"sabse aam noun": lambda s: majority,
             "sirf adjective": lambda s: by_adjective.get(s.adjective, Counter([majority])).most_common(1)[0][0],
             "pehla noun": lambda s: min((s.animal, s.object), key=s.position),
             "kism wala noun (haath ka rule)": lambda s: s.animal if s.adjective in animal_adjectives else s.object}
    bag = _bag_of_words(train, vocab, seed)
    out = {}
    for name, test in tests.items():
        out[name] = {rule: float(np.mean([guess(s) == s.referent for s in test])) for rule, guess in rules.items()}
        with torch.no_grad():
            out[name]["bag of words (linear)"] = float(
                (bag(_counts(test, vocab)).argmax(1) == _answers(test, vocab)).float().mean())
    return out


def _counts(sentences, vocab) -> torch.Tensor:
    tokens, _ = encode_it(sentences, vocab)
    return torch.zeros(len(sentences), len(vocab)).scatter_add_(1, tokens, torch.ones(tokens.shape))


def _answers(sentences, vocab) -> torch.Tensor:
    return torch.tensor([vocab.ids[s.referent] for s in sentences])


def _bag_of_words(train, vocab, seed: int) -> nn.Linear:
    """A linear model from word counts to the answer: the simplest learner that ignores order."""
    seed_everything(seed)
    linear = nn.Linear(len(vocab), len(vocab))
    optimizer = torch.optim.Adam(linear.parameters(), lr=0.05)
    x, y = _counts(train, vocab), _answers(train, vocab)
    for _ in range(150):
        loss = nn.functional.cross_entropy(linear(x), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    return linear


def _device_of(model: nn.Module) -> torch.device:
    return next(model.parameters()).device


def _logits(model: nn.Module, tokens: torch.Tensor) -> torch.Tensor:
    model.eval()
    with torch.no_grad():
        return model(tokens)

