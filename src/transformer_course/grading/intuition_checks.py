"""Notebook 01's exercise check: the parameter count of one encoder layer, against real layers."""

from __future__ import annotations

import torch
from torch import nn

from ..errors import require_layer_sizes
from .checks import Case, check
from .hints import first_level, register

__all__ = ["check_count_encoder_layer_params", "pytorch_encoder_layer_params"]  # tc.<name> (see grading/__init__.py)


def pytorch_encoder_layer_params(d_model: int, nhead: int, dim_feedforward: int = 2048) -> int:
    """Oracle: build a real ``nn.TransformerEncoderLayer`` on ``meta`` and sum its numel."""
    require_layer_sizes(d_model, nhead, dim_feedforward)
    with torch.device("meta"):
        layer = nn.TransformerEncoderLayer(d_model, nhead, dim_feedforward)
    return sum(p.numel() for p in layer.parameters())


COUNT_ENCODER_LAYER_PARAMS_HINT = register(
    "count_encoder_layer_params",
    idea='Layer ke teen hisse giniye: attention (Q, K, V aur out: chaar Linear), FFN (do Linear) aur do LayerNorm. Har Linear me weight aur bias hote hain, har LayerNorm me γ aur β.',
    shapes='Linear(a → b) me a·b weights aur b bias hote hain. Attention ke chaaron Linear d → d; FFN pehle d → ff, phir ff → d; LayerNorm ke γ aur β dono d lambe. nhead sirf d ko baant-ta hai, ginti nahi badalta (par d % nhead != 0 ho to ValueError).',
    code='attention = 4·d² + 4·d (Q, K, V, out), FFN = d·ff + ff + ff·d + d, do LayerNorm = 4·d. nhead count nahi badalta; lekin d_model % nhead != 0 ho to ValueError raise kijiye.')


def check_count_encoder_layer_params(fn) -> bool:
    """Compare the learner's formula with real PyTorch layers (built on ``meta``)."""
    cases = [
        Case("seed ka layer: d_model=512, nhead=8, ff=2048", (512, 8, 2048)),
        Case("chhota: d_model=4, nhead=2, ff=8", (4, 2, 8)),
        Case("sabse chhota: d_model=1, nhead=1, ff=1", (1, 1, 1)),
        Case("nhead=1 (d_model=512, ff=2048)", (512, 1, 2048)),
        Case("nhead=16 (d_model=512, ff=2048)", (512, 16, 2048)),
        Case("BERT-base: d_model=768, nhead=12, ff=3072", (768, 12, 3072)),
        Case("ff d_model se chhota: d_model=64, nhead=4, ff=16", (64, 4, 16)),
        Case("galat: d_model=10, nhead=3 (10 % 3 != 0)", (10, 3, 20)),
    ]
    return check("count_encoder_layer_params", fn, pytorch_encoder_layer_params, cases,
                 hint=first_level(COUNT_ENCODER_LAYER_PARAMS_HINT))

