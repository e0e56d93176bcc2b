"""Parameter counts: of any module, and by formula for an encoder layer and for GPT-2.

The formulas are checked against real modules built on PyTorch's "meta" device (shapes only,
no memory, instant): ``pytorch_encoder_layer_params`` is the oracle of notebook 01's exercise."""

from __future__ import annotations

import torch
from torch import nn

from ..errors import describe, fail, require_layer_sizes, require_positive_int


def count_parameters(*modules: nn.Module) -> int:
    """Total number of parameters (numel) of one or more modules."""
    for module in modules:
        if not isinstance(module, nn.Module):
            raise fail("`module`", "ek nn.Module", describe(module))
    return sum(p.numel() for module in modules for p in module.parameters())


# ------------------------------------------------------------------ parameter counts


def param_breakdown(d_model: int, nhead: int, dim_feedforward: int = 2048) -> dict[str, int]:
    """Formula: parameters of one encoder layer, split into attention, FFN and LayerNorm.

    * attention: Q, K, V and out projections, each a d×d weight plus a d bias → 4d² + 4d
      (``nhead`` only decides how the d columns are split into heads; the count stays the same);
    * FFN: Linear(d → ff) and Linear(ff → d) → d·ff + ff + ff·d + d;
    * LayerNorm: two of them, each a weight and a bias of size d → 4d.
    """
    require_layer_sizes(d_model, nhead, dim_feedforward)
    d, ff = d_model, dim_feedforward
    return {
        "attention": 4 * d * d + 4 * d,
        "ffn": d * ff + ff + ff * d + d,
        "layernorm": 2 * (d + d),
    }


def count_encoder_layer_params(d_model: int, nhead: int, dim_feedforward: int = 2048) -> int:
    """Reference: parameters of one ``nn.TransformerEncoderLayer`` = 4d² + 2·d·ff + ff + 9d.

    Raises CourseError (a ValueError) when d_model does not split evenly into nhead heads.
    """
    return sum(param_breakdown(d_model, nhead, dim_feedforward).values())


def pytorch_encoder_layer_params(d_model: int, nhead: int, dim_feedforward: int = 2048) -> int:
    """Oracle: build a real ``nn.TransformerEncoderLayer`` on ``meta`` and sum its numel."""
    require_layer_sizes(d_model, nhead, dim_feedforward)
    with torch.device("meta"):
        layer = nn.TransformerEncoderLayer(d_model, nhead, dim_feedforward)
    return sum(p.numel() for p in layer.parameters())


def count_gpt2_params(n_layer: int, d_model: int, vocab_size: int, n_ctx: int) -> int:
    """Reference for the exercise: GPT-2's parameters by formula (tied output embedding)."""
    for name, value in (("n_layer", n_layer), ("d_model", d_model), ("vocab_size", vocab_size),
                        ("n_ctx", n_ctx)):
        require_positive_int(name, value)
    d = d_model
    per_block = (4 * d * d + 4 * d) + (2 * d * 4 * d + 4 * d + d) + 2 * (2 * d)
    return vocab_size * d + n_ctx * d + n_layer * per_block + 2 * d
