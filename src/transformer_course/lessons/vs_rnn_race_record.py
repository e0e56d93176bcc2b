"""Notebook 07_transformer_vs_rnn: reading the record ``recall_race`` (split from ``vs_rnn_race``).

Curves held after early stopping, per-seed accuracies, the printed conclusions (``summary_lines``,
``race_facts``, ``lr_lines``) and the two plots. Everything here takes the record's ``results``
dict; nothing trains, so this module never imports ``vs_rnn_race``.
"""

from __future__ import annotations

import statistics

import matplotlib.pyplot as plt
import numpy as np

from .claims import mean_range
from .plotting import COLORS

RACE_COLORS = {"Transformer": COLORS["transformer"], "LSTM": COLORS["lstm"]}


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
    return f"{a_name} aur {b_name} ke ranges milte hain: {len(a)} seeds par saaf fark nahi"


def _model_line(label: str, setting: dict, name: str, n_pairs: int, n_values: int) -> str:
    """One model in one setting: test over seeds, level against the baselines, train-split, trend."""
    test = seed_accuracies(setting, name)
    train = [run["train"] for run in setting[name]["runs"]]
    words = [_level_words([v], n_pairs, n_values) for v in test]
    level = words[0] if len(set(words)) == 1 else ", ".join(
        f"{v:.2f} {w}" for v, w in zip(test, words, strict=True))
    return (f"  {label:11s} LR {setting[name]['best_lr']:g}: test {mean_range(test)} [{level}], "
            f"train-split {statistics.fmean(train):.2f}; {_trend_words(setting, name)}")


def summary_lines(results: dict, section: str, n_values: int = 16, distance_pairs: int = 2) -> list[str]:
    """One conclusion per setting, printed from the record's numbers."""
    lines = []
    for key, setting in results[section].items():
        n_pairs = int(key) if section == "pairs" else distance_pairs
        label = f"{key} pairs" if section == "pairs" else f"filler {key} ({n_pairs} pairs)"
        lines.append(f"{label}:")
        lines += [_model_line(name, setting, name, n_pairs, n_values) for name in RACE_COLORS]
        lines.append("  → " + compare_words("Transformer", seed_accuracies(setting, "Transformer"),
                                            "LSTM", seed_accuracies(setting, "LSTM")))
    return lines


def open_gate_lines(results: dict, n_values: int = 16, distance_pairs: int = 2) -> list[str]:
    """The distance sweep's LSTM with forget bias 3 (its own LR pick) beside bias 1 and the Transformer."""
    lines = []
    for key, gate in results["open_gate"].items():
        race = results["distance"][key]
        opened, closed = seed_accuracies(gate, "LSTM"), seed_accuracies(race, "LSTM")
        lines += [f"filler {key} ({distance_pairs} pairs):",
                  _model_line("LSTM bias 1", race, "LSTM", distance_pairs, n_values),
                  _model_line("LSTM bias 3", gate, "LSTM", distance_pairs, n_values),
                  f"  {'':11s} bias 3 ka LR grid (seed 0 validation): {_grid_cells(gate['LSTM'])}",
                  "  → " + compare_words("bias 3", opened, "bias 1", closed) + "; "
                  + compare_words("Transformer", seed_accuracies(race, "Transformer"), "bias 3", opened)]
    return lines


def open_gate_facts(results: dict, n_values: int = 16, distance_pairs: int = 2) -> dict[str, bool]:
    """What the notebook says about forget bias 3, each as True/False from the record."""
    keys = list(results["open_gate"])
    opened = {k: seed_accuracies(results["open_gate"][k], "LSTM") for k in keys}
    closed = {k: seed_accuracies(results["distance"][k], "LSTM") for k in keys}
    best = {k: min(seed_accuracies(results["distance"][k], "Transformer")) for k in keys}
    far = max(keys, key=int)
    return {
        "LSTM (forget bias 3): har filler par har seed Transformer ke har seed se peeche":
            all(max(opened[k]) < best[k] for k in keys),
        "forget bias 3 vs 1: har filler par seeds ke ranges milte hain (saaf fark nahi)":
            all(min(opened[k]) <= max(closed[k]) and min(closed[k]) <= max(opened[k]) for k in keys),
        "forget bias 3: har filler par seeds ka mean bias 1 se upar":
            all(statistics.fmean(opened[k]) > statistics.fmean(closed[k]) for k in keys),
        "LSTM (forget bias 3), sabse zyada filler: har seed 'koi bhi value copy' (1/pairs) se neeche":
            max(opened[far]) < 1 / distance_pairs,
    }


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


def _grid_cells(model: dict) -> str:
    """``lr:validation@steps`` for each LR of a tuned model, and whether the pick sat on an edge."""
    grid, best = model["grid"], model["best_lr"]
    lrs = sorted(grid, key=float)
    edge = " (grid ke kinare par)" if str(best) in (lrs[0], lrs[-1]) else ""
    cells = " ".join(f"{float(lr):g}:{grid[lr]['validation']:.2f}@{grid[lr]['steps']}" for lr in lrs)
    return f"[{cells}] → {best:g}{edge}"


def lr_lines(results: dict) -> list[str]:
    """The LR grid with seed 0's final validation accuracy, and whether the pick sat on an edge."""
    lines = []
    for section in ("pairs", "distance"):
        for key, setting in results[section].items():
            label = f"{key} pairs" if section == "pairs" else f"filler {key}"
            parts = [f"{name} {_grid_cells(setting[name])}" for name in RACE_COLORS]
            lines.append(f"{label:10s} " + " | ".join(parts))
    return lines


RACE_LABELS = {"Transformer": "Transformer", "LSTM": "LSTM, forget bias 1"}
OPEN_GATE = ("LSTM, forget bias 3", COLORS["accent"])


def _racers(results: dict, section: str, key: str) -> list[tuple[str, list[dict], str]]:
    """(label, runs, color) of each model in one setting; the distance sweep adds the open gate."""
    setting = results[section][key]
    racers = [(RACE_LABELS[name], setting[name]["runs"], color) for name, color in RACE_COLORS.items()]
    if section == "distance" and "open_gate" in results:
        racers.append((OPEN_GATE[0], results["open_gate"][key]["LSTM"]["runs"], OPEN_GATE[1]))
    return racers


def plot_recall_curves(results: dict, section: str, n_values: int = 16, distance_pairs: int = 2,
                       live: dict | None = None):
    """Test accuracy vs training steps: mean over seeds and a min–max band, one panel per setting."""
    settings = results[section]
    fig, axes = plt.subplots(1, len(settings), figsize=(3.6 * len(settings) + 0.6, 3.5),
                             sharey=True, squeeze=False)
    for ax, (key, setting) in zip(axes[0], settings.items(), strict=True):
        for label, runs, color in _racers(results, section, key):
            steps = np.unique(np.concatenate([run["steps"] for run in runs]))
            steps = np.union1d(steps, [runs[0]["max_steps"]])
            curves = np.stack([held_curve(run, steps) for run in runs])
            stop = max(run["steps"][-1] for run in runs)  # after early stop: held value, dashed
            ran = steps <= stop
            ax.plot(steps[ran], curves.mean(0)[ran], color=color, label=f"{label} ({len(runs)} seeds)")
            ax.plot(steps[steps >= stop], curves.mean(0)[steps >= stop], color=color,
                    linestyle="--", linewidth=1)
            ax.fill_between(steps, curves.min(0), curves.max(0), color=color, alpha=0.2)
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
        lrs = f"Transformer {setting['Transformer']['best_lr']:g}, LSTM bias 1: {setting['LSTM']['best_lr']:g}"
        if section == "distance" and "open_gate" in results:
            lrs += f", LSTM bias 3: {results['open_gate'][key]['LSTM']['best_lr']:g}"
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
        racers = [_racers(results, section, k) for k in keys]
        for i in range(len(racers[0])):
            label, color = racers[0][i][0], racers[0][i][2]
            values = [[run["test"][-1] for run in setting[i][1]] for setting in racers]
            mean = np.array([statistics.fmean(v) for v in values])
            low, high = mean - [min(v) for v in values], [max(v) for v in values] - mean
            shift = 0.16 * (i - (len(racers[0]) - 1) / 2)
            ax.errorbar(x + shift, mean, yerr=[low, high], marker="o", capsize=3, color=color,
                        label=label)
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
    fig.suptitle("Final test accuracy: bindu = seeds ka mean, line = min–max", fontsize=11)
    fig.tight_layout()
    return fig


