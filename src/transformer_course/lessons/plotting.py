"""Plot helpers shared by the lessons: one style, one heatmap, learning curves."""

from __future__ import annotations

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import torch
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from ..errors import fail
from ..model.training import History

COLORS = {
    "transformer": "#1f77b4",
    "rnn": "#d62728",
    "lstm": "#ff7f0e",
    "accent": "#2ca02c",
    "muted": "#7f7f7f",
}


def use_course_style() -> None:
    """Readable defaults at a modest resolution, so stored notebooks stay small."""
    matplotlib.rcParams.update({
        "figure.figsize": (7.0, 4.0),
        "figure.dpi": 80,
        "savefig.dpi": 80,
        "axes.grid": False,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "font.size": 10,
    })


def to_numpy(x) -> np.ndarray:
    """Tensor or array-like to a NumPy array on the CPU (detached)."""
    if isinstance(x, torch.Tensor):
        return x.detach().float().cpu().numpy()
    return np.asarray(x)


def heatmap(weights, x_labels=None, y_labels=None, ax=None, title=None, *,
            cmap="Blues", annotate: bool | None = None, vmin=0.0, vmax=None,
            xlabel="key (kis word ko dekha)", ylabel="query (kaun dekh raha hai)", colorbar: bool = True):
    """Draw a 2-D matrix (e.g. attention weights) with labelled rows and columns.

    Values are written in the cells when the matrix is small (annotate=None → auto).
    ``colorbar=False`` leaves out the colour bar (a grid of heatmaps shares one). Returns the Axes.
    """
    w = to_numpy(weights)
    if w.ndim != 2:
        raise fail("heatmap(weights)", "2-D matrix", f"{w.ndim}-D, shape {w.shape}",
                   "batch/head wali dimension pehle index kar lijiye, jaise weights[0].")
    if ax is None:
        _, ax = plt.subplots(figsize=(max(3.0, 0.55 * w.shape[1] + 1.5),
                                      max(2.5, 0.45 * w.shape[0] + 1.0)))
    image = ax.imshow(w, cmap=cmap, vmin=vmin, vmax=vmax, aspect="auto")
    if x_labels is not None:
        ax.set_xticks(range(len(x_labels)), list(x_labels), rotation=45, ha="right")
    if y_labels is not None:
        ax.set_yticks(range(len(y_labels)), list(y_labels))
    if annotate is None:
        annotate = w.size <= 144
    if annotate:
        top = np.nanmax(w) if vmax is None else vmax
        for i in range(w.shape[0]):
            for j in range(w.shape[1]):
                ax.text(j, i, f"{w[i, j]:.2f}", ha="center", va="center", fontsize=7,
                        color="white" if w[i, j] > 0.6 * top else "black")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title)
    if colorbar:
        ax.figure.colorbar(image, ax=ax, fraction=0.046, pad=0.04)
    return ax


def plot_history(histories: dict[str, History], x: str = "step", ax_loss=None, ax_acc=None):
    """Loss and accuracy curves side by side for one or more runs (x = "step" or "time")."""
    if x not in ("step", "time"):
        raise fail("`x`", "'step' ya 'time'", repr(x))
    if ax_loss is None or ax_acc is None:
        _, (ax_loss, ax_acc) = plt.subplots(1, 2, figsize=(10, 3.5))
    for name, h in histories.items():
        ax_loss.plot(h.steps, h.losses, label=name, alpha=0.8)
        xs = h.eval_steps if x == "step" else h.eval_times
        ax_acc.plot(xs, h.accuracies, marker="o", markersize=3, label=name)
    ax_loss.set_xlabel("step")
    ax_loss.set_ylabel("loss")
    ax_loss.set_yscale("log")
    ax_loss.set_title("Loss (kam = behtar)")
    ax_acc.set_xlabel("step" if x == "step" else "wall time (s)")
    ax_acc.set_ylabel("accuracy")
    ax_acc.set_ylim(0, 1.02)
    ax_acc.set_title("Held-out accuracy")
    for ax in (ax_loss, ax_acc):
        ax.legend()
    plt.tight_layout()
    return ax_loss, ax_acc


def arrow(ax, start, end, color="#333333", width=1.4, style="-|>", **kwargs):
    """An arrow from ``start`` to ``end`` (data coordinates), drawn above boxes."""
    ax.add_patch(FancyArrowPatch(start, end, arrowstyle=style, mutation_scale=12,
                                 color=color, linewidth=width, zorder=3, **kwargs))


def box(ax, x, y, w, h, text, face, edge="#333333", fontsize=9, rounding=0.08, **text_kwargs):
    """A rounded box with its lower-left corner at (x, y) and ``text`` in its middle."""
    ax.add_patch(FancyBboxPatch((x, y), w, h, boxstyle=f"round,pad=0.02,rounding_size={rounding}",
                                facecolor=face, edgecolor=edge, linewidth=1.2))
    ax.text(x + w / 2, y + h / 2, text, ha="center", va="center", fontsize=fontsize, **text_kwargs)
