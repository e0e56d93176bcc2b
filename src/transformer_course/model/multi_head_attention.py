"""Multi-head attention from scratch, a drop-in twin of nn.MultiheadAttention (notebook 04).

The parameters have PyTorch's names and shapes (``in_proj_weight``, ``in_proj_bias``,
``out_proj``), so ``mine.load_state_dict(torch_mha.state_dict())`` copies the weights and the
two give the same outputs. Masks follow nn.MultiheadAttention's convention: a boolean
``attn_mask`` or ``key_padding_mask`` is True where attention is NOT allowed; a float mask is
added to the scores. Unlike PyTorch (NaN), a query whose keys are all blocked gets zeros.

``SelfAttention`` is the same idea without the API plumbing (notebook 04's core exercise):
batch-first self-attention with a padding mask, four Linear layers, per-head weights."""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

from ..errors import (
    describe,
    fail,
    require_divisible,
    require_dtype_of,
    require_positive_int,
    require_probability,
    require_tensor,
)
from .dot_product_attention import scaled_dot_product_attention

# ---------------------------------------------------------------- heads: split and merge


def split_heads(x: torch.Tensor, num_heads: int) -> torch.Tensor:
    """(B, L, D) → (B, H, L, D/H): each head gets its own slice of the features.

    Head h gets features h·D/H … (h+1)·D/H − 1 of every token.
    """
    require_tensor("x", x, ndim=3, floating=False)
    require_positive_int("num_heads", num_heads)
    batch, length, dim = x.shape
    require_divisible("x ki last dimension (D)", dim, "num_heads", num_heads)
    return x.reshape(batch, length, num_heads, dim // num_heads).transpose(1, 2)


def merge_heads(x: torch.Tensor) -> torch.Tensor:
    """(B, H, L, D/H) → (B, L, D): the heads' outputs side by side again."""
    require_tensor("x", x, ndim=4, floating=False)
    batch, heads, length, head_dim = x.shape
    return x.transpose(1, 2).reshape(batch, length, heads * head_dim)


def multihead_parameter_count(embed_dim: int) -> int:
    """Parameters of one multi-head attention layer: W_q, W_k, W_v, W_o (d×d) + 4 biases (d).

    4·d² + 4·d, the same for any number of heads: the heads share out the d features.
    """
    require_positive_int("embed_dim", embed_dim)
    return 4 * embed_dim * embed_dim + 4 * embed_dim


# ---------------------------------------------------------------- the module

def as_additive_mask(mask: torch.Tensor, dtype: torch.dtype) -> torch.Tensor:
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
        raise fail(f"`{name}`", "dtype bool (True = block) ya float", f"dtype {mask.dtype}",
                   "nn.MultiheadAttention me True ka matlab hai 'yahan mat dekho'; `mask.bool()` kijiye.")
    if tuple(mask.shape) not in allowed_shapes:
        raise fail(f"`{name}` ka shape", " ya ".join(str(s) for s in allowed_shapes),
                   str(tuple(mask.shape)))


class MultiHeadAttention(nn.Module):
    """Multi-head attention with nn.MultiheadAttention's parameters, arguments and outputs."""

    def __init__(self, embed_dim: int, num_heads: int, dropout: float = 0.0, bias: bool = True,
                 add_bias_kv: bool = False, add_zero_attn: bool = False, kdim: int | None = None,
                 vdim: int | None = None, batch_first: bool = False, device=None, dtype=None):
        super().__init__()
        require_positive_int("embed_dim", embed_dim)
        require_positive_int("num_heads", num_heads)
        require_divisible("embed_dim", embed_dim, "num_heads", num_heads)
        require_probability("dropout", dropout)
        for name, value in (("add_bias_kv", add_bias_kv), ("add_zero_attn", add_zero_attn)):
            if value is not False:
                raise fail(f"`{name}`", "False (course ka module yeh option nahi rakhta)", repr(value),
                           "iske liye nn.MultiheadAttention use kijiye.")
        for name, dim in (("kdim", kdim), ("vdim", vdim)):
            if dim is not None and dim != embed_dim:
                raise fail(f"`{name}`", f"None ya embed_dim ({embed_dim})", repr(dim),
                           "course ka module key/value ko query jitna wide maanta hai; alag size ke "
                           "liye nn.MultiheadAttention use kijiye.")
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
        if device is not None or dtype is not None:
            self.to(device=device, dtype=dtype)

    def _check_inputs(self, query, key, value) -> None:
        for name, x in (("query", query), ("key", key), ("value", value)):
            require_tensor(name, x, ndim=(2, 3))
            if x.shape[-1] != self.embed_dim:
                raise fail(f"`{name}` ki last dimension", f"embed_dim = {self.embed_dim}",
                           f"{x.shape[-1]} (shape {tuple(x.shape)})")
        if not query.dim() == key.dim() == value.dim():
            raise fail("query, key, value ke dims", "teeno 3-D (batched) ya teeno 2-D (unbatched)",
                       f"{query.dim()}-D, {key.dim()}-D, {value.dim()}-D")
        if not query.dtype == key.dtype == value.dtype:
            raise fail("query, key, value ke dtypes", "teeno same",
                       f"{query.dtype}, {key.dtype}, {value.dtype}")
        require_dtype_of("query", query, self.in_proj_weight)

    def forward(self, query, key, value, key_padding_mask=None, need_weights: bool = True,
                attn_mask=None, average_attn_weights: bool = True, is_causal: bool = False):
        """Same arguments and outputs as nn.MultiheadAttention.forward.

        Returns (output, weights): output like ``query``; weights (B, L, S) averaged over heads,
        (B, H, L, S) with ``average_attn_weights=False``, or None with ``need_weights=False``.
        ``is_causal`` is only a hint, as in PyTorch: the causal ``attn_mask`` must be given too.
        """
        self._check_inputs(query, key, value)
        if is_causal and attn_mask is None:
            raise fail("`is_causal=True`", "saath me causal `attn_mask`", "attn_mask=None",
                       "PyTorch ki tarah is_causal sirf hint hai; mask bhi dijiye.")
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

        # 1) Project once with the stacked weights, 2) cut the features into heads.
        w_q, w_k, w_v = self.in_proj_weight.chunk(3)
        b_q, b_k, b_v = self.in_proj_bias.chunk(3) if self.in_proj_bias is not None else (None,) * 3
        q = split_heads(F.linear(query, w_q, b_q), heads)
        k = split_heads(F.linear(key, w_k, b_k), heads)
        v = split_heads(F.linear(value, w_v, b_v), heads)

        # 3) One float mask, broadcast to (B, H, L, S): 0 = allowed, -inf = blocked.
        mask = None
        if attn_mask is not None:
            mask = as_additive_mask(attn_mask, q.dtype)
            if mask.dim() == 3:  # (B·H, L, S), batch-major as in PyTorch
                mask = mask.reshape(batch, heads, target_len, source_len)
        if key_padding_mask is not None:
            padding = as_additive_mask(key_padding_mask, q.dtype).reshape(batch, 1, 1, source_len)
            mask = padding if mask is None else mask + padding

        # 4) Every head attends on its own (all heads in one batched call), 5) merge, W_o.
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


# ---------------------------------------------------------------- the core idea, without the plumbing

class SelfAttention(nn.Module):
    """Batch-first multi-head self-attention with a padding mask (notebook 04's core exercise).

    Four Linear layers ``q_proj``, ``k_proj``, ``v_proj``, ``out_proj`` (E → E each); PyTorch keeps
    the first three stacked in ``in_proj_weight`` (see ``from_torch``). ``forward(x, key_padding_mask)``
    takes x (B, L, E) and a bool mask (B, L), True = padding (nn.MultiheadAttention's convention),
    and returns (output (B, L, E), weights (B, H, L, L)): every head's own weights, not averaged.
    """

    def __init__(self, embed_dim: int, num_heads: int):
        super().__init__()
        require_positive_int("embed_dim", embed_dim)
        require_positive_int("num_heads", num_heads)
        require_divisible("embed_dim", embed_dim, "num_heads", num_heads)
        self.embed_dim, self.num_heads = embed_dim, num_heads
        self.q_proj = nn.Linear(embed_dim, embed_dim)
        self.k_proj = nn.Linear(embed_dim, embed_dim)
        self.v_proj = nn.Linear(embed_dim, embed_dim)
        self.out_proj = nn.Linear(embed_dim, embed_dim)

    @staticmethod
    def state_from_torch(state: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
        """nn.MultiheadAttention's state_dict → SelfAttention's: in_proj_* cut in three (q, k, v)."""
        needed = ("in_proj_weight", "in_proj_bias", "out_proj.weight", "out_proj.bias")
        if not isinstance(state, dict) or any(name not in state for name in needed):
            raise fail("`state`", f"nn.MultiheadAttention ka state_dict ({', '.join(needed)})",
                       describe(state) if not isinstance(state, dict) else ", ".join(state))
        split = {"out_proj.weight": state["out_proj.weight"], "out_proj.bias": state["out_proj.bias"]}
        for name, w, b in zip(("q_proj", "k_proj", "v_proj"), state["in_proj_weight"].chunk(3),
                              state["in_proj_bias"].chunk(3), strict=True):
            split[f"{name}.weight"], split[f"{name}.bias"] = w, b
        return split

    @classmethod
    def from_torch(cls, torch_mha: nn.Module) -> SelfAttention:
        """A SelfAttention with the weights of ``torch_mha`` (an nn.MultiheadAttention)."""
        module = cls(torch_mha.embed_dim, torch_mha.num_heads)
        state = cls.state_from_torch(dict(torch_mha.state_dict()))
        module = module.to(state["out_proj.weight"].dtype)
        module.load_state_dict(state)
        return module

    def forward(self, x: torch.Tensor, key_padding_mask: torch.Tensor | None = None):
        """x (B, L, E), key_padding_mask (B, L) bool, True = padding → (output, weights (B, H, L, L))."""
        require_tensor("x", x, ndim=3)
        batch, length, dim = x.shape
        if dim != self.embed_dim:
            raise fail("`x` ki last dimension", f"embed_dim = {self.embed_dim}", f"{dim}")
        heads = self.num_heads
        q = split_heads(self.q_proj(x), heads)  # (B, H, L, E/H)
        k = split_heads(self.k_proj(x), heads)
        v = split_heads(self.v_proj(x), heads)
        mask = None
        if key_padding_mask is not None:
            if not isinstance(key_padding_mask, torch.Tensor) or key_padding_mask.dtype != torch.bool:
                raise fail("`key_padding_mask`", "bool tensor (True = padding)", describe(key_padding_mask))
            if tuple(key_padding_mask.shape) != (batch, length):
                raise fail("`key_padding_mask` ka shape", f"(B, L) = {(batch, length)}",
                           str(tuple(key_padding_mask.shape)))
            # Notebook 02's convention is True = may look: flip, and put it on the KEY axis.
            mask = ~key_padding_mask[:, None, None, :]  # (B, 1, 1, L) → every head, every query
        context, weights = scaled_dot_product_attention(q, k, v, mask)
        return self.out_proj(merge_heads(context)), weights
