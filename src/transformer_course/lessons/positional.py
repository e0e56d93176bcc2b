"""Notebook 03_positional_encoding: the table's pictures, its similarity plot and the explorer,
and the numbers behind two honest limits: PE(p)·PE(q) does not fall steadily with distance, and
it cannot tell before from after (a fixed linear map between them can)."""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np
import torch

from ..errors import describe, fail
from ..model.positional_encoding import BASE, frequencies, wavelengths
from .plotting import COLORS, heatmap, to_numpy

# ---------------------------------------------------------------- the numbers behind the pictures

def stripes_summary(d_model: int, max_len: int, pairs=None, base: float = BASE) -> str:
    """Why the heatmap has stripes, in numbers: every pair's wavelength and how many full turns it
    makes in ``max_len`` positions, and how little the slowest pair moves."""
    lam = wavelengths(d_model, base)
    n_pairs = d_model // 2
    pairs = sorted({0, 1, n_pairs // 4, n_pairs // 2, n_pairs - 1} if pairs is None else set(pairs))
    lines = [f"pair i | dims       | wavelength (positions) | {max_len} positions me chakkar"]
    for i in pairs:
        lines.append(f"{i:>6} | {2 * i:>3}, {2 * i + 1:<5} | {float(lam[i]):>22,.1f} | "
                     f"{max_len / float(lam[i]):>9.3f}")
    slow = int((lam > 2 * max_len).sum())
    last = (max_len - 1) * float(frequencies(d_model, base)[-1])
    lines.append(f"{n_pairs} me se {slow} pairs {max_len} positions me aadha chakkar bhi nahi ghoomte "
                 f"(wavelength > {2 * max_len}).")
    lines.append(f"Aakhri pair position {max_len - 1} par: sin = {math.sin(last):.4f}, "
                 f"cos = {math.cos(last):.4f} (position 0 par 0 aur 1).")
    return "\n".join(lines)


def similarity_by_distance(d_model: int, max_distance: int, base: float = BASE) -> torch.Tensor:
    """PE(p)·PE(p+Δ) = Σ_i cos(Δ·ω_i) for Δ = 0..max_distance (float64); the same for every p."""
    deltas = torch.arange(max_distance + 1, dtype=torch.float64)
    return torch.cos(deltas[:, None] * frequencies(d_model, base)).sum(-1)


def rises(values) -> list[int]:
    """The Δ at which a curve goes up on the next step (values[Δ+1] > values[Δ])."""
    v = torch.as_tensor(values, dtype=torch.float64)
    return [int(i) for i in torch.nonzero(v[1:] > v[:-1]).flatten()]


def monotone_summary(similarity, show: int = 6, window: int = 5, margin: float = 0.5) -> str:
    """Whether PE·PE falls steadily with distance, in words built from the numbers: where it
    first rises, its biggest rise within ``window`` steps, and the farthest pair (a < b) where
    the farther distance b is more similar than a by at least ``margin``."""
    sim = torch.as_tensor(similarity, dtype=torch.float64)
    up = rises(sim)
    n = len(sim) - 1
    if not up:
        return f"Δ = 0..{n}: PE(p)·PE(p+Δ) har step par girta hai (is range me seedha girna sach)."
    first = up[0]
    lines = [f"Δ = 0..{first}: har step par girta hai ({sim[0]:.2f} → {sim[first]:.2f}).",
             f"Lekin Δ = 0..{n} ke {n} steps me se {len(up)} par badhta hai, pehli baar "
             f"Δ = {first} → {first + 1} par." + ("" if len(up) == 1 else " Kuch aur: " + ", ".join(
                 f"{d}→{d + 1}" for d in up[1:show]) + (" …" if len(up) > show else ""))]
    a, b = max(((a, b) for a in range(n) for b in range(a + 1, min(a + window, n) + 1)),
               key=lambda ab: sim[ab[1]] - sim[ab[0]])
    lines.append(f"Sabse bada ulta jump ({window} steps ke andar): Δ = {a} par {sim[a]:.2f}, "
                 f"Δ = {b} par {sim[b]:.2f} (door, phir bhi zyada 'similar').")
    far = [(a, b) for a in range(1, n + 1) for b in range(a + 1, n + 1) if sim[b] - sim[a] >= margin]
    if far:
        a, b = max(far, key=lambda ab: (ab[1] - ab[0], -ab[0]))
        lines.append(f"Sabse door ki ulti jodi (fark ≥ {margin}): Δ = {b} ({sim[b]:.2f}) Δ = {a} "
                     f"({sim[a]:.2f}) se zyada 'similar', jabki {b - a} positions aur door.")
    return "\n".join(lines)


def before_after_matrix(d_model: int, dtype=torch.float64) -> torch.Tensor:
    """Block-diagonal A with blocks [[0, 1], [-1, 0]] (each pair turned by 90°), so that
    PE(p)ᵀ·A·PE(q) = Σ_i sin((p − q)·ω_i): positive when q comes before p, negative after."""
    if isinstance(d_model, bool) or not isinstance(d_model, int) or d_model <= 0 or d_model % 2:
        raise fail("`d_model`", "ek positive even int", describe(d_model))
    block = torch.tensor([[0.0, 1.0], [-1.0, 0.0]], dtype=dtype)
    return torch.block_diag(*[block] * (d_model // 2))


def first_sign_failure(d_model: int, base: float = BASE, limit: int = 100_000) -> int | None:
    """The first distance Δ ≥ 1 where Σ_i sin(Δ·ω_i) ≤ 0, i.e. where the sign of PE(p)ᵀ·A·PE(p − Δ)
    stops saying "key pehle"; None if it holds for every Δ up to ``limit``."""
    omega = frequencies(d_model, base).double()
    for start in range(1, limit + 1, 4096):
        deltas = torch.arange(start, min(start + 4096, limit + 1), dtype=torch.float64)
        bad = torch.nonzero(torch.sin(deltas[:, None] * omega).sum(-1) <= 0).flatten()
        if len(bad):
            return int(deltas[bad[0]])
    return None


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
    # the curves lie exactly on top of each other: a thick pale line, dashes with rings, small
    # crosses, so that all three stay visible
    styles = [{"ls": "-", "lw": 6, "alpha": 0.35},
              {"ls": "--", "lw": 1.5, "marker": "o", "markersize": 6, "markerfacecolor": "none"},
              {"ls": "none", "marker": "x", "markersize": 4}]
    for anchor, style in zip(anchors, styles, strict=False):
        keep = (anchor + offsets >= 0) & (anchor + offsets < len(pe))
        values = to_numpy(sim[anchor, anchor + offsets[keep]])
        right.plot(offsets[keep], values, label=f"p = {anchor}", **style)
    right.set_xlabel("distance Δ = q − p")
    right.set_ylabel("PE(p)·PE(q)")
    right.set_title("Teeno curves ek doosre ke upar: sirf |Δ| matter karta hai")
    right.axvline(0, color=COLORS["muted"], linewidth=0.8)
    right.legend()
    fig.tight_layout()
    return fig


def plot_direction(pe: torch.Tensor, anchor: int = 40, span: int = 30):
    """Left: PE(p)·PE(p+Δ) over Δ: symmetric, and not falling steadily (rises marked).
    Right: PE(p)ᵀ·A·PE(p+Δ) with A = ``before_after_matrix``: its sign tells before from after."""
    pe64 = pe.double()
    d_model = pe64.shape[1]
    offsets = np.arange(-span, span + 1)
    keep = (anchor + offsets >= 0) & (anchor + offsets < len(pe64))
    offsets = offsets[keep]
    others = pe64[anchor + offsets]
    sim = to_numpy(others @ pe64[anchor])
    directed = to_numpy(pe64[anchor] @ before_after_matrix(d_model) @ others.T)
    limit = first_sign_failure(d_model)
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 3.8))
    left.plot(offsets, sim, "-", color=COLORS["transformer"], linewidth=2)
    up = [i for i in range(len(offsets) - 1) if offsets[i] >= 0 and sim[i + 1] > sim[i]]
    left.plot(offsets[[i + 1 for i in up]], sim[[i + 1 for i in up]], "o", color=COLORS["rnn"],
              markersize=5, label="door jaane par bhi badha")
    left.set_title(f"PE({anchor})·PE({anchor}+Δ): symmetric, aur seedha nahi girta")
    left.legend(loc="lower center", fontsize=8)
    right.plot(offsets, directed, "-", color=COLORS["lstm"], linewidth=2)
    right.axhline(0, color=COLORS["muted"], linewidth=0.8)
    where = "har Δ" if limit is None else f"sirf |Δ| < {limit} tak"
    right.set_title(f"PE({anchor})ᵀ·A·PE({anchor}+Δ): sign = pehle/baad ({where})")
    for ax in (left, right):
        ax.axvline(0, color=COLORS["muted"], linewidth=0.8)
        ax.set_xlabel("Δ = q − p  (Δ < 0: key pehle, Δ > 0: key baad me)")
    left.set_ylabel("PE·PE")
    right.set_ylabel("PEᵀ·A·PE = Σ sin((p − q)·ω_i)")
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
