"""Plot helpers shared by the notebooks: one style, one heatmap, one way to embed a figure."""

from __future__ import annotations

import base64
import io

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import torch

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
            xlabel="key (kis word ko dekha)", ylabel="query (kaun dekh raha hai)"):
    """Draw a 2-D matrix (e.g. attention weights) with labelled rows and columns.

    Values are written in the cells when the matrix is small (annotate=None → auto).
    Returns the matplotlib Axes.
    """
    w = to_numpy(weights)
    if w.ndim != 2:
        from .errors import fail
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
    ax.figure.colorbar(image, ax=ax, fraction=0.046, pad=0.04)
    return ax


def figure_to_png_base64(fig) -> str:
    """Encode a matplotlib figure as a base64 PNG (used for static fallbacks)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight")
    return base64.b64encode(buffer.getvalue()).decode("ascii")
