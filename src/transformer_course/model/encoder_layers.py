"""The position-wise feed-forward network, the encoder block and the encoder stack (notebook 05).

``EncoderBlock`` uses nn.TransformerEncoderLayer's parameter names (``self_attn``, ``linear1``,
``linear2``, ``norm1``, ``norm2``) and ``Encoder`` uses nn.TransformerEncoder's (``layers.N``),
so PyTorch's state_dict loads directly and the outputs match in eval mode.

Masks follow PyTorch (and ``multi_head_attention.py``): a boolean mask is True where attention
is NOT allowed (``src_key_padding_mask`` True = padding); a float mask is added to the scores."""

from __future__ import annotations

import copy
from collections.abc import Callable

import torch
import torch.nn.functional as F
from torch import nn

from ..errors import (
    describe,
    fail,
    require_divisible,
    require_dtype_of,
    require_layer_norm_eps,
    require_positive_int,
    require_probability,
    require_src,
    require_tensor,
)
from .multi_head_attention import MultiHeadAttention

ACTIVATIONS = {"relu": F.relu, "gelu": F.gelu}


# ---------------------------------------------------------------- input checks

def activation_function(activation) -> Callable:
    if callable(activation):
        return activation
    if activation not in ACTIVATIONS:
        raise fail("`activation`", "'relu', 'gelu' ya ek function", repr(activation),
                   "nn.TransformerEncoderLayer bhi sirf yahi do naam samajhta hai.")
    return ACTIVATIONS[activation]




# ---------------------------------------------------------------- the modules

class FeedForward(nn.Module):
    """Position-wise FFN: Linear(d_model → d_ff) → activation → dropout → Linear(d_ff → d_model).

    Every token goes through the same two layers on its own ("position-wise").
    """

    def __init__(self, d_model: int, dim_feedforward: int = 2048, dropout: float = 0.1,
                 activation="relu", bias: bool = True):
        super().__init__()
        require_positive_int("d_model", d_model)
        require_positive_int("dim_feedforward", dim_feedforward)
        require_probability("dropout", dropout)
        self.linear1 = nn.Linear(d_model, dim_feedforward, bias=bias)
        self.dropout = nn.Dropout(dropout)
        self.linear2 = nn.Linear(dim_feedforward, d_model, bias=bias)
        self.activation = activation_function(activation)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        require_tensor("x", x)
        if x.dim() == 0 or x.shape[-1] != self.linear1.in_features:
            raise fail("`x` ki last dimension", f"d_model = {self.linear1.in_features}",
                       describe(x))
        require_dtype_of("x", x, self.linear1.weight)
        return self.linear2(self.dropout(self.activation(self.linear1(x))))


class EncoderBlock(nn.Module):
    """One Transformer encoder layer: self-attention and FFN, each with residual + LayerNorm.

    post-norm (``norm_first=False``, the paper and PyTorch's default): x = norm(x + sublayer(x)).
    pre-norm (``norm_first=True``): x = x + sublayer(norm(x)).
    """

    def __init__(self, d_model: int, nhead: int, dim_feedforward: int = 2048, dropout: float = 0.1,
                 activation="relu", layer_norm_eps: float = 1e-5, batch_first: bool = False,
                 norm_first: bool = False, bias: bool = True):
        super().__init__()
        require_positive_int("d_model", d_model)
        require_positive_int("nhead", nhead)
        require_divisible("d_model", d_model, "nhead", nhead)
        require_positive_int("dim_feedforward", dim_feedforward)
        require_probability("dropout", dropout)
        require_layer_norm_eps(layer_norm_eps)
        self.self_attn = MultiHeadAttention(d_model, nhead, dropout=dropout, bias=bias,
                                            batch_first=batch_first)
        ffn = FeedForward(d_model, dim_feedforward, dropout, activation, bias)
        # The FFN's layers sit directly on the block, under PyTorch's names.
        self.linear1, self.dropout, self.linear2 = ffn.linear1, ffn.dropout, ffn.linear2
        self.activation = ffn.activation
        self.norm1 = nn.LayerNorm(d_model, eps=layer_norm_eps, bias=bias)
        self.norm2 = nn.LayerNorm(d_model, eps=layer_norm_eps, bias=bias)
        self.dropout1 = nn.Dropout(dropout)
        self.dropout2 = nn.Dropout(dropout)
        self.norm_first = norm_first
        self.d_model = d_model

    def _attention(self, x, mask, key_padding_mask, is_causal=False):
        out, _ = self.self_attn(x, x, x, attn_mask=mask, key_padding_mask=key_padding_mask,
                                need_weights=False, is_causal=is_causal)
        return self.dropout1(out)

    def _feed_forward(self, x):
        return self.dropout2(self.linear2(self.dropout(self.activation(self.linear1(x)))))

    def forward(self, src: torch.Tensor, src_mask: torch.Tensor | None = None,
                src_key_padding_mask: torch.Tensor | None = None,
                is_causal: bool = False) -> torch.Tensor:
        """As nn.TransformerEncoderLayer: ``is_causal`` is a hint that ``src_mask`` is causal."""
        x = require_src("src", src, self.d_model)
        require_dtype_of("src", x, self.linear1.weight)
        if self.norm_first:
            x = x + self._attention(self.norm1(x), src_mask, src_key_padding_mask, is_causal)
            x = x + self._feed_forward(self.norm2(x))
        else:
            x = self.norm1(x + self._attention(x, src_mask, src_key_padding_mask, is_causal))
            x = self.norm2(x + self._feed_forward(x))
        return x


class Encoder(nn.Module):
    """A stack of ``num_layers`` copies of one encoder block (like nn.TransformerEncoder).

    Unlike PyTorch's, it has no inference "fast path": with a padding mask in eval mode,
    nn.TransformerEncoder (``enable_nested_tensor=True``, batch_first) returns 0.0 at padded
    positions, this one returns what the layers compute there. Real tokens agree either way.
    """

    def __init__(self, encoder_layer: nn.Module, num_layers: int, norm: nn.Module | None = None):
        super().__init__()
        if not isinstance(encoder_layer, nn.Module):
            raise fail("`encoder_layer`", "ek encoder block (nn.Module)", describe(encoder_layer))
        require_positive_int("num_layers", num_layers)
        if norm is not None and not isinstance(norm, nn.Module):
            raise fail("`norm`", "None ya ek nn.Module (jaise nn.LayerNorm(d_model))", describe(norm))
        self.layers = nn.ModuleList(copy.deepcopy(encoder_layer) for _ in range(num_layers))
        self.norm = norm

    def forward(self, src: torch.Tensor, mask: torch.Tensor | None = None,
                src_key_padding_mask: torch.Tensor | None = None,
                is_causal: bool | None = None) -> torch.Tensor:
        """As nn.TransformerEncoder: ``is_causal`` is a hint that ``mask`` is causal."""
        require_tensor("src", src, ndim=(2, 3))
        x = src
        hint = {"is_causal": True} if is_causal else {}  # blocks without is_causal still stack
        for layer in self.layers:
            x = layer(x, src_mask=mask, src_key_padding_mask=src_key_padding_mask, **hint)
        return self.norm(x) if self.norm is not None else x
