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

import statistics

import matplotlib.pyplot as plt
import numpy as np
import torch
from torch import nn

from ..data.tasks import make_recall_batch, recall_split_batch
from ..errors import fail, require_positive_int
from ..grading.vs_rnn_checks import set_forget_bias
from ..model.param_counts import count_parameters
from ..model.tiny_models import RecallRNN, RecallTransformer
from ..model.training import fit
from .claims import mean_range
from .plotting import COLORS

RACE_COLORS = {"Transformer": COLORS["transformer"], "LSTM": COLORS["lstm"]}
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
    """The record ``recall_race``: pairs 2/4/8 (no filler), and 2 pairs with filler 0/32/128."""
    config = dict(pairs=[2, 4, 8], pairs_max_steps=6000, distance_pairs=2,
                  fillers=[0, 32, 128], distance_max_steps=2000, lrs=[1e-3, 3e-3, 1e-2],
                  seeds=[0, 1, 2], n_keys=16, n_values=16, d_model=32, batch_size=64,
                  eval_size=512, forget_bias=1.0, target=TARGET,
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
    return {"results": results, "seeds": config["seeds"], "config": config}


# ---------------------------------------------------------------- reading a record


def held_curve(run: dict, steps) -> np.ndarray:
    """A run's test accuracy at ``steps``, holding its last value after it stopped."""
    known, values = np.array(run["steps"]), np.array(run["test"])
    index = np.searchsorted(known, np.asarray(steps), side="right") - 1
    return values[np.clip(index, 0, None)]


def seed_accuracies(setting: dict, name: str, step: int | None = None) -> list[float]:
    """Test accuracy of each seed's run (at ``step``, else at its end)."""
    runs = setting[name]["runs"]
    if step is None:
        return [run["test"][-1] for run in runs]
    return [float(held_curve(run, [step])[0]) for run in runs]


def _level_words(values, n_pairs: int, n_values: int) -> str:
    mean = statistics.fmean(values)
    blind, copy = 1 / n_values, 1 / n_pairs
    if mean <= blind + 0.03:
        return "andhe guess jitna"
    if mean < copy - 0.03:
        return "andhe guess se upar, 'koi bhi value copy' se neeche"
    if mean <= copy + 0.03:
        return "bas 'koi bhi value copy' jitna"
    return "dono baselines se upar"


def late_rise(setting: dict, name: str) -> list[float]:
    """Each seed's rise of test accuracy over the last 20 % of the step budget."""
    runs = setting[name]["runs"]
    end = runs[0]["max_steps"]
    return [float(held_curve(run, [end])[0] - held_curve(run, [int(0.8 * end)])[0]) for run in runs]


def _trend_words(setting: dict, name: str) -> str:
    """Converged, or how much test accuracy still rose over the last 20 % of the budget."""
    runs = setting[name]["runs"]
    done = [run["converged_step"] for run in runs if run["converged_step"] is not None]
    if len(done) == len(runs):
        return f"99% validation par {mean_range(done, 0)} steps"
    rise = late_rise(setting, name)
    still = ("har seed par abhi bhi badh rahi thi" if min(rise) > 0.02 else "har seed par nahi badh rahi thi")
    return (f"{len(runs) - len(done)}/{len(runs)} seeds {runs[0]['max_steps']} steps me 99% tak "
            f"nahi; aakhri 20% steps me accuracy (har seed) {' '.join(f'{r:+.2f}' for r in rise)} ({still})")


def compare_words(a_name: str, a: list[float], b_name: str, b: list[float]) -> str:
    """Who is ahead, in words that follow the seeds' ranges (overlap → no clear winner)."""
    if min(a) > max(b):
        return f"{a_name} har seed par aage (+{statistics.fmean(a) - statistics.fmean(b):.2f})"
    if min(b) > max(a):
        return f"{b_name} har seed par aage (+{statistics.fmean(b) - statistics.fmean(a):.2f})"
    return f"{a_name} aur {b_name} ke ranges milte hain: saaf fark nahi"


def summary_lines(results: dict, section: str, n_values: int = 16, distance_pairs: int = 2) -> list[str]:
    """One conclusion per setting, printed from the record's numbers."""
    lines = []
    for key, setting in results[section].items():
        n_pairs = int(key) if section == "pairs" else distance_pairs
        label = f"{key} pairs" if section == "pairs" else f"filler {key} ({n_pairs} pairs)"
        lines.append(f"{label}:")
        for name in RACE_COLORS:
            test = seed_accuracies(setting, name)
            train = [run["train"] for run in setting[name]["runs"]]
            words = [_level_words([v], n_pairs, n_values) for v in test]
            level = words[0] if len(set(words)) == 1 else ", ".join(
                f"{v:.2f} {w}" for v, w in zip(test, words, strict=True))
            lines.append(f"  {name:11s} LR {setting[name]['best_lr']:g}: test {mean_range(test)}"
                         f" [{level}], train-split "
                         f"{statistics.fmean(train):.2f}; {_trend_words(setting, name)}")
        lines.append("  → " + compare_words("Transformer", seed_accuracies(setting, "Transformer"),
                                            "LSTM", seed_accuracies(setting, "LSTM")))
    return lines


def race_facts(results: dict, n_values: int = 16) -> dict[str, bool]:
    """What the notebook's text says about the record, each as True/False from its numbers."""
    settings = [*results["pairs"].values(), *results["distance"].values()]
    steps = [run["converged_step"] for s in settings for run in s["Transformer"]["runs"]]
    far = results["distance"][max(results["distance"], key=int)]
    many = results["pairs"][max(results["pairs"], key=int)]
    few = results["pairs"][min(results["pairs"], key=int)]["LSTM"]["runs"]
    gap = statistics.fmean(r["train"] for r in few) - statistics.fmean(r["test"][-1] for r in few)
    return {
        "Transformer: har setting, har seed 500 steps ke andar 99% validation tak":
            all(step is not None and step <= 500 for step in steps),
        "Transformer: har setting, har seed test ≥ 0.95":
            all(min(seed_accuracies(s, "Transformer")) >= 0.95 for s in settings),
        "LSTM (forget bias 1): kisi setting ke kisi seed ne 99% validation nahi chhua":
            all(run["converged_step"] is None for s in settings for run in s["LSTM"]["runs"]),
        "LSTM (forget bias 1): har setting me har seed Transformer ke har seed se peeche":
            all(max(seed_accuracies(s, "LSTM")) < min(seed_accuracies(s, "Transformer"))
                for s in settings),
        "LSTM (forget bias 1), sabse zyada filler: andhe guess jitna (mean ≤ 1/16 + 0.03)":
            statistics.fmean(seed_accuracies(far, "LSTM")) <= 1 / n_values + 0.03,
        "LSTM (forget bias 1), sabse zyada pairs: aakhri 20% steps me har seed badh raha tha (> +0.02)":
            min(late_rise(many, "LSTM")) > 0.02,
        "LSTM (forget bias 1), sabse kam pairs: train-split accuracy test se 0.05+ zyada (key-sets ka ratta)":
            gap >= 0.05,
    }


def lr_lines(results: dict) -> list[str]:
    """The LR grid with seed 0's final validation accuracy, and whether the pick sat on an edge."""
    lines = []
    for section in ("pairs", "distance"):
        for key, setting in results[section].items():
            label = f"{key} pairs" if section == "pairs" else f"filler {key}"
            parts = []
            for name in RACE_COLORS:
                grid = setting[name]["grid"]
                lrs = sorted(grid, key=float)
                best = setting[name]["best_lr"]
                edge = " (grid ke kinare par)" if str(best) in (lrs[0], lrs[-1]) else ""
                cells = " ".join(f"{float(lr):g}:{grid[lr]['validation']:.2f}@{grid[lr]['steps']}"
                                 for lr in lrs)
                parts.append(f"{name} [{cells}] → {best:g}{edge}")
            lines.append(f"{label:10s} " + " | ".join(parts))
    return lines


def plot_recall_curves(results: dict, section: str, n_values: int = 16, distance_pairs: int = 2,
                       live: dict | None = None):
    """Test accuracy vs training steps: mean over seeds and a min–max band, one panel per setting."""
    settings = results[section]
    fig, axes = plt.subplots(1, len(settings), figsize=(3.6 * len(settings) + 0.6, 3.5),
                             sharey=True, squeeze=False)
    for ax, (key, setting) in zip(axes[0], settings.items(), strict=True):
        for name in RACE_COLORS:
            runs = setting[name]["runs"]
            steps = np.unique(np.concatenate([run["steps"] for run in runs]))
            steps = np.union1d(steps, [runs[0]["max_steps"]])
            curves = np.stack([held_curve(run, steps) for run in runs])
            label = f"{name} ({len(runs)} seeds)"
            stop = max(run["steps"][-1] for run in runs)  # after early stop: held value, dashed
            ran = steps <= stop
            ax.plot(steps[ran], curves.mean(0)[ran], color=RACE_COLORS[name], label=label)
            ax.plot(steps[steps >= stop], curves.mean(0)[steps >= stop], color=RACE_COLORS[name],
                    linestyle="--", linewidth=1)
            ax.fill_between(steps, curves.min(0), curves.max(0), color=RACE_COLORS[name], alpha=0.25)
        if live and live.get("key") == (section, key):
            for name, run in live["runs"].items():
                ax.plot(run["steps"], run["test"], color=RACE_COLORS[name], marker="x",
                        linestyle="none", markersize=5, label=f"{name}: live slice")
        n_pairs = int(key) if section == "pairs" else distance_pairs
        for level, style, label in ((1 / n_values, ":", f"andha guess (1/{n_values})"),
                                    (1 / n_pairs, "--", "koi bhi value copy (1/pairs)")):
            ax.axhline(level, color=COLORS["muted"], linestyle=style, linewidth=1, label=label)
        ax.set_xscale("log")
        ax.set_xlabel("training steps (log)")
        where = f"{key} pairs" if section == "pairs" else f"filler {key} ({n_pairs} pairs)"
        lrs = ", ".join(f"{name} {setting[name]['best_lr']:g}" for name in RACE_COLORS)
        budget = setting["LSTM"]["runs"][0]["max_steps"]
        ax.set_title(f"{where}, budget {budget} steps\nLR: {lrs}", fontsize=9)
        ax.set_ylim(0, 1.03)
    axes[0, 0].set_ylabel("test accuracy (naye key-sets)")
    handles = {}
    for ax in axes[0]:
        for handle, label in zip(*ax.get_legend_handles_labels(), strict=True):
            handles.setdefault(label, handle)
    fig.legend(handles.values(), handles.keys(), loc="lower center", ncol=len(handles),
               fontsize=8, frameon=False)
    title = ("Pairs badhaye" if section == "pairs" else "Doori badhai (pairs aur query ke beech filler)")
    fig.suptitle(f"{title}: line = seeds ka mean, patti = min–max, dashed = ruk chuka (held)",
                 fontsize=11)
    fig.tight_layout(rect=(0, 0.08, 1, 1))
    return fig


def plot_recall_final(results: dict, n_values: int = 16, distance_pairs: int = 2):
    """Final test accuracy (mean, min–max bars) vs pairs and vs filler, with the baselines."""
    fig, axes = plt.subplots(1, 2, figsize=(10, 3.6), sharey=True)
    for ax, section in zip(axes, ("pairs", "distance"), strict=True):
        keys = list(results[section])
        x = np.arange(len(keys))
        for shift, name in zip((-0.08, 0.08), RACE_COLORS, strict=True):
            values = [seed_accuracies(results[section][k], name) for k in keys]
            mean = np.array([statistics.fmean(v) for v in values])
            low, high = mean - [min(v) for v in values], [max(v) for v in values] - mean
            ax.errorbar(x + shift, mean, yerr=[low, high], marker="o", capsize=3,
                        color=RACE_COLORS[name], label=name)
        copy = [1 / int(k) for k in keys] if section == "pairs" else [1 / distance_pairs] * len(keys)
        ax.plot(x, copy, color=COLORS["muted"], linestyle="--", linewidth=1,
                label="koi bhi value copy")
        ax.axhline(1 / n_values, color=COLORS["muted"], linestyle=":", linewidth=1,
                   label=f"andha guess (1/{n_values})")
        ax.set_xticks(x, keys)
        ax.set_xlabel("pairs" if section == "pairs" else f"filler rows ({distance_pairs} pairs)")
        ax.set_ylim(0, 1.03)
        ax.legend(fontsize=8)
    axes[0].set_ylabel("final test accuracy")
    for ax, section, label in zip(axes, ("pairs", "distance"), ("Zyada pairs", "Zyada doori"),
                                  strict=True):
        first = next(iter(results[section].values()))["LSTM"]["runs"][0]["max_steps"]
        ax.set_title(f"{label} (budget {first} steps)")
    fig.tight_layout()
    return fig


def live_slice(results: dict, n_pairs: int = 2, max_steps: int = 300, seed: int = 0,
               **kwargs) -> dict:
    """Re-run a setting of the record's pairs sweep briefly: each model at its recorded LR."""
    setting = results["pairs"][str(n_pairs)]
    return {"key": ("pairs", str(n_pairs)), "max_steps": max_steps,
            "runs": {name: train_recall(name, n_pairs, lr=setting[name]["best_lr"], seed=seed,
                                        max_steps=max_steps, **kwargs)
                     for name in RACE_COLORS}}
