"""Scaled dot-product attention, from scratch, and the masks it uses (notebook 02).

Mask convention (the same as ``torch.nn.functional.scaled_dot_product_attention``):
a boolean mask is True where a query *may* look at a key; a float mask is added to the scores
(0 = allowed, -inf = blocked). A query row whose keys are all blocked gets zero weights, a
zero output and zero gradients: this module does that itself, so it holds on every torch version
the package allows. (F.scaled_dot_product_attention returns zeros there only from torch 2.5 on,
pytorch/pytorch#103749 and #133882; older versions give NaN. nn.MultiheadAttention's softmax
path gives NaN.) ``blocked_causal_mask`` gives PyTorch's layer convention instead (True = blocked)."""

from __future__ import annotations

import math
import numbers

import torch

from ..errors import broadcast_shape, describe, fail, require_positive_int, require_tensor


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
    batch = broadcast_shape(q.shape[:-2], k.shape[:-2], v.shape[:-2])
    if batch is None:
        raise fail("q, k, v ki batch dimensions", "broadcast hone layak",
                   f"{tuple(q.shape)}, {tuple(k.shape)}, {tuple(v.shape)}")
    scores_shape = (*batch, q.shape[-2], k.shape[-2])
    if mask is not None:
        if not isinstance(mask, torch.Tensor):
            raise fail("`mask`", "bool ya float tensor (ya None)", describe(mask))
        if mask.dtype != torch.bool and not mask.is_floating_point():
            raise fail("`mask`", "dtype bool (True = dekh sakta hai) ya float (score me jodne ke liye)",
                       f"dtype {mask.dtype}", "`mask.bool()` ya `mask.float()` kijiye.")
        if broadcast_shape(mask.shape, scores_shape) != tuple(scores_shape):
            raise fail("`mask` ka shape", f"scores ke shape {scores_shape} par broadcast hone layak",
                       f"shape {tuple(mask.shape)}",
                       "mask ki last do dims (query_len, key_len) honi chahiye.")


def _scale(scale, d_k: int) -> float:
    """The factor the scores are multiplied by: 1/√d_k by default, else ``scale`` (a real number)."""
    if scale is None:
        return 1.0 / math.sqrt(d_k)
    if isinstance(scale, bool) or not isinstance(scale, numbers.Real) or not math.isfinite(scale):
        raise fail("`scale`", "ek finite number (ya None = 1/√d_k)", describe(scale))
    return float(scale)


def attention_scores(q: torch.Tensor, k: torch.Tensor, scale: float | None = None) -> torch.Tensor:
    """Scaled scores q·kᵀ / √d_k (or times ``scale``), shape (..., L_q, L_k)."""
    _validate(q, k, k, None)
    return (q @ k.transpose(-2, -1)) * _scale(scale, q.shape[-1])


def scaled_dot_product_attention(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor,
                                 mask: torch.Tensor | None = None, *, scale: float | None = None
                                 ) -> tuple[torch.Tensor, torch.Tensor]:
    """softmax(q·kᵀ/√d_k + mask)·v. Returns (output, weights).

    Shapes: q (..., L_q, d_k), k (..., L_k, d_k), v (..., L_k, d_v), mask broadcastable to
    (..., L_q, L_k). Output (..., L_q, d_v), weights (..., L_q, L_k), each row summing to 1.

    A fully blocked row (every score -inf) is defined here, not left to PyTorch: its weights,
    its output and the gradients through it are exactly 0, on any torch version.
    """
    _validate(q, k, v, mask)
    scores = (q @ k.transpose(-2, -1)) * _scale(scale, q.shape[-1])
    if mask is not None:
        if mask.dtype == torch.bool:
            scores = scores.masked_fill(~mask, float("-inf"))
        else:
            scores = scores + mask.to(scores.dtype)
    blocked = torch.isneginf(scores).all(dim=-1, keepdim=True)
    # A fully blocked row would be softmax(-inf, …, -inf) = NaN (and NaN gradients through a
    # float mask); give softmax finite zeros there, then zero those weights.
    weights = torch.softmax(scores.masked_fill(blocked, 0.0), dim=-1).masked_fill(blocked, 0.0)
    return weights @ v, weights


# ---------------------------------------------------------------- masks

def causal_mask(size: int, device=None) -> torch.Tensor:
    """Boolean (size, size) mask: position i may look at positions 0..i only (lower triangle)."""
    require_positive_int("size", size)
    return torch.ones(size, size, dtype=torch.bool, device=device).tril()


def padding_mask(lengths, max_len: int | None = None) -> torch.Tensor:
    """Boolean (batch, 1, max_len) key mask: True for real tokens, False for padding.

    It broadcasts over the query axis of (batch, L_q, L_k) scores. For 4-D (batch, heads, L_q,
    L_k) scores add a heads axis: ``padding_mask(lengths)[:, None]``.
    """
    try:
        lengths = torch.as_tensor(lengths)
    except (TypeError, ValueError, RuntimeError):
        raise fail("`lengths`", "1-D integer list/tensor (har sentence ki lambai)",
                   describe(lengths)) from None
    if lengths.dim() != 1 or lengths.is_floating_point() or lengths.is_complex() \
            or lengths.dtype == torch.bool:
        raise fail("`lengths`", "1-D integer list/tensor (har sentence ki lambai)", describe(lengths))
    if (lengths < 0).any():
        raise fail("`lengths`", "non-negative lambaiyan", str(lengths.tolist()))
    longest = int(lengths.max()) if lengths.numel() else 0
    if max_len is None:
        max_len = longest
    elif isinstance(max_len, bool) or not isinstance(max_len, int):
        raise fail("`max_len`", "ek int (ya None)", describe(max_len))
    if max_len < longest:
        raise fail("`max_len`", f"kam se kam sabse lambi sentence ({longest})", str(max_len))
    return (torch.arange(max_len, device=lengths.device) < lengths[:, None])[:, None, :]


def blocked_causal_mask(size: int, device=None) -> torch.Tensor:
    """PyTorch's convention of the causal mask: True where attention is NOT allowed (future)."""
    return ~causal_mask(size, device=device)
