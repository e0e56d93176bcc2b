"""Notebook 06_train_tiny_transformer: reversal (with and without positions) and where "it" looks.

The "it" task's machinery (training, attention by role, blocking, baselines, pictures) lives
in ``tiny_it`` to keep modules short; its names are re-exported here, so notebooks call
``tc.tiny.<name>`` for both. Here: the seed sweep (record ``tiny_it_seeds``) and the verdict
on the seed's claim printed from it."""

from __future__ import annotations

import copy

import matplotlib.pyplot as plt
import numpy as np
import torch

from ..data.tasks import encode_it, held_out_pairs, it_novelty, it_split, it_vocab
from ..errors import fail, require_tensor
from ..model.probes import attention_maps
from .claims import mean_range
from .plotting import COLORS, heatmap
from .tiny_it import (  # noqa: F401 (re-exported: tc.tiny.<name>)
    BATCH,
    BLOCKS,
    GROUPS,
    KIND_LABELS,
    KINDS,
    LR,
    RESOLVER,
    ROLES,
    STEPS,
    draw_it_explorer,
    format_it_roles,
    it_ablation,
    it_accuracy_by_group,
    it_attention_by_role,
    it_attention_summary,
    it_baselines,
    logits_with_block,
    make_it_resolver,
    plot_it_pair,
    plot_it_row,
    plot_it_summary,
    train_it_resolver,
)

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


# ---------------------------------------------------------------- the seed's claim, judged by the numbers


def verdict(hits: int, total: int) -> str:
    """"sach" when every seed supports a sentence, "galat" when none does, else "aadha sach"."""
    if total <= 0 or not 0 <= hits <= total:
        raise fail("`hits`, `total`", "0 ≤ hits ≤ total, total > 0", f"{hits}, {total}")
    return "sach" if hits == total else "galat" if hits == 0 else "aadha sach"


STORY_TESTS = {
    "a": "trained, layer 1: average par referent noun baaki dono se ≥ {margin}× dekha",
    "b": "trained, layer 1: referent rokne par accuracy ≥ {big_drop:.0%} girti hai",
    "c": 'trained, layer 1: seed ke apne sentence par "cat" > "tired" (heads ka average)',
    "d": "trained, layer 0: average par referent noun baaki dono se ≥ {margin}× dekha",
    "e": "untrained, layer 1: average par referent noun baaki dono se ≥ {margin}× dekha",
}


def it_story_tests(record: dict, big_drop: float = 0.3, margin: float = 1.5) -> dict[str, int]:
    """For each test of STORY_TESTS, in how many seeds of a ``tiny_it_seeds`` record it holds.

    All on the animal sentences ("tired" …), the seed's own example: "looks" means the
    referent gets at least ``margin`` times the attention of the other noun and of the
    adjective (heads averaged); "blocking costs" means accuracy falls by ≥ ``big_drop``.
    """
    seeds = list(record["results"]["per_seed"].values())

    def looks(roles: dict) -> bool:
        return roles["referent noun"] >= margin * max(roles["doosra noun"], roles["adjective"])

    counts = {
        "a": sum(looks(r["roles"]["1/animal"]) for r in seeds),
        "b": sum(r["ablation"]["none"]["animal"] - r["ablation"]["referent"]["animal"] >= big_drop
                 for r in seeds),
        "c": sum(np.mean(r["showcase_layer1"]["animal"]["referent"])
                 > np.mean(r["showcase_layer1"]["animal"]["adjective"]) for r in seeds),
        "d": sum(looks(r["roles"]["0/animal"]) for r in seeds),
        "e": sum(looks(r["untrained_roles"]["1/animal"]) for r in seeds),
    }
    return {key: int(hits) for key, hits in counts.items()}


def it_story(record: dict, big_drop: float = 0.3, margin: float = 1.5) -> str:
    """The seed's "it → cat" claim judged from a ``tiny_it_seeds`` record: the numbers, each
    test of STORY_TESTS with its seed count and verdict, and the verdict over all of them."""
    seeds = list(record["results"]["per_seed"].values())
    n = len(seeds)
    tests = it_story_tests(record, big_drop, margin)
    lines = ['animal adjective ("tired" → cat), layer 1 me "it" ka attention: referent noun '
             f'{mean_range(over_seeds(record, "roles", "1/animal", "referent noun"))}, adjective '
             f'{mean_range(over_seeds(record, "roles", "1/animal", "adjective"))}, doosra noun '
             f'{mean_range(over_seeds(record, "roles", "1/animal", "doosra noun"))}']
    for kind in KINDS:
        parts = ", ".join(
            f"{BLOCKS[b]} −{mean_range([r['ablation']['none'][kind] - r['ablation'][b][kind] for r in seeds])}"
            for b in ("referent", "adjective", "referent+adjective", "control"))
        lines.append(f"layer 1 me roka, accuracy ka girna ({kind} adjective): {parts}")
    for key, hits in tests.items():
        label = STORY_TESTS[key].format(margin=margin, big_drop=big_drop)
        lines.append(f"  ({key}) {label}: {hits}/{n} seeds → {verdict(hits, n)}")
    lines.append('Seed ki baat "it se attention \'cat\' par jaayega", sab milakar: '
                 f"{verdict(sum(tests.values()), len(tests) * n)}")
    return "\n".join(lines)


# ---------------------------------------------------------------- the record over seeds


def measure_it_seed(seed: int, steps: int = STEPS, with_one_layer: bool = True) -> dict:
    """Everything the notebook reports for one seed (the sweep calls this once per seed)."""
    train, held_out = it_split()
    vocab = it_vocab()
    tokens, targets = encode_it(train, vocab)
    model = make_it_resolver(len(vocab), seed)
    untrained = copy.deepcopy(model)
    train_it_resolver(model, tokens, targets, seed=seed, steps=steps, progress=False)
    maps = attention_maps(model, encode_it(held_out, vocab)[0])
    showcase = [s for s in held_out if s.template == 0 and (s.animal, s.object) == ("cat", "mat")
                and s.adjective in ("tired", "soft")]
    shown = it_attention_summary(attention_maps(model, encode_it(showcase, vocab)[0]), showcase)
    out = {"accuracy": it_accuracy_by_group(model, train + held_out, vocab),
           "ablation": it_ablation(model, held_out, vocab),
           "ablation_layer0": it_ablation(model, held_out, vocab, layer=0),
           "roles": {f"{layer}/{kind}": v for (layer, kind), v in it_attention_by_role(maps, held_out).items()},
           "showcase_layer1": {kind: {role: [round(float(w), 4) for w in shown[kind][role][-1]]
                                      for role in shown[kind]} for kind in shown},
           "untrained_roles": {f"{layer}/{kind}": v for (layer, kind), v in it_attention_by_role(
               attention_maps(untrained, encode_it(held_out, vocab)[0]), held_out).items()}}
    if with_one_layer:
        one = make_it_resolver(len(vocab), seed, num_layers=1)
        train_it_resolver(one, tokens, targets, seed=seed, steps=steps, progress=False)
        out["one_layer_accuracy"] = it_accuracy_by_group(one, held_out, vocab)
    return out


def sweep_it(quick: bool = False) -> dict:
    """The "it" experiment over seeds: accuracies, ablation, attention roles, 1-layer model."""
    seeds = [0] if quick else [0, 1, 2, 3, 4]
    config = {"steps": 10 if quick else STEPS, "lr": LR, "batch": BATCH, **RESOLVER,
              "nhead_layers": "4 heads, 2 layers (1 layer for one_layer_accuracy)",
              "ablation_layer": "last (layer 1)", "split": "it_split(seed=0)"}
    per_seed = {str(seed): measure_it_seed(seed, steps=config["steps"], with_one_layer=not quick)
                for seed in seeds}
    train, held_out = it_split()
    pairs = held_out_pairs()
    baselines = it_baselines(train, {g: [s for s in held_out if it_novelty(s, pairs) == g]
                                     for g in GROUPS[1:]}, it_vocab())
    return {"results": {"per_seed": per_seed, "baselines": baselines}, "seeds": seeds, "config": config}


def over_seeds(record: dict, *path) -> list[float]:
    """One number from every seed of a ``tiny_it_seeds`` record: ``over_seeds(rec, "ablation",
    "referent", "animal")``."""
    values = []
    for result in record["results"]["per_seed"].values():
        for key in path:
            result = result[key]
        values.append(float(result))
    return values


def plot_it_ablation(record: dict, live: dict | None = None, group_label: str = "held-out"):
    """Bars: held-out accuracy with each block (mean over the record's seeds, line = range),
    one panel per adjective kind; ``live`` (an ``it_ablation`` result) adds this run's dots."""
    fig, axes = plt.subplots(1, 2, figsize=(11, 3.4), sharey=True)
    names = list(BLOCKS)
    x = np.arange(len(names))
    for ax, kind in zip(axes, KINDS, strict=True):
        values = np.array([over_seeds(record, "ablation", b, kind) for b in names])  # (blocks, seeds)
        mean = values.mean(1)
        ax.bar(x, mean, color=COLORS["transformer"], alpha=0.8,
               label=f"{values.shape[1]} seeds ka average (record)")
        ax.vlines(x, values.min(1), values.max(1), color="black", lw=2, label="seeds ki range")
        if live is not None:
            ax.plot(x, [live[b][kind] for b in names], "o", color=COLORS["rnn"], label="is run ka seed")
        ax.set_xticks(x, [BLOCKS[b] for b in names], rotation=25, ha="right", fontsize=8)
        ax.set_ylim(0, 1.05)
        ax.set_title(f"{KIND_LABELS[kind]}: layer 1 me rok kar", fontsize=10)
    axes[0].set_ylabel(f"{group_label} accuracy")
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=3, fontsize=8, frameon=False)
    fig.tight_layout(rect=(0, 0.07, 1, 1))
    return fig
