"""The decoder block, a twin of nn.TransformerDecoderLayer, and teacher forcing's input (notebook 08).

``DecoderBlock`` has PyTorch's parameter names (``self_attn``, ``multihead_attn``, ``linear1``,
``linear2``, ``norm1``-``norm3``), so ``block.load_state_dict(torch_layer.state_dict())``
copies the weights and, in eval mode, the outputs match. Masks follow PyTorch: bool True =
blocked, or a float mask added to the scores."""

from __future__ import annotations

import torch
from torch import nn

from ..errors import (
    describe,
    fail,
    require_dtype_of,
    require_layer_norm_eps,
    require_layer_sizes,
    require_probability,
    require_tensor,
    require_token_ids,
)
from .dot_product_attention import blocked_causal_mask
from .encoder_layers import activation_function
from .multi_head_attention import MultiHeadAttention


def shift_right(tokens: torch.Tensor, start_id: int) -> torch.Tensor:
    """Teacher forcing input: [start, t0, t1, …, t_{L-2}] for each row of ``tokens`` (B, L).

    The decoder reads this and must predict ``tokens`` itself: at step i it has seen the right
    tokens 0 … i-1 (never its own mistakes, never token i or later).
    """
    require_token_ids("tokens", tokens)
    if isinstance(start_id, bool) or not isinstance(start_id, int) or start_id < 0:
        raise fail("`start_id`", "ek non-negative int (jaise <bos> ka id)", describe(start_id))
    start = torch.full_like(tokens[:, :1], start_id)
    return torch.cat([start, tokens[:, :-1]], dim=1)


class DecoderBlock(nn.Module):
    """One Transformer decoder layer: masked self-attention, cross-attention, FFN.

    Each sublayer has a residual connection and a LayerNorm:
    post-norm (``norm_first=False``, PyTorch's default): x = norm(x + sublayer(x));
    pre-norm (``norm_first=True``): x = x + sublayer(norm(x)).
    Cross-attention takes its queries from the decoder (x) and keys/values from ``memory``.
    """

    def __init__(self, d_model: int, nhead: int, dim_feedforward: int = 2048, dropout: float = 0.1,
                 activation="relu", layer_norm_eps: float = 1e-5, batch_first: bool = False,
                 norm_first: bool = False, bias: bool = True):
        super().__init__()
        require_layer_sizes(d_model, nhead, dim_feedforward)
        require_probability("dropout", dropout)
        require_layer_norm_eps(layer_norm_eps)
        self.self_attn = MultiHeadAttention(d_model, nhead, dropout=dropout, bias=bias,
                                            batch_first=batch_first)
        self.multihead_attn = MultiHeadAttention(d_model, nhead, dropout=dropout, bias=bias,
                                                 batch_first=batch_first)
        self.linear1 = nn.Linear(d_model, dim_feedforward, bias=bias)
        self.dropout = nn.Dropout(dropout)
        self.linear2 = nn.Linear(dim_feedforward, d_model, bias=bias)
        self.norm1 = nn.LayerNorm(d_model, eps=layer_norm_eps, bias=bias)
        self.norm2 = nn.LayerNorm(d_model, eps=layer_norm_eps, bias=bias)
        self.norm3 = nn.LayerNorm(d_model, eps=layer_norm_eps, bias=bias)
        self.dropout1 = nn.Dropout(dropout)
        self.dropout2 = nn.Dropout(dropout)
        self.dropout3 = nn.Dropout(dropout)
        self.activation = activation_function(activation)
        self.norm_first = norm_first
        self.d_model = d_model

    def _self_attention(self, x, mask, key_padding_mask, is_causal=False):
        out, _ = self.self_attn(x, x, x, attn_mask=mask, key_padding_mask=key_padding_mask,
                                need_weights=False, is_causal=is_causal)
        return self.dropout1(out)

    def _cross_attention(self, x, memory, mask, key_padding_mask, is_causal=False):
        # query = decoder ki apni state; key aur value = encoder ki memory
        out, _ = self.multihead_attn(x, memory, memory, attn_mask=mask,
                                     key_padding_mask=key_padding_mask, need_weights=False,
                                     is_causal=is_causal)
        return self.dropout2(out)

    def _feed_forward(self, x):
        return self.dropout3(self.linear2(self.dropout(self.activation(self.linear1(x)))))

    def forward(self, tgt: torch.Tensor, memory: torch.Tensor, tgt_mask=None, memory_mask=None,
                tgt_key_padding_mask=None, memory_key_padding_mask=None,
                tgt_is_causal: bool = False, memory_is_causal: bool = False) -> torch.Tensor:
        require_tensor("tgt", tgt, ndim=(2, 3))
        require_tensor("memory", memory, ndim=tgt.dim())
        for name, x in (("tgt", tgt), ("memory", memory)):
            if x.shape[-1] != self.d_model:
                raise fail(f"`{name}` ki last dimension", f"d_model = {self.d_model}",
                           f"{x.shape[-1]} (shape {tuple(x.shape)})")
        require_dtype_of("tgt", tgt, self.linear1.weight)
        require_dtype_of("memory", memory, self.linear1.weight)
        if tgt_is_causal and tgt_mask is None:  # PyTorch wants the mask itself; we build it
            length = tgt.shape[-2] if tgt.dim() == 2 or self.self_attn.batch_first else tgt.shape[0]
            tgt_mask = blocked_causal_mask(length, device=tgt.device)
        # memory_is_causal, as in PyTorch: a hint that memory_mask is causal (the mask is needed)
        self_args = (tgt_mask, tgt_key_padding_mask, tgt_is_causal)
        cross_args = (memory_mask, memory_key_padding_mask, memory_is_causal)
        x = tgt
        if self.norm_first:
            x = x + self._self_attention(self.norm1(x), *self_args)
            x = x + self._cross_attention(self.norm2(x), memory, *cross_args)
            x = x + self._feed_forward(self.norm3(x))
        else:
            x = self.norm1(x + self._self_attention(x, *self_args))
            x = self.norm2(x + self._cross_attention(x, memory, *cross_args))
            x = self.norm3(x + self._feed_forward(x))
        return x
