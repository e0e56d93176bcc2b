"""Notebook 09's exercise check: GPT-2's parameter count, against real modules."""

from __future__ import annotations

import torch
from torch import nn

from ..errors import require_positive_int
from ..model.encoder_layers import EncoderBlock
from ..model.param_counts import count_parameters
from .checks import Case, check
from .hints import first_level, register

__all__ = ["check_count_gpt2_params"]  # tc.<name> (see grading/__init__.py)


def gpt2_params_from_modules(n_layer: int, d_model: int, vocab_size: int, n_ctx: int) -> int:
    """The same count from real modules, used as the check's reference."""
    require_positive_int("d_model", d_model)
    with torch.device("meta"):
        parts = [nn.Embedding(vocab_size, d_model), nn.Embedding(n_ctx, d_model),
                 nn.LayerNorm(d_model)]
        block = EncoderBlock(d_model, 1, 4 * d_model, norm_first=True)
    return count_parameters(*parts) + n_layer * count_parameters(block)


COUNT_GPT2_PARAMS_HINT = register(
    "count_gpt2_params",
    idea='GPT-2 me token embedding, position embedding, n_layer pre-norm blocks aur ek aakhri LayerNorm hain. Output layer token embedding share karta hai, uske alag parameters nahi.',
    shapes='Embeddings: vocab·d aur n_ctx·d. Har block: attention (chaar Linear d → d, bias ke saath), FFN (d → 4d → d), do LayerNorm (γ, β: d-d). Aakhri LayerNorm: 2d.',
    code='embeddings (vocab·d + n_ctx·d) + n_layer × (attention 4d²+4d, FFN 8d²+5d, do LayerNorm 4d) + aakhri LayerNorm 2d. Output layer token embedding share karta hai.')


def check_count_gpt2_params(fn) -> bool:
    """GPT-2 small (124,439,808), GPT-2 medium and two toy sizes, against real modules."""
    cases = [
        Case("GPT-2 small (12, 768, 50257, 1024)", (12, 768, 50257, 1024)),
        Case("GPT-2 medium (24, 1024, 50257, 1024)", (24, 1024, 50257, 1024)),
        Case("toy (2, 8, 10, 16)", (2, 8, 10, 16)),
        Case("ek hi layer (1, 4, 3, 5)", (1, 4, 3, 5)),
    ]
    return check("count_gpt2_params", fn, gpt2_params_from_modules, cases,
                 hint=first_level(COUNT_GPT2_PARAMS_HINT))
