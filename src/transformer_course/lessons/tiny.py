"""Notebook 06_train_tiny_transformer: reversal (with and without positions) and where "it" looks.

The "it" task's machinery (training, attention by role, blocking, baselines, pictures) lives
in ``tiny_it`` and the verdict on the seed's claim in ``tiny_it_verdict``, to keep modules
short; their names are re-exported here, so notebooks call ``tc.tiny.<name>``. Here: the seed
sweep (record ``tiny_it_seeds``: the "it" experiment and the reversal run, per seed)."""

from __future__ import annotations

import copy

import matplotlib.pyplot as plt
import numpy as np
import torch

from ..data.tasks import (
    GROUPS,
    encode_it,
    held_out_pairs,
    it_novelty,
    it_split,
    it_vocab,
    reversal_batch,
)
from ..errors import fail, require_tensor
from ..model.probes import attention_maps
from ..model.tiny_models import TinyTransformer
from ..model.training import exact_match_accuracy, fit
from ..runtime import seed_everything
from .plotting import COLORS, heatmap
from .tiny_it import (  # noqa: F401 (re-exported: tc.tiny.<name>)
    ANSWERS,
    BATCH,
    BLOCKS,
    KIND_LABELS,
    KINDS,
    LR,
    RESOLVER,
    ROLES,
    STEPS,
    answer_kind,
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
from .tiny_it_verdict import (  # noqa: F401 (re-exported: tc.tiny.<name>)
    STORY_TESTS,
    default_kind,
    format_wrong_answers,
    it_accuracy_report,
    it_layer0_report,
    it_story,
    it_story_tests,
    mass_control_line,
    name_not_kind,
    strongest_adjective_head,
    verdict,
    wrong_answer_shares,
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


# ---------------------------------------------------------------- reversal, one seed (the sweep repeats it)

REVERSER = {"vocab_size": 10, "d_model": 64, "nhead": 1, "num_layers": 1, "dim_feedforward": 128,
            "max_len": 8}


def reversal_sets() -> tuple[tuple[torch.Tensor, torch.Tensor], tuple[torch.Tensor, torch.Tensor]]:
    """``(validation, test)`` of notebook 06: 500 fresh training-split sequences decide when to
    stop; the 1000 held-out sequences (checksum class 0) are only measured after training."""
    validation = reversal_batch(500, generator=torch.Generator().manual_seed(321))
    test = reversal_batch(1000, generator=torch.Generator().manual_seed(123), split="held_out")
    return validation, test


def anti_diagonal_mass(maps: torch.Tensor) -> float:
    """Mean attention on the anti-diagonal (position i → L−1−i) of maps (B, layers, heads, L, L),
    layer 0, head 0."""
    length = maps.shape[-1]
    return float(maps[:, 0, 0][:, torch.arange(length), torch.arange(length).flip(0)].mean())


def measure_reversal_seed(seed: int, max_steps: int = 1500) -> dict:
    """Notebook 06's reversal run with ``seed``: steps until 100% on validation, held-out exact
    match and the anti-diagonal's attention."""
    (val_x, val_y), (test_x, test_y) = reversal_sets()
    seed_everything(seed)
    model = TinyTransformer(**REVERSER)
    generator = torch.Generator().manual_seed(seed)
    history = fit(model, lambda step: reversal_batch(128, generator=generator), steps=max_steps, lr=3e-3,
                  evaluate=lambda m: exact_match_accuracy(m(val_x), val_y), eval_every=5,
                  target_accuracy=1.0, progress=False)
    model.eval()
    with torch.no_grad():
        exact = exact_match_accuracy(model(test_x), test_y)
    return {"steps": history.steps[-1], "test_exact": exact,
            "anti_diagonal": anti_diagonal_mass(attention_maps(model, test_x))}


# ---------------------------------------------------------------- the "it" record over seeds


def measure_it_seed(seed: int, steps: int = STEPS, with_one_layer: bool = True, thin: int = 1) -> dict:
    """Everything the notebook reports for one seed (the sweep calls this once per seed);
    ``thin`` > 1 measures every thin-th sentence only (the quick run)."""
    train, held_out = it_split()
    vocab = it_vocab()
    tokens, targets = encode_it(train, vocab)
    showcase = [s for s in held_out if s.template == 0 and (s.animal, s.object) == ("cat", "mat")
                and s.adjective in ("tired", "soft")]
    train, held_out = train[::thin], held_out[::thin]
    model = make_it_resolver(len(vocab), seed)
    untrained = copy.deepcopy(model)
    train_it_resolver(model, tokens, targets, seed=seed, steps=steps, progress=False)
    held_tokens = encode_it(held_out, vocab)[0]
    shown = it_attention_summary(attention_maps(model, encode_it(showcase, vocab)[0]), showcase)

    def roles(m):
        return {f"{layer}/{kind}": v for (layer, kind), v in
                it_attention_by_role(attention_maps(m, held_tokens), held_out).items()}

    out = {"accuracy": it_accuracy_by_group(model, train + held_out, vocab),
           "ablation": it_ablation(model, held_out, vocab),
           "ablation_layer0": it_ablation(model, held_out, vocab, layer=0),
           "ablation_both": it_ablation(model, held_out, vocab, layer=(0, 1), blocks=("none", "adjective")),
           "roles": roles(model),
           "showcase_layer1": {kind: {role: [round(float(w), 4) for w in shown[kind][role][-1]]
                                      for role in shown[kind]} for kind in shown},
           "untrained_roles": roles(untrained)}
    if with_one_layer:
        one = make_it_resolver(len(vocab), seed, num_layers=1)
        train_it_resolver(one, tokens, targets, seed=seed, steps=steps, progress=False)
        out["one_layer_accuracy"] = it_accuracy_by_group(one, held_out, vocab)
    return out


def sweep_it(quick: bool = False) -> dict:
    """Notebook 06 over seeds: the "it" experiment (accuracies by held-out group, ablations in
    layer 1, layer 0 and both, attention by role, a 1-layer model, baselines) and the reversal run."""
    seeds = [0] if quick else [0, 1, 2, 3, 4]
    config = {"steps": 10 if quick else STEPS, "lr": LR, "batch": BATCH, **RESOLVER,
              "nhead_layers": "4 heads, 2 layers (1 layer for one_layer_accuracy)",
              "ablation_layer": "layer 1 (ablation), layer 0 (ablation_layer0), both (ablation_both)",
              "split": "it_split(seed=0)", "reversal": {**REVERSER, "lr": 3e-3, "batch": 128,
                                                        "max_steps": 20 if quick else 1500}}
    per_seed = {}
    for seed in seeds:
        per_seed[str(seed)] = measure_it_seed(seed, steps=config["steps"], with_one_layer=not quick,
                                              thin=10 if quick else 1)
        per_seed[str(seed)]["reversal"] = measure_reversal_seed(seed, config["reversal"]["max_steps"])
    train, held_out = it_split()
    pairs = held_out_pairs()
    baselines = it_baselines(train, {g: [s for s in held_out if it_novelty(s, pairs) == g] for g in GROUPS},
                             it_vocab())
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
    """Bars: held-out accuracy with each block in layer 1 (mean over the record's seeds, line =
    range), one panel per adjective kind, with the attention each block took away written
    under its bar; ``live`` (an ``it_ablation`` result) adds this run's dots."""
    fig, axes = plt.subplots(1, 2, figsize=(11.5, 3.8), sharey=True)
    names = list(BLOCKS)
    x = np.arange(len(names))
    for ax, kind in zip(axes, KINDS, strict=True):
        values = np.array([over_seeds(record, "ablation", b, kind) for b in names])  # (blocks, seeds)
        mass = [np.mean(over_seeds(record, "ablation", b, "mass", kind)) for b in names]
        ax.bar(x, values.mean(1), color=COLORS["transformer"], alpha=0.8,
               label=f"{values.shape[1]} seeds ka average (record)")
        ax.vlines(x, values.min(1), values.max(1), color="black", lw=2, label="seeds ki range")
        if live is not None:
            ax.plot(x, [live[b][kind] for b in names], "o", color=COLORS["rnn"], label="is run ka seed")
        ax.set_xticks(x, [f"{BLOCKS[b]}\n(hataya {m:.2f})" if b != "none" else BLOCKS[b]
                          for b, m in zip(names, mass, strict=True)], rotation=30, ha="right", fontsize=7.5)
        ax.set_ylim(0, 1.05)
        ax.set_title(f"{KIND_LABELS[kind]}: layer 1 me rok kar", fontsize=10)
    axes[0].set_ylabel(f"{group_label} accuracy")
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=3, fontsize=8, frameon=False)
    fig.tight_layout(rect=(0, 0.06, 1, 1))
    return fig
