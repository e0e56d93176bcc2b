"""Notebook 07_transformer_vs_rnn: the fair memory race (Transformer vs LSTM on associative recall).

Split from ``vs_rnn`` (which holds gradient flow and timing and re-exports the model builders
below); this module never imports ``vs_rnn``. What makes the race fair, and what it measures:

* matched parameter counts (``make_recall_models``), the same data, batch size and step budget;
* the same learning-rate grid for both models: each model's LR is the one with the best
  *validation* accuracy (seed 0), then seeds 0, 1, 2 run at that LR and report *test* accuracy;
* train, validation and test never share a set of keys (``data.tasks.recall_split_batch``);
* accuracy against training steps (machine-independent), far longer than the Transformer needs;
* the LSTM starts with forget-gate bias 1 (a standard init; Exercise 4 shows why it matters);
* two sweeps: more pairs (2, 4, 8), and more distance (filler rows between the pairs and the query).

``sweep_recall`` writes the record ``recall_race`` (``make sweep NAME=recall_race``); the
notebook plots it and re-runs one slice (``train_recall``) that must agree with it.
"""

from __future__ import annotations

import torch
from torch import nn

from ..data.tasks import make_recall_batch, recall_split_batch
from ..errors import fail, require_positive_int
from ..grading.vs_rnn_checks import set_forget_bias
from ..model.param_counts import count_parameters
from ..model.tiny_models import RecallRNN, RecallTransformer
from ..model.training import fit
from .vs_rnn_race_record import (  # noqa: F401 (re-exported: tc.vs_rnn_race.<name>)
    RACE_COLORS,
    compare_words,
    held_curve,
    late_rise,
    lr_lines,
    open_gate_facts,
    open_gate_lines,
    plot_recall_curves,
    plot_recall_final,
    race_facts,
    seed_accuracies,
    summary_lines,
)

TARGET = 0.99  # validation accuracy at which a run counts as converged (and stops)


def matched_hidden_size(cell: str, target: int, n_keys: int = 16, n_values: int = 16,
                        d_model: int = 32) -> int:
    """The RecallRNN hidden size whose parameter count is closest to ``target``."""
    require_positive_int("target", target)

    def size(hidden: int) -> int:
        gates = 4 if cell == "lstm" else 1
        recurrent = gates * (hidden * (d_model + hidden) + 2 * hidden)
        embedding = (n_keys + n_values + 1) * d_model
        return embedding + recurrent + hidden * n_values + n_values

    RecallRNN(cell=cell)  # validates `cell`
    return min(range(1, 2048), key=lambda hidden: abs(size(hidden) - target))


def make_recall_models(n_keys: int = 16, n_values: int = 16, d_model: int = 32, seed: int = 0,
                       cells=("lstm",)) -> dict[str, nn.Module]:
    """A Transformer and RNN(s) of about its parameter count, each seeded, in that order."""
    torch.manual_seed(seed)
    models: dict[str, nn.Module] = {"Transformer": RecallTransformer(n_keys, n_values, d_model)}
    target = count_parameters(models["Transformer"])
    for cell in cells:
        torch.manual_seed(seed)
        hidden = matched_hidden_size(cell, target, n_keys, n_values, d_model)
        name = "LSTM" if cell == "lstm" else "vanilla RNN"
        models[name] = RecallRNN(n_keys, n_values, d_model, hidden, cell)
    return models


def race_model(name: str, n_keys: int = 16, n_values: int = 16, d_model: int = 32,
               seed: int = 0, forget_bias: float = 1.0) -> nn.Module:
    """One racer, seeded; ``n_keys + 1`` key ids (the last one is the filler row's key)."""
    if name not in RACE_COLORS:
        raise fail("model `name`", f"in mein se ek: {sorted(RACE_COLORS)}", repr(name))
    model = make_recall_models(n_keys + 1, n_values, d_model, seed=seed)[name]
    if name == "LSTM":
        set_forget_bias(model.rnn, forget_bias)
    return model


def _eval_due(step: int) -> bool:
    """Dense evaluations early (where the Transformer learns), sparse later."""
    return step % 25 == 0 if step <= 200 else step % 100 == 0 if step <= 1000 else step % 250 == 0


def eval_sets(n_pairs: int, filler: int = 0, n_keys: int = 16, n_values: int = 16,
              size: int = 512) -> dict[str, tuple[torch.Tensor, torch.Tensor]]:
    """Fixed validation and test sets (the same for every seed and model)."""
    return {split: recall_split_batch(size, n_pairs, n_keys, n_values, split=split, filler=filler,
                                      generator=torch.Generator().manual_seed(seed))
            for split, seed in (("validation", 10_001), ("test", 10_002))}


def train_recall(name: str, n_pairs: int, *, lr: float, seed: int, max_steps: int,
                 filler: int = 0, n_keys: int = 16, n_values: int = 16, d_model: int = 32,
                 batch_size: int = 64, eval_size: int = 512, forget_bias: float = 1.0,
                 make_batch=make_recall_batch, progress: bool = False) -> dict:
    """Train one racer on the train split until validation ≥ TARGET or ``max_steps``.

    Returns its curves (``steps``, ``validation``, ``test``), ``converged_step`` (None if never),
    the final accuracy on fresh train-split questions (``train``) and its settings.
    """
    require_positive_int("max_steps", max_steps)
    model = race_model(name, n_keys, n_values, d_model, seed, forget_bias)
    sets = eval_sets(n_pairs, filler, n_keys, n_values, eval_size)
    train_gen = torch.Generator().manual_seed(seed)
    curve = {"steps": [], "validation": [], "test": []}
    last = {"step": 0}

    def batch(step):
        last["step"] = step
        return recall_split_batch(batch_size, n_pairs, n_keys, n_values, split="train",
                                  filler=filler, generator=train_gen, make_batch=make_batch)

    def accuracy(m, split):
        inputs, targets = sets[split]
        return float((m(inputs).argmax(-1) == targets).float().mean())

    def evaluate(m):
        step = last["step"]
        if _eval_due(step) or step == max_steps or not curve["steps"]:
            curve["steps"].append(step)
            for split in ("validation", "test"):
                curve[split].append(round(accuracy(m, split), 4))
        return curve["validation"][-1]

    fit(model, batch, steps=max_steps, lr=lr, evaluate=evaluate, eval_every=25,
        target_accuracy=TARGET, desc=f"{name}, {n_pairs} pairs, filler {filler}", progress=progress)
    fresh = recall_split_batch(eval_size, n_pairs, n_keys, n_values, split="train", filler=filler,
                               generator=torch.Generator().manual_seed(10_003))
    with torch.no_grad():
        train_acc = float((model(fresh[0]).argmax(-1) == fresh[1]).float().mean())
    converged = next((s for s, v in zip(curve["steps"], curve["validation"], strict=True)
                      if v >= TARGET), None)
    return {**curve, "converged_step": converged, "train": round(train_acc, 4), "lr": lr,
            "seed": seed, "max_steps": max_steps}


def tune_and_run(name: str, n_pairs: int, *, lrs, seeds, max_steps: int, filler: int = 0,
                 **kwargs) -> dict:
    """Seed ``seeds[0]`` at every LR; the best validation accuracy wins (ties: fewer steps);
    the other seeds run at that LR. ``{"grid": {lr: run}, "best_lr": lr, "runs": [run, ...]}``."""
    grid = {lr: train_recall(name, n_pairs, lr=lr, seed=seeds[0], max_steps=max_steps,
                             filler=filler, **kwargs) for lr in lrs}
    best = max(grid, key=lambda lr: (min(grid[lr]["validation"][-1], TARGET),
                                     -grid[lr]["steps"][-1]))
    runs = [grid[best]] + [train_recall(name, n_pairs, lr=best, seed=seed, max_steps=max_steps,
                                        filler=filler, **kwargs) for seed in seeds[1:]]
    return {"grid": {str(lr): {"validation": run["validation"][-1], "steps": run["steps"][-1]}
                     for lr, run in grid.items()},
            "best_lr": best, "runs": runs}


def sweep_recall(quick: bool = False) -> dict:
    """The record ``recall_race``: pairs 2/4/8 (no filler), and 2 pairs with filler 0/32/128;
    ``open_gate``: the distance sweep again for the LSTM alone, forget bias 3 (its own LR pick)."""
    config = dict(pairs=[2, 4, 8], pairs_max_steps=6000, distance_pairs=2,
                  fillers=[0, 32, 128], distance_max_steps=2000, lrs=[1e-3, 3e-3, 1e-2],
                  seeds=[0, 1, 2], n_keys=16, n_values=16, d_model=32, batch_size=64,
                  eval_size=512, forget_bias=1.0, open_gate_forget_bias=3.0, target=TARGET,
                  models=list(RACE_COLORS), lr_rule="best validation accuracy with seed 0")
    if quick:
        config.update(pairs=[2], pairs_max_steps=10, fillers=[3], distance_max_steps=10,
                      lrs=[3e-3, 1e-2], seeds=[0, 1], eval_size=32)
    kwargs = {k: config[k] for k in ("n_keys", "n_values", "d_model", "batch_size",
                                     "eval_size", "forget_bias")}
    torch.manual_seed(0)
    params = {name: count_parameters(race_model(name, config["n_keys"], config["n_values"],
                                                config["d_model"])) for name in RACE_COLORS}
    results = {"params": params, "pairs": {}, "distance": {}}
    for n_pairs in config["pairs"]:
        results["pairs"][str(n_pairs)] = {
            name: tune_and_run(name, n_pairs, lrs=config["lrs"], seeds=config["seeds"],
                               max_steps=config["pairs_max_steps"], **kwargs)
            for name in RACE_COLORS}
    for filler in config["fillers"]:
        results["distance"][str(filler)] = {
            name: tune_and_run(name, config["distance_pairs"], lrs=config["lrs"],
                               seeds=config["seeds"], max_steps=config["distance_max_steps"],
                               filler=filler, **kwargs)
            for name in RACE_COLORS}
    open_gate = {**kwargs, "forget_bias": config["open_gate_forget_bias"]}
    results["open_gate"] = {
        str(filler): {"LSTM": tune_and_run("LSTM", config["distance_pairs"], lrs=config["lrs"],
                                           seeds=config["seeds"],
                                           max_steps=config["distance_max_steps"], filler=filler,
                                           **open_gate)}
        for filler in config["fillers"]}
    return {"results": results, "seeds": config["seeds"], "config": config}


def live_slice(results: dict, n_pairs: int = 2, max_steps: int = 300, seed: int = 0,
               **kwargs) -> dict:
    """Re-run a setting of the record's pairs sweep briefly: each model at its recorded LR."""
    setting = results["pairs"][str(n_pairs)]
    return {"key": ("pairs", str(n_pairs)), "max_steps": max_steps,
            "runs": {name: train_recall(name, n_pairs, lr=setting[name]["best_lr"], seed=seed,
                                        max_steps=max_steps, **kwargs)
                     for name in RACE_COLORS}}
