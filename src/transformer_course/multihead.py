"""Notebook 04: multi-head attention from scratch, a drop-in twin of nn.MultiheadAttention.

The parameters have PyTorch's names and shapes (``in_proj_weight``, ``in_proj_bias``,
``out_proj``), so ``mine.load_state_dict(torch_mha.state_dict())`` copies the weights and the
two give the same outputs. Masks follow nn.MultiheadAttention's convention: a boolean
``attn_mask`` or ``key_padding_mask`` is True where attention is NOT allowed; a float mask is
added to the scores. Unlike PyTorch (NaN), a query whose keys are all blocked gets zeros.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

from .attention import scaled_dot_product_attention
from .errors import describe, fail, require_divisible, require_positive_int, require_tensor


def split_heads(x: torch.Tensor, num_heads: int) -> torch.Tensor:
    """(B, L, D) → (B, H, L, D/H): each head gets its own slice of the features."""
    batch, length, dim = x.shape
    return x.reshape(batch, length, num_heads, dim // num_heads).transpose(1, 2)


def merge_heads(x: torch.Tensor) -> torch.Tensor:
    """(B, H, L, D/H) → (B, L, D): the heads' outputs side by side again."""
    batch, heads, length, head_dim = x.shape
    return x.transpose(1, 2).reshape(batch, length, heads * head_dim)


def _as_additive(mask: torch.Tensor, dtype: torch.dtype) -> torch.Tensor:
    """PyTorch-style mask (bool True = blocked, or float) → float mask added to scores."""
    if mask.dtype == torch.bool:
        return torch.zeros(mask.shape, dtype=dtype, device=mask.device).masked_fill(mask, float("-inf"))
    return mask.to(dtype)


def _check_mask(name: str, mask, allowed_shapes: list[tuple[int, ...]]) -> None:
    if mask is None:
        return
    if not isinstance(mask, torch.Tensor):
        raise fail(f"`{name}`", "bool ya float tensor (ya None)", describe(mask))
    if mask.dtype != torch.bool and not mask.is_floating_point():
        raise fail(f"`{name}`", "dtype bool (True = block) ya float", f"dtype {mask.dtype}")
    if tuple(mask.shape) not in allowed_shapes:
        raise fail(f"`{name}` ka shape", " ya ".join(str(s) for s in allowed_shapes),
                   str(tuple(mask.shape)))


class MultiHeadAttention(nn.Module):
    """Multi-head attention with nn.MultiheadAttention's parameters, arguments and outputs."""

    def __init__(self, embed_dim: int, num_heads: int, dropout: float = 0.0, bias: bool = True,
                 batch_first: bool = False):
        super().__init__()
        require_positive_int("embed_dim", embed_dim)
        require_positive_int("num_heads", num_heads)
        require_divisible("embed_dim", embed_dim, "num_heads", num_heads)
        self.embed_dim, self.num_heads = embed_dim, num_heads
        self.head_dim = embed_dim // num_heads
        self.dropout, self.batch_first = dropout, batch_first
        # One matrix holds W_q, W_k, W_v stacked (3·D, D), exactly as in PyTorch.
        self.in_proj_weight = nn.Parameter(torch.empty(3 * embed_dim, embed_dim))
        self.in_proj_bias = nn.Parameter(torch.zeros(3 * embed_dim)) if bias else None
        self.out_proj = nn.Linear(embed_dim, embed_dim, bias=bias)
        nn.init.xavier_uniform_(self.in_proj_weight)
        if bias:
            nn.init.zeros_(self.out_proj.bias)

    def forward(self, query, key, value, key_padding_mask=None, need_weights: bool = True,
                attn_mask=None, average_attn_weights: bool = True):
        for name, x in (("query", query), ("key", key), ("value", value)):
            require_tensor(name, x, ndim=(2, 3))
            if x.shape[-1] != self.embed_dim:
                raise fail(f"`{name}` ki last dimension", f"embed_dim = {self.embed_dim}",
                           f"{x.shape[-1]} (shape {tuple(x.shape)})")
        unbatched = query.dim() == 2
        if unbatched:  # (L, D) → (1, L, D)
            query, key, value = (x.unsqueeze(0) for x in (query, key, value))
        elif not self.batch_first:  # (L, B, D) → (B, L, D)
            query, key, value = (x.transpose(0, 1) for x in (query, key, value))
        if key.shape[:2] != value.shape[:2]:
            raise fail("key aur value ke (batch, seq_len)", "barabar",
                       f"{tuple(key.shape[:2])} aur {tuple(value.shape[:2])}")
        batch, target_len, source_len = query.shape[0], query.shape[1], key.shape[1]
        if key.shape[0] != batch:
            raise fail("query aur key ka batch size", "barabar", f"{batch} aur {key.shape[0]}")
        heads = self.num_heads
        _check_mask("attn_mask", attn_mask, [(target_len, source_len),
                                             (batch * heads, target_len, source_len)])
        padding_shapes = [(source_len,)] if unbatched else [(batch, source_len)]
        _check_mask("key_padding_mask", key_padding_mask, padding_shapes)

        w_q, w_k, w_v = self.in_proj_weight.chunk(3)
        b_q, b_k, b_v = self.in_proj_bias.chunk(3) if self.in_proj_bias is not None else (None,) * 3
        q = split_heads(F.linear(query, w_q, b_q), heads)
        k = split_heads(F.linear(key, w_k, b_k), heads)
        v = split_heads(F.linear(value, w_v, b_v), heads)

        mask = None  # combined float mask, broadcast to (B, H, L, S)
        if attn_mask is not None:
            mask = _as_additive(attn_mask, q.dtype)
            if mask.dim() == 3:
                mask = mask.reshape(batch, heads, target_len, source_len)
        if key_padding_mask is not None:
            padding = _as_additive(key_padding_mask, q.dtype).reshape(batch, 1, 1, source_len)
            mask = padding if mask is None else mask + padding

        context, weights = scaled_dot_product_attention(q, k, v, mask)
        if self.training and self.dropout > 0:
            weights = F.dropout(weights, p=self.dropout)
            context = weights @ v
        output = self.out_proj(merge_heads(context))

        if unbatched:
            output, weights = output.squeeze(0), weights.squeeze(0)
        elif not self.batch_first:
            output = output.transpose(0, 1)
        if not need_weights:
            return output, None
        if average_attn_weights:
            weights = weights.mean(dim=-3)
        return output, weights
