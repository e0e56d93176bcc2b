"""Notebook 03: positional encoding: the sine/cosine table, its properties, and RoPE.

Layout (as in "Attention Is All You Need", §3.5): for position ``pos`` and pair index ``i``

    PE[pos, 2i]   = sin(pos · ω_i)      PE[pos, 2i+1] = cos(pos · ω_i),   ω_i = 1 / 10000^(2i/d_model)

so dimensions 2i and 2i+1 form one (sin, cos) pair that turns at angular speed ω_i. Everything
here (the rotation matrix M_k, the wavelengths, RoPE) uses the same interleaved pairs.
Tables are computed in float64 on the CPU and then cast, so float32 results are as exact as
float32 allows and every device (MPS too, which has no float64) gets the same numbers.
"""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np
import torch
from torch import nn

from .checks import Case, check
from .errors import describe, fail, require_positive_int, require_tensor
from .plotting import COLORS, heatmap, to_numpy

BASE = 10000.0  # the paper's constant


# ---------------------------------------------------------------- validation

def _require_d_model(d_model) -> int:
    require_positive_int("d_model", d_model)
    if d_model % 2:
        raise fail("`d_model`", "ek even number (har (sin, cos) pair ko 2 dimensions chahiye)",
                   str(d_model), f"{d_model - 1} ya {d_model + 1} jaisa even size lijiye.")
    return d_model


def _require_base(base) -> float:
    if isinstance(base, bool) or not isinstance(base, (int, float)) or not base > 1:
        raise fail("`base`", "1 se bada number (paper me 10000)", describe(base))
    return float(base)


# ---------------------------------------------------------------- the encoding

def frequencies(d_model: int, base: float = BASE, dtype=torch.float64) -> torch.Tensor:
    """Angular speeds ω_i = base^(-2i/d_model) of the d_model/2 pairs, fastest first."""
    _require_d_model(d_model)
    base = _require_base(base)
    two_i = torch.arange(0, d_model, 2, dtype=torch.float64)
    return (base ** (-two_i / d_model)).to(dtype)


def wavelengths(d_model: int, base: float = BASE) -> torch.Tensor:
    """Wavelength 2π/ω_i of each pair, in positions: from 2π (pair 0) up to almost 2π·base."""
    return 2 * math.pi / frequencies(d_model, base)


def sinusoidal_positional_encoding(max_len: int, d_model: int, *, base: float = BASE,
                                   dtype=torch.float32, device=None) -> torch.Tensor:
    """The paper's sine/cosine table, shape (max_len, d_model): row p is the vector of position p.

    Even columns hold sin(p·ω_i), odd columns cos(p·ω_i). Odd ``d_model`` or non-positive sizes
    raise a CourseError (a ValueError).
    """
    require_positive_int("max_len", max_len)
    omega = frequencies(d_model, base)                                # (d_model/2,)
    angles = torch.arange(max_len, dtype=torch.float64)[:, None] * omega  # (max_len, d_model/2)
    pe = torch.stack([angles.sin(), angles.cos()], dim=-1)            # (max_len, d_model/2, 2)
    return pe.reshape(max_len, d_model).to(device=device, dtype=dtype)


def rotation_matrix(k: int, d_model: int, *, base: float = BASE, dtype=torch.float32
                    ) -> torch.Tensor:
    """Block-diagonal M_k with PE[p + k] = M_k @ PE[p] for every p (k may be negative).

    Block i is [[cos kω_i, sin kω_i], [-sin kω_i, cos kω_i]]: it turns the pair (sin, cos) by
    the angle kω_i. M_k depends on k (the offset) only, never on p.
    """
    if isinstance(k, bool) or not isinstance(k, int):
        raise fail("`k`", "ek int (kitni positions aage)", describe(k))
    phi = k * frequencies(d_model, base)
    c, s = phi.cos(), phi.sin()
    blocks = torch.stack([torch.stack([c, s], -1), torch.stack([-s, c], -1)], -2)  # (d/2, 2, 2)
    return torch.block_diag(*blocks).to(dtype)


def add_positional_encoding(x: torch.Tensor, pe: torch.Tensor, *, scale: bool = False
                            ) -> torch.Tensor:
    """x (..., L, d_model) + pe[:L]; with ``scale=True`` first x·√d_model, as the paper does."""
    require_tensor("x", x)
    require_tensor("pe", pe, ndim=2)
    if x.dim() < 2:
        raise fail("`x`", "kam se kam 2-D tensor (seq_len, d_model)", f"{x.dim()}-D, shape {tuple(x.shape)}")
    length, d_model = x.shape[-2], x.shape[-1]
    if pe.shape[1] != d_model:
        raise fail("x aur pe ki last dimension (d_model)", "barabar",
                   f"x: {d_model}, pe: {pe.shape[1]}", "PE table usi d_model se banaiye.")
    if length > pe.shape[0]:
        raise fail("sequence ki lambai", f"PE table ki rows ({pe.shape[0]}) se zyada nahi",
                   str(length), "sinusoidal table kisi bhi lambai ke liye ban sakti hai: max_len badhaiye.")
    if scale:
        x = x * math.sqrt(d_model)
    return x + pe[:length].to(device=x.device, dtype=x.dtype)


class PositionalEncoding(nn.Module):
    """Adds the fixed sine/cosine table to (batch, seq_len, d_model) inputs; no parameters."""

    def __init__(self, d_model: int, max_len: int = 512, dropout: float = 0.0):
        super().__init__()
        self.d_model = _require_d_model(d_model)
        self.dropout = nn.Dropout(dropout)
        self.register_buffer("pe", sinusoidal_positional_encoding(max_len, d_model), persistent=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.dropout(add_positional_encoding(x, self.pe))


# ---------------------------------------------------------------- RoPE (for the "Aage" box)

def apply_rotary(x: torch.Tensor, positions=None, *, base: float = BASE) -> torch.Tensor:
    """Rotary position embedding: turn each pair (x[2i], x[2i+1]) by the angle pos·ω_i.

    x: (..., L, d) with even d; positions: L ints (default 0..L-1). Applied to q and k, the
    score rope(q, m)·rope(k, n) depends on n - m only (and on q, k), not on m and n themselves.
    """
    require_tensor("x", x)
    if x.dim() < 2:
        raise fail("`x`", "kam se kam 2-D tensor (seq_len, d)", f"{x.dim()}-D, shape {tuple(x.shape)}")
    length, d = x.shape[-2], x.shape[-1]
    _require_d_model(d)
    if positions is None:
        positions = torch.arange(length)
    positions = torch.as_tensor(positions)
    if positions.shape != (length,) or positions.is_floating_point():
        raise fail("`positions`", f"{length} integer positions (har token ki ek)", describe(positions))
    angles = positions.to(torch.float64)[:, None] * frequencies(d, base)  # (L, d/2)
    cos, sin = angles.cos().to(x), angles.sin().to(x)
    even, odd = x[..., 0::2], x[..., 1::2]
    return torch.stack([even * cos - odd * sin, even * sin + odd * cos], dim=-1).flatten(-2)


# ---------------------------------------------------------------- the exercise check

def check_sinusoidal_positional_encoding(fn) -> bool:
    """Compare the learner's table with the reference; wrong sizes must raise ValueError."""
    cases = [
        Case("max_len=10, d_model=8", (10, 8)),
        Case("max_len=50, d_model=16", (50, 16)),
        Case("max_len=128, d_model=64", (128, 64)),
        Case("edge: max_len=1 (sirf position 0)", (1, 4)),
        Case("edge: d_model=2 (sirf ek sin/cos pair)", (20, 2)),
        Case("galat: odd d_model=7 → ValueError", (10, 7)),
        Case("galat: max_len=0 → ValueError", (0, 8)),
        Case("galat: d_model=-4 → ValueError", (10, -4)),
    ]
    return check("sinusoidal_positional_encoding", fn, sinusoidal_positional_encoding, cases,
                 atol=1e-4, rtol=1e-4,
                 hint="angle = position / 10000 ** (2i / d_model); even columns (0::2) me sin, "
                      "odd columns (1::2) me cos; output float32, shape (max_len, d_model); odd "
                      "d_model ya size <= 0 par `raise ValueError(...)`.")


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
