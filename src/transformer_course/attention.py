"""Notebook 02: scaled dot-product attention, from scratch, plus the masks it uses.

Mask convention (the same as ``torch.nn.functional.scaled_dot_product_attention``):
a boolean mask is True where a query *may* look at a key; a float mask is added to the scores
(0 = allowed, -inf = blocked). A query row whose keys are all blocked gets zero weights and a
zero output (F.scaled_dot_product_attention does the same; nn.MultiheadAttention gives NaN).
"""

from __future__ import annotations

import math

import torch

from .errors import describe, fail, require_tensor


def _validate(q, k, v, mask):
    for name, x in (("q", q), ("k", k), ("v", v)):
        require_tensor(name, x)
        if x.dim() < 2:
            raise fail(f"`{name}`", "kam se kam 2-D tensor (seq_len, d)", f"{x.dim()}-D, shape {tuple(x.shape)}",
                       "ek sentence ke liye shape (seq_len, d) hota hai; batch ho to (batch, seq_len, d).")
    if not (q.dtype == k.dtype == v.dtype):
        raise fail("q, k, v ke dtypes", "teeno same", f"{q.dtype}, {k.dtype}, {v.dtype}",
                   "sab ko `.float()` (ya `.double()`) kar dijiye.")
    if q.shape[-1] != k.shape[-1]:
        raise fail("q aur k ki last dimension (d_k)", "barabar",
                   f"q: {q.shape[-1]}, k: {k.shape[-1]}",
                   "score = q · k, isliye dono vectors ki lambai same honi chahiye.")
    if k.shape[-2] != v.shape[-2]:
        raise fail("k aur v ki seq_len (dim -2)", "barabar", f"k: {k.shape[-2]}, v: {v.shape[-2]}",
                   "har key ke saath ek value hoti hai.")
    try:
        batch = torch.broadcast_shapes(q.shape[:-2], k.shape[:-2], v.shape[:-2])
    except RuntimeError:
        raise fail("q, k, v ki batch dimensions", "broadcast hone layak",
                   f"{tuple(q.shape)}, {tuple(k.shape)}, {tuple(v.shape)}") from None
    scores_shape = (*batch, q.shape[-2], k.shape[-2])
    if mask is not None:
        if not isinstance(mask, torch.Tensor):
            raise fail("`mask`", "bool ya float tensor (ya None)", describe(mask))
        if mask.dtype != torch.bool and not mask.is_floating_point():
            raise fail("`mask`", "dtype bool (True = dekh sakta hai) ya float (score me jodne ke liye)",
                       f"dtype {mask.dtype}", "`mask.bool()` ya `mask.float()` kijiye.")
        try:
            ok = torch.broadcast_shapes(mask.shape, scores_shape) == torch.Size(scores_shape)
        except RuntimeError:
            ok = False
        if not ok:
            raise fail("`mask` ka shape", f"scores ke shape {scores_shape} par broadcast hone layak",
                       f"shape {tuple(mask.shape)}",
                       "mask ki last do dims (query_len, key_len) honi chahiye.")


def attention_scores(q: torch.Tensor, k: torch.Tensor, scale: float | None = None) -> torch.Tensor:
    """Scaled scores q·kᵀ / √d_k (or times ``scale``), shape (..., L_q, L_k)."""
    _validate(q, k, k, None)
    scale = 1.0 / math.sqrt(q.shape[-1]) if scale is None else scale
    return (q @ k.transpose(-2, -1)) * scale


def scaled_dot_product_attention(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor,
                                 mask: torch.Tensor | None = None, *, scale: float | None = None
                                 ) -> tuple[torch.Tensor, torch.Tensor]:
    """softmax(q·kᵀ/√d_k + mask)·v. Returns (output, weights).

    Shapes: q (..., L_q, d_k), k (..., L_k, d_k), v (..., L_k, d_v), mask broadcastable to
    (..., L_q, L_k). Output (..., L_q, d_v), weights (..., L_q, L_k), each row summing to 1
    (0 for a fully blocked row).
    """
    _validate(q, k, v, mask)
    scale = 1.0 / math.sqrt(q.shape[-1]) if scale is None else scale
    scores = (q @ k.transpose(-2, -1)) * scale
    if mask is not None:
        if mask.dtype == torch.bool:
            scores = scores.masked_fill(~mask, float("-inf"))
        else:
            scores = scores + mask.to(scores.dtype)
    blocked = torch.isneginf(scores).all(dim=-1, keepdim=True)
    weights = torch.softmax(scores, dim=-1).masked_fill(blocked, 0.0)
    return weights @ v, weights


def causal_mask(size: int, device=None) -> torch.Tensor:
    """Boolean (size, size) mask: position i may look at positions 0..i only (lower triangle)."""
    from .errors import require_positive_int
    require_positive_int("size", size)
    return torch.ones(size, size, dtype=torch.bool, device=device).tril()


def padding_mask(lengths, max_len: int | None = None) -> torch.Tensor:
    """Boolean (batch, 1, max_len) key mask: True for real tokens, False for padding.

    It broadcasts over the query axis of (batch, L_q, L_k) scores.
    """
    lengths = torch.as_tensor(lengths)
    if lengths.dim() != 1 or lengths.is_floating_point():
        raise fail("`lengths`", "1-D integer list/tensor (har sentence ki lambai)", describe(lengths))
    if (lengths < 0).any():
        raise fail("`lengths`", "non-negative lambaiyan", str(lengths.tolist()))
    longest = int(lengths.max()) if lengths.numel() else 0
    max_len = longest if max_len is None else max_len
    if max_len < longest:
        raise fail("`max_len`", f"kam se kam sabse lambi sentence ({longest})", str(max_len))
    return (torch.arange(max_len) < lengths[:, None])[:, None, :]
