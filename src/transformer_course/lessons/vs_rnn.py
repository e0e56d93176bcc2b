"""Notebook 07_transformer_vs_rnn: Transformer vs RNN, the seed's claims turned into measured experiments.

Four experiments (plus readings of the ``recall_race`` record at the end of this module):

* long-range memory: the associative-recall race, Transformer (``model.RecallTransformer``)
  against an LSTM (``model.RecallRNN``) of about the same parameter count. It lives in
  ``vs_rnn_race`` (the sweep, its record's plots and printed conclusions, the live slice); its
  model builders ``make_recall_models`` and ``matched_hidden_size`` are re-exported here;
* parallelism: forward+backward time vs sequence length (``speed_comparison``);
* gradient flow: how much the loss at the last position feels each input position, at
  initialisation (``gradient_norm_per_position``, ``gradient_flow``);
* the price: attention's time and memory grow with n² (``attention_cost``).
"""

from __future__ import annotations

import platform
import statistics
import time
from collections.abc import Callable

import matplotlib.pyplot as plt
import numpy as np
import torch

from ..errors import require_positive_int, require_tensor
from ..model.encoder_layers import EncoderBlock
from ..model.probes import flow_layers, gradient_norm_per_position
from ..model.tiny_models import RecurrentLayer
from .claims import mean_range, ratio
from .plotting import COLORS
from .vs_rnn_race import make_recall_models, matched_hidden_size  # noqa: F401 (tc.vs_rnn.…)

MODEL_COLORS = {"Transformer": COLORS["transformer"], "LSTM": COLORS["lstm"],
                "vanilla RNN": COLORS["rnn"]}


def gradient_flow(layers: dict[str, Callable], seq_len: int = 64, batch_size: int = 8,
                  d_model: int = 32, seed: int = 0,
                  measure: Callable = gradient_norm_per_position) -> dict[str, torch.Tensor]:
    """{name: (seq_len,) gradient norms} for each layer, on the same seeded random inputs."""
    require_positive_int("seq_len", seq_len)
    require_positive_int("batch_size", batch_size)
    x = torch.randn(batch_size, seq_len, d_model, generator=torch.Generator().manual_seed(seed))
    return {name: measure(layer, x).detach() for name, layer in layers.items()}


def ratio_word(ratio: float, big: float | None = None) -> str:
    """A measured ratio in the words a prediction uses: "kam" (< 1/10), "barabar" (1/10 … 10),
    "zyada" (> 10); with ``big``, "zyada" splits into "thoda zyada" (≤ big) and "bahut zyada"."""
    if ratio < 0.1:
        return "kam"
    if ratio <= 10:
        return "barabar"
    if big is None:
        return "zyada"
    return "thoda zyada" if ratio <= big else "bahut zyada"


def plot_gradient_flow(norms: dict[str, torch.Tensor], ax=None, title=None, styles=None):
    """Gradient norm vs distance from the last position (log y-axis)."""
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 3.8))
    for name, values in norms.items():
        values = values.detach().cpu().double().flip(0).numpy()  # index = distance
        distance = np.arange(len(values))
        shown = np.maximum(values, 1e-30)  # log axis: exact zeros drawn at the floor
        style = dict(color=MODEL_COLORS.get(name.split(" (")[0]), marker="o", markersize=2.5,
                     label=name)
        style.update((styles or {}).get(name, {}))
        ax.plot(distance, shown, **style)
    ax.set_yscale("log")
    ax.set_xlabel("doori: last position se kitne steps peeche (0 = khud last position)")
    ax.set_ylabel("‖∂ loss / ∂ x_t‖  (log scale)")
    ax.set_title(title or "Initialisation par gradient kitni door tak pahunchta hai?")
    ax.legend(fontsize=8)
    plt.tight_layout()
    return ax


def draw_gradient_explorer(model: str = "vanilla RNN", weight_scale: float = 1.0,
                           seq_len: int = 48, measure: Callable = gradient_norm_per_position):
    """Explorer view: one layer's curve at ``weight_scale`` next to its default (scale 1)."""
    chosen = gradient_flow({model: flow_layers(weight_scale=weight_scale)[model]},
                           seq_len=seq_len, measure=measure)[model]
    default = gradient_flow({model: flow_layers()[model]}, seq_len=seq_len, measure=measure)[model]
    ax = plot_gradient_flow(
        {f"{model} (scale 1.0, default)": default, f"{model} (scale {weight_scale:.2f})": chosen},
        styles={f"{model} (scale 1.0, default)": dict(color=COLORS["muted"], alpha=0.6)},
        title=f"{model}: weights × {weight_scale:.2f}")
    far = chosen[0] / chosen[-1]
    print(f"{model}: sabse door position ka gradient / last position ka = {far:.2e}")
    plt.show()
    return ax


# ---------------------------------------------------------------- timing: parallelism and price

def _sync(device: torch.device) -> None:
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def time_forward_backward(module: Callable, x: torch.Tensor, repeats: int = 5,
                          warmup: int = 1) -> float:
    """Median seconds of one forward + backward pass of ``module`` on ``x`` (loss = sum)."""
    require_tensor("x", x)
    require_positive_int("repeats", repeats)
    times = []
    for i in range(warmup + repeats):
        inputs = x.detach().clone().requires_grad_(True)
        _sync(inputs.device)
        start = time.perf_counter()
        out = module(inputs)
        out = out[0] if isinstance(out, tuple) else out
        out.sum().backward()
        _sync(inputs.device)
        if i >= warmup:
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def speed_comparison(lengths=(16, 32, 64, 128, 256, 512), d_model: int = 64, nhead: int = 4,
                     batch_size: int = 4, repeats: int = 3, device=None, seed: int = 0) -> dict:
    """Forward+backward seconds of one LSTM layer and one encoder layer (same d_model) per length."""
    device = torch.device(device or "cpu")
    torch.manual_seed(seed)
    lstm = RecurrentLayer("lstm", d_model).to(device)
    encoder = EncoderBlock(d_model, nhead, 4 * d_model, dropout=0.0, batch_first=True,
                           norm_first=True).to(device)
    result = {"lengths": list(lengths), "LSTM": [], "Transformer": []}
    for length in lengths:
        require_positive_int("length", length)
        x = torch.randn(batch_size, length, d_model, device=device)
        result["LSTM"].append(time_forward_backward(lstm, x, repeats))
        result["Transformer"].append(time_forward_backward(encoder, x, repeats))
    result["ratio"] = [a / b for a, b in zip(result["LSTM"], result["Transformer"], strict=True)]
    result.update(device=str(device), d_model=d_model, batch_size=batch_size)
    return result


def speed_lines(result: dict) -> list[str]:
    """What the speed measurement says, written from its numbers (direction-aware)."""
    lengths, lstm, encoder = result["lengths"], result["LSTM"], result["Transformer"]
    device = str(result.get("device", "cpu"))
    if device.startswith("cuda") and torch.cuda.is_available():
        where = f"GPU {torch.cuda.get_device_name(torch.device(device))}"
    else:
        where = f"CPU {platform.processor() or platform.machine()}, {torch.get_num_threads()} thread(s)"
    lines = [f"n = {lengths[i]:4d}: " + ratio("LSTM", lstm[i], "encoder layer", encoder[i], "slow", "tez")
             for i in (0, len(lengths) - 1)]
    # trend: the two longest lengths against the two shortest (geometric means; one noisy timing
    # should not flip the sentence)
    ratios = np.array(result["ratio"], dtype=float)
    k = min(2, len(ratios) // 2) or 1
    change = float(np.exp(np.log(ratios[-k:]).mean() - np.log(ratios[:k]).mean()))
    if change > 1.1:
        trend = f"n badhne par palda encoder ki taraf jhuka (LSTM/encoder ratio ×{change:.1f}, lambi n vs chhoti n)"
    elif change < 1 / 1.1:
        trend = f"n badhne par palda LSTM ki taraf jhuka (LSTM/encoder ratio ×{change:.2f}, lambi n vs chhoti n)"
    else:
        trend = "n badhne par ratio lagbhag wahi raha"
    return [*lines, f"{trend}; naapa gaya: {where}"]


def plot_speed(result: dict):
    """Left: forward+backward time vs length (log-log). Right: LSTM time / encoder time."""
    lengths = result["lengths"]
    fig, (ax_time, ax_ratio) = plt.subplots(1, 2, figsize=(10, 3.6))
    for name in ("LSTM", "Transformer"):
        label = "LSTM layer" if name == "LSTM" else "encoder layer (attention)"
        ax_time.plot(lengths, [t * 1e3 for t in result[name]], marker="o",
                     color=MODEL_COLORS[name], label=label)
    ax_time.set_xscale("log", base=2)
    ax_time.set_yscale("log")
    ax_time.set_xticks(lengths, [str(n) for n in lengths])
    ax_time.set_xlabel("sequence length n")
    ax_time.set_ylabel("forward + backward (ms, median)")
    setup = ", ".join(f"{k} {result[k]}" for k in ("device", "d_model", "batch_size") if k in result)
    ax_time.set_title(f"Time vs length ({setup})")
    ax_time.legend(fontsize=8)
    ax_ratio.plot(lengths, result["ratio"], marker="o", color=COLORS["accent"])
    ax_ratio.axhline(1.0, color=COLORS["muted"], linestyle="--", linewidth=1)
    ax_ratio.set_xscale("log", base=2)
    ax_ratio.set_xticks(lengths, [str(n) for n in lengths])
    ax_ratio.set_xlabel("sequence length n")
    ax_ratio.set_ylabel("LSTM time / encoder time")
    ax_ratio.set_title("> 1: encoder tez,  < 1: LSTM tez")
    fig.tight_layout()
    return fig


def attention_cost(lengths=(128, 256, 512, 1024, 2048), d_model: int = 64, nhead: int = 1,
                   batch_size: int = 1, repeats: int = 3, device=None, seed: int = 0) -> dict:
    """Self-attention forward time and the size of its (B, H, n, n) weights tensor, per length."""
    from ..model.multi_head_attention import MultiHeadAttention

    device = torch.device(device or "cpu")
    torch.manual_seed(seed)
    attention = MultiHeadAttention(d_model, nhead, batch_first=True).to(device).eval()
    result = {"lengths": list(lengths), "seconds": [], "weight_bytes": []}
    with torch.no_grad():
        for length in lengths:
            require_positive_int("length", length)
            x = torch.randn(batch_size, length, d_model, device=device)
            times = []
            for i in range(repeats + 1):
                _sync(device)
                start = time.perf_counter()
                _, weights = attention(x, x, x, average_attn_weights=False)
                _sync(device)
                if i:
                    times.append(time.perf_counter() - start)
            result["seconds"].append(statistics.median(times))
            result["weight_bytes"].append(weights.numel() * weights.element_size())
            del weights
    # An LSTM reading a stream keeps only (h, c): 2 · d_model numbers, whatever the length.
    result["lstm_state_bytes"] = 2 * d_model * batch_size * torch.finfo(torch.float32).bits // 8
    result["device"] = str(device)
    return result


def plot_attention_cost(cost: dict):
    """Left: attention time vs n with an n² guide. Right: weights memory vs the LSTM's state."""
    n = np.array(cost["lengths"], dtype=float)
    seconds = np.array(cost["seconds"]) * 1e3
    memory = np.array(cost["weight_bytes"]) / 2**20
    fig, (ax_time, ax_mem) = plt.subplots(1, 2, figsize=(10, 3.6))
    ax_time.plot(n, seconds, marker="o", color=MODEL_COLORS["Transformer"], label="self-attention (measured)")
    ax_time.plot(n, seconds[-1] * (n / n[-1]) ** 2, color=COLORS["muted"], linestyle="--",
                 label="∝ n² (guide)")
    ax_time.plot(n, seconds[-1] * (n / n[-1]), color=COLORS["muted"], linestyle=":",
                 label="∝ n (guide)")
    ax_mem.plot(n, memory, marker="o", color=MODEL_COLORS["Transformer"],
                label="attention weights (B·H·n·n floats)")
    ax_mem.axhline(cost["lstm_state_bytes"] / 2**20, color=MODEL_COLORS["LSTM"],
                   label="LSTM state (h, c): O(1) per step")
    ax_time.set_ylabel("forward time (ms, median)")
    ax_time.set_title(f"Time ({cost.get('device', 'cpu')})")
    ax_mem.set_ylabel("memory (MiB, log)")
    ax_mem.set_title("Memory: n×n weights vs LSTM state")
    for ax in (ax_time, ax_mem):
        ax.set_xscale("log", base=2)
        ax.set_yscale("log")
        ax.set_xticks(n, [str(int(v)) for v in n])
        ax.set_xlabel("sequence length n")
        ax.legend(fontsize=8)
    fig.tight_layout()
    return fig


# ---------------------------------------------------------------- more readings of the recall_race record


def step_budget_line(results: dict) -> str:
    """How many more steps the LSTM got than the Transformer needed (slowest seed)."""
    parts = []
    for section in ("pairs", "distance"):
        settings = results[section].values()
        needed = max(run["converged_step"] or run["max_steps"]
                     for s in settings for run in s["Transformer"]["runs"])
        given = max(run["max_steps"] for s in settings for run in s["LSTM"]["runs"])
        parts.append(f"{section}: Transformer ko 99% tak sabse zyada {needed} steps lage, LSTM ko "
                     f"{given} mile (×{given / needed:.0f})")
    return "; ".join(parts)


def _escape_step(run: dict, level: float) -> int | None:
    """First evaluated step whose test accuracy exceeds ``level`` (None if never)."""
    return next((s for s, v in zip(run["steps"], run["test"], strict=True) if v > level), None)


def plateau_lines(results: dict, margin: float = 0.1, distance_pairs: int = 2) -> list[str]:
    """Per seed: when the LSTM's test accuracy first rose ``margin`` above the copy level (1/pairs)."""
    lines = []
    for section in ("pairs", "distance"):
        for key, setting in results[section].items():
            runs = setting["LSTM"]["runs"]
            n_pairs = int(key) if section == "pairs" else distance_pairs
            level = 1 / n_pairs + margin
            found = [_escape_step(run, level) for run in runs]
            shown = ", ".join("kabhi nahi" if s is None else str(s) for s in found)
            label = f"{key} pairs" if section == "pairs" else f"filler {key}"
            lines.append(f"{label:10s} (budget {runs[0]['max_steps']}): LSTM test > {level:.2f} "
                         f"pehli baar step (seeds) {shown}")
    return lines


def transformer_distance_line(results: dict) -> str:
    """Transformer: final test accuracy and steps to 99% validation, smallest vs largest filler."""
    fillers = sorted(results["distance"], key=int)
    parts, steps, final = [], {}, {}
    for key in (fillers[0], fillers[-1]):
        runs = results["distance"][key]["Transformer"]["runs"]
        steps[key] = [run["converged_step"] or run["max_steps"] for run in runs]
        final[key] = statistics.fmean(run["test"][-1] for run in runs)
        parts.append(f"filler {key}: test {mean_range([run['test'][-1] for run in runs])}, "
                     f"99% validation tak {mean_range(steps[key], 0)} steps")
    slow = statistics.fmean(steps[fillers[-1]]) / statistics.fmean(steps[fillers[0]])
    word = (f"seekhne me ~{slow:.1f}× steps" if slow >= 1.2 else
            f"seekhne me bhi lagbhag utne hi steps (×{slow:.1f})")
    gap = final[fillers[-1]] - final[fillers[0]]
    acc = "final accuracy par fark nahi" if abs(gap) < 0.03 else f"final accuracy {gap:+.2f}"
    return "Transformer: " + "; ".join(parts) + f" → {acc}; {word}"
