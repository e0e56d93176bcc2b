"""Parameter counts: of any module, by formula (an encoder layer, GPT-2), and by role.

Counting happens on PyTorch's "meta" device where a model is built (shapes only, no memory,
instant), so even the paper's 44M-parameter base model costs nothing. The formulas are checked
against real modules in tests/."""

from __future__ import annotations

import warnings

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


def count_gpt2_params(n_layer: int, d_model: int, vocab_size: int, n_ctx: int) -> int:
    """Reference for the exercise: GPT-2's parameters by formula (tied output embedding)."""
    for name, value in (("n_layer", n_layer), ("d_model", d_model), ("vocab_size", vocab_size),
                        ("n_ctx", n_ctx)):
        require_positive_int(name, value)
    d = d_model
    per_block = (4 * d * d + 4 * d) + (2 * d * 4 * d + 4 * d + d) + 2 * (2 * d)
    return vocab_size * d + n_ctx * d + n_layer * per_block + 2 * d


# ---------------------------------------------------------------- the paper's base model (05)

# The paper's base model ("Attention Is All You Need", Table 3) and its shared BPE vocabulary.
PAPER_BASE = {"d_model": 512, "nhead": 8, "dim_feedforward": 2048,
              "num_encoder_layers": 6, "num_decoder_layers": 6}
PAPER_VOCAB = 37_000          # "a shared source-target vocabulary of about 37000 tokens"


def transformer_parameter_groups(model: nn.Module | None = None) -> dict[str, int]:
    """Parameters of an nn.Transformer by role (default: the paper's base model, on ``meta``).

    ``meta`` tensors have shapes but no data, so the 44M-parameter model is built instantly.
    """
    if model is None:
        with torch.device("meta"), warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the batch_first=False fast-path note
            model = nn.Transformer(**PAPER_BASE)
    if not isinstance(model, nn.Transformer):
        raise fail("`model`", "ek nn.Transformer (ya None)", describe(model))
    groups = {"encoder: self-attention": 0, "encoder: FFN": 0, "encoder: LayerNorms": 0,
              "decoder: self-attention": 0, "decoder: cross-attention": 0, "decoder: FFN": 0,
              "decoder: LayerNorms": 0}
    for name, p in model.named_parameters():
        side = "encoder" if name.startswith("encoder.") else "decoder"
        if ".self_attn." in name:
            role = "self-attention"
        elif ".multihead_attn." in name:
            role = "cross-attention"
        elif ".linear" in name:
            role = "FFN"
        else:  # norm1/2/3 inside the layers, and the stack's final norm
            role = "LayerNorms"
        groups[f"{side}: {role}"] += p.numel()
    return groups


def embedding_parameters(vocab_size: int = PAPER_VOCAB, d_model: int = 512) -> int:
    """Parameters of one nn.Embedding(vocab_size, d_model), counted on ``meta``."""
    require_positive_int("vocab_size", vocab_size)
    require_positive_int("d_model", d_model)
    with torch.device("meta"):
        return count_parameters(nn.Embedding(vocab_size, d_model))


# ---------------------------------------------------------------- a PyTorch encoder by role (01)

def _group(name: str) -> str:
    if ".self_attn." in f".{name}":
        return "attention"
    if ".linear" in f".{name}":
        return "ffn"
    if ".norm" in f".{name}":
        return "layernorm"
    return "other"


def encoder_param_breakdown(model: nn.Module) -> dict[str, int]:
    """Count a real PyTorch encoder (or layer) by parameter name: attention / ffn / layernorm."""
    if not isinstance(model, nn.Module):
        raise fail("`model`", "ek nn.Module (jaise nn.TransformerEncoder)", describe(model))
    counts = {"attention": 0, "ffn": 0, "layernorm": 0}
    for name, p in model.named_parameters():
        group = _group(name)
        counts[group] = counts.get(group, 0) + p.numel()
    return counts
