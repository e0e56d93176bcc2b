"""Notebook 03_positional_encoding: the table's pictures, its similarity plot and the explorer."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import torch

from ..model.positional_encoding import BASE, wavelengths
from .plotting import COLORS, heatmap, to_numpy

# ---------------------------------------------------------------- pictures

def plot_encoding(pe: torch.Tensor, ax=None, title="Positional encoding: har row ek position ka vector"):
    """Heatmap of the table: positions down, dimensions across, red = +1, blue = -1."""
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 4.8))
    heatmap(pe, ax=ax, cmap="RdBu_r", vmin=-1, vmax=1, annotate=False, title=title,
            xlabel="dimension (0, 1 = sabse tez pair … aakhri = sabse dheema)",
            ylabel="position (token ka number)")
    return ax


def plot_wavelengths(d_model: int, max_len: int | None = None, base: float = BASE, ax=None):
    """Wavelength of every (sin, cos) pair on a log scale, with the sentence length marked."""
    lam = to_numpy(wavelengths(d_model, base))
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 3.8))
    ax.semilogy(np.arange(len(lam)), lam, "o-", color=COLORS["transformer"], markersize=4,
                label="wavelength = 2π·10000^(2i/d_model)")
    if max_len is not None:
        ax.axhline(max_len, color=COLORS["rnn"], linestyle="--", label=f"sentence length = {max_len}")
    ax.set_xlabel("pair index i (dimensions 2i, 2i+1)")
    ax.set_ylabel("wavelength (positions, log scale)")
    ax.set_title(f"Har pair ki apni speed: {lam[0]:.1f} se {lam[-1]:,.0f} positions tak")
    ax.legend(loc="upper left")
    ax.grid(True, which="major", alpha=0.3)
    return ax


def plot_similarity(pe: torch.Tensor, anchors=(10, 40, 70), span: int = 25):
    """Left: PE·PEᵀ for every pair of positions. Right: PE(p)·PE(p+Δ) for a few p, over Δ."""
    pe64 = pe.double()
    sim = pe64 @ pe64.T
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2), gridspec_kw={"width_ratios": [1, 1.2]})
    heatmap(sim, ax=left, cmap="viridis", vmin=None, annotate=False,
            title="PE(p)·PE(q): har diagonal par ek hi value",
            xlabel="position q", ylabel="position p")
    offsets = np.arange(-span, span + 1)
    for anchor, style in zip(anchors, ["-", "--", ":"], strict=False):
        keep = (anchor + offsets >= 0) & (anchor + offsets < len(pe))
        values = to_numpy(sim[anchor, anchor + offsets[keep]])
        right.plot(offsets[keep], values, style, linewidth=2, label=f"p = {anchor}")
    right.set_xlabel("distance Δ = q − p")
    right.set_ylabel("PE(p)·PE(q)")
    right.set_title("Teeno curves ek doosre ke upar: sirf |Δ| matter karta hai")
    right.axvline(0, color=COLORS["muted"], linewidth=0.8)
    right.legend()
    fig.tight_layout()
    return fig


def draw_position_explorer(pe: torch.Tensor, position: int, dimension: int):
    """Explorer picture: the vector of one position, and one dimension across all positions."""
    position = min(max(int(position), 0), pe.shape[0] - 1)
    dimension = min(max(int(dimension), 0), pe.shape[1] - 1)
    table = to_numpy(pe)
    d_model = table.shape[1]
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 3.6))
    colors = [COLORS["transformer"] if j % 2 == 0 else COLORS["lstm"] for j in range(d_model)]
    colors[dimension] = COLORS["rnn"]  # the chosen dimension, also marked on the right
    left.bar(np.arange(d_model), table[position], color=colors)
    left.annotate(f"dim {dimension}", (dimension, table[position, dimension]),
                  xytext=(0, 8 if table[position, dimension] >= 0 else -14),
                  textcoords="offset points", ha="center", color=COLORS["rnn"], fontsize=9)
    left.set_ylim(-1.25, 1.25)
    left.set_xlabel("dimension (neela = sin, naranji = cos, laal = chuni hui)")
    left.set_title(f"PE[{position}]: position {position} ka poora vector")
    pair = dimension // 2
    kind = "sin" if dimension % 2 == 0 else "cos"
    wavelength = float(wavelengths(d_model)[pair])
    right.plot(np.arange(len(table)), table[:, dimension], color=COLORS["muted"])
    right.axvline(position, color=COLORS["rnn"], linewidth=0.8, linestyle="--")
    right.plot([position], [table[position, dimension]], "o", color=COLORS["rnn"], markersize=9)
    right.set_ylim(-1.25, 1.25)
    right.set_xlabel("position")
    right.set_title(f"dimension {dimension} = {kind}(pos·ω_{pair}), wavelength ≈ {wavelength:,.1f}\n"
                    f"position {position} par value = {table[position, dimension]:+.3f}")
    fig.tight_layout()
    plt.show()


def plot_sentence_weights(weights: dict, title: str):
    """Side-by-side attention-weight heatmaps, one per sentence (rows/columns = its words)."""
    fig, axes = plt.subplots(1, len(weights), figsize=(4.6 * len(weights), 3.4))
    for ax, (sentence, w) in zip(np.atleast_1d(axes), weights.items(), strict=True):
        words = sentence.split()
        heatmap(w, x_labels=words, y_labels=words, ax=ax, vmax=1.0, annotate=True,
                title=f'"{sentence}"')
    fig.suptitle(title)
    fig.tight_layout()
    return fig
