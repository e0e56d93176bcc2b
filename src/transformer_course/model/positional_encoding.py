"""Positional encoding: the sine/cosine table, its properties, and RoPE (notebook 03).

Layout (as in "Attention Is All You Need", §3.5): for position ``pos`` and pair index ``i``

    PE[pos, 2i]   = sin(pos · ω_i)      PE[pos, 2i+1] = cos(pos · ω_i),   ω_i = 1 / 10000^(2i/d_model)

so dimensions 2i and 2i+1 form one (sin, cos) pair that turns at angular speed ω_i. Everything
here (the rotation matrix M_k, the wavelengths, RoPE) uses the same interleaved pairs.
Tables are computed in float64 on the CPU and then cast, so float32 results are as exact as
float32 allows and every device (MPS too, which has no float64) gets the same numbers.
"""

from __future__ import annotations

import math

import torch
from torch import nn

from ..errors import describe, fail, require_positive_int, require_tensor

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
