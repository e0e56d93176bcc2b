"""Notebook 04's exercise checks: split/merge heads and the twin of nn.MultiheadAttention.

``compare_mha_with_torch`` runs any class against nn.MultiheadAttention over every setting the
module check uses (masks, layouts, per-head weights), with random weights and biases."""

from __future__ import annotations

import math

import torch
from torch import nn

from ..errors import require_divisible, require_positive_int
from ..model.multi_head_attention import (
    MultiHeadAttention,
    as_additive_mask,
    merge_heads,
    split_heads,
)
from .checks import Case, check

# ---------------------------------------------------------------- comparison with PyTorch

def randomised_torch_mha(embed_dim: int, num_heads: int, batch_first: bool, dtype, seed: int):
    """nn.MultiheadAttention with random weights AND random biases (PyTorch starts biases at 0)."""
    generator = torch.Generator().manual_seed(seed)
    torch_mha = nn.MultiheadAttention(embed_dim, num_heads, batch_first=batch_first).to(dtype)
    with torch.no_grad():
        for parameter in torch_mha.parameters():
            parameter.copy_(torch.randn(parameter.shape, generator=generator, dtype=dtype)
                            / math.sqrt(embed_dim))
    return torch_mha.eval()


def _settings(dtype=torch.float32) -> list[tuple[str, dict, dict]]:
    """(label, constructor kwargs, forward kwargs) for the comparison cases.

    No query has all of its keys blocked: there PyTorch gives NaN and we give zeros.
    """
    g = torch.Generator().manual_seed(4)
    E, H, B, L, S = 16, 4, 3, 5, 7

    def rand(*shape):
        return torch.randn(*shape, generator=g, dtype=dtype)

    x_bf, x_sf = rand(B, L, E), rand(L, B, E)
    kv_bf = rand(B, S, E)
    padding = torch.tensor([[False] * 5, [False] * 3 + [True] * 2, [False] * 4 + [True]])
    causal = torch.ones(L, L, dtype=torch.bool).triu(1)  # True = future word, blocked
    float_mask = rand(L, L)
    per_head = torch.rand(B * H, L, S, generator=g) < 0.5
    per_head[..., 0] = False  # key 0 always visible → no fully blocked row
    first = dict(embed_dim=E, num_heads=H, batch_first=True)
    seq_first = dict(embed_dim=E, num_heads=H, batch_first=False)

    def self_attn(x, **kw):
        return dict(query=x, key=x, value=x, **kw)

    return [
        ("batch_first=True, self-attention", first, self_attn(x_bf)),
        ("batch_first=False (L, B, E)", seq_first, self_attn(x_sf)),
        ("cross-attention (L=5 queries, S=7 keys)", first, dict(query=x_bf, key=kv_bf, value=kv_bf)),
        ("key_padding_mask (bool)", first, self_attn(x_bf, key_padding_mask=padding)),
        ("key_padding_mask (float)", first,
         self_attn(x_bf, key_padding_mask=as_additive_mask(padding, dtype))),
        ("attn_mask bool (causal)", first, self_attn(x_bf, attn_mask=causal)),
        ("attn_mask float (score me joda)", first, self_attn(x_bf, attn_mask=float_mask)),
        ("attn_mask 3-D, har head ka alag (B·H, L, S)", first,
         dict(query=x_bf, key=kv_bf, value=kv_bf, attn_mask=per_head)),
        ("causal + padding saath me", first,
         self_attn(x_bf, attn_mask=causal, key_padding_mask=padding)),
        ("average_attn_weights=False (har head)", first,
         self_attn(x_bf, average_attn_weights=False)),
        ("need_weights=False (weights = None)", first, self_attn(x_bf, need_weights=False)),
        ("unbatched input (L, E)", first, self_attn(x_bf[1], key_padding_mask=padding[1])),
        ("unbatched, har head ke weights", seq_first,
         self_attn(x_bf[2], average_attn_weights=False, attn_mask=causal)),
    ]


def max_difference(a, b) -> float:
    """Largest |a − b| over (output, weights) pairs; weights None must match None."""
    worst = 0.0
    for x, y in zip(a, b, strict=True):
        if (x is None) != (y is None):
            return math.inf
        if x is not None:
            if x.shape != y.shape:
                return math.inf
            worst = max(worst, (x - y).abs().max().item() if x.numel() else 0.0)
    return worst


def compare_mha_with_torch(cls=MultiHeadAttention, dtypes=(torch.float32, torch.float64),
                           seed: int = 0) -> list[tuple[str, float]]:
    """Run ``cls`` and nn.MultiheadAttention (same weights, eval) on every setting.

    Returns [(label, max |difference| over outputs and weights)], one row per setting and dtype.
    """
    rows = []
    for dtype in dtypes:
        for label, init, inputs in _settings(dtype):
            torch_mha = randomised_torch_mha(init["embed_dim"], init["num_heads"],
                                              init["batch_first"], dtype, seed)
            mine = cls(**init).to(dtype)
            mine.load_state_dict(torch_mha.state_dict())
            mine.eval()
            with torch.no_grad():
                expected, got = torch_mha(**inputs), mine(**inputs)
            name = str(dtype).replace("torch.", "")
            rows.append((f"{label} [{name}]", max_difference(expected, got)))
    return rows


# ---------------------------------------------------------------- exercise checks

def _arange(*shape) -> torch.Tensor:
    return torch.arange(math.prod(shape), dtype=torch.float32).reshape(shape)


def check_split_heads(fn) -> bool:
    """(B, L, D) → (B, H, L, D/H); D not divisible by H, or a 4-D input, must raise ValueError."""
    cases = [
        Case("B=2, L=3, D=8, H=2", (_arange(2, 3, 8), 2)),
        Case("B=1, L=4, D=12, H=3", (_arange(1, 4, 12), 3)),
        Case("edge: H=1 (ek hi head, saare features)", (_arange(2, 3, 6), 1)),
        Case("edge: H=D (har head ko 1 feature)", (_arange(1, 2, 4), 4)),
        Case("random numbers, B=3, L=5, D=16, H=4",
             (torch.randn(3, 5, 16, generator=torch.Generator().manual_seed(0)), 4)),
        Case("galat: D=10, H=3 → ValueError", (_arange(1, 2, 10), 3)),
        Case("galat: 4-D input → ValueError", (_arange(1, 2, 3, 4), 2)),
    ]
    return check("split_heads", fn, split_heads, cases, atol=0.0, rtol=0.0,
                 hint="pehle `x.reshape(B, L, H, D // H)`, phir `.transpose(1, 2)` → (B, H, L, D/H). "
                      "Seedha `reshape(B, H, L, D // H)` galat hai: tokens aapas me mix ho jaate hain. "
                      "`D % H != 0` ya `x.dim() != 3` par `raise ValueError(...)`.")


def check_merge_heads(fn) -> bool:
    """(B, H, L, D/H) → (B, L, D), the exact inverse of split_heads; 3-D input → ValueError."""
    cases = [
        Case("B=2, H=2, L=3, D/H=4", (_arange(2, 2, 3, 4),)),
        Case("B=1, H=3, L=4, D/H=4", (_arange(1, 3, 4, 4),)),
        Case("edge: H=1", (_arange(2, 1, 3, 6),)),
        Case("edge: D/H=1", (_arange(1, 4, 2, 1),)),
        Case("split_heads ka output wapas", (split_heads(_arange(3, 5, 16), 4),)),
        Case("galat: 3-D input → ValueError", (_arange(2, 3, 8),)),
    ]
    return check("merge_heads", fn, merge_heads, cases, atol=0.0, rtol=0.0,
                 hint="pehle `.transpose(1, 2)` → (B, L, H, D/H), phir `.reshape(B, L, H * (D/H))`. "
                      "Input 4-D na ho to `raise ValueError(...)`.")


def _torch_twin(embed_dim, num_heads, batch_first=False):
    """The oracle of the module check: PyTorch's own layer (bad sizes → ValueError, like ours)."""
    require_positive_int("embed_dim", embed_dim)
    require_positive_int("num_heads", num_heads)
    require_divisible("embed_dim", embed_dim, "num_heads", num_heads)
    return nn.MultiheadAttention(embed_dim, num_heads, batch_first=batch_first)


def _run_module(cls, init: dict, inputs: dict | None = None, seed: int = 0):
    """Build ``cls(**init)``, copy a random nn.MultiheadAttention's weights in, eval, run.

    Without ``inputs`` it returns the parameter count instead of running forward.
    """
    module = cls(init["embed_dim"], init["num_heads"], batch_first=init["batch_first"])
    if inputs is None:
        return sum(p.numel() for p in module.parameters())
    source = randomised_torch_mha(init["embed_dim"], init["num_heads"], init["batch_first"],
                                   torch.float32, seed)
    module.load_state_dict(source.state_dict())
    module.eval()
    with torch.no_grad():
        output = module(**inputs)
    return tuple(output) if isinstance(output, (tuple, list)) else output


def check_multi_head_attention(cls) -> bool:
    """Build the learner's class and nn.MultiheadAttention with the same weights; compare.

    Covers batch_first True/False, cross-attention, padding and attention masks (bool, float,
    per head), averaged and per-head weights, need_weights=False, unbatched input, the
    parameter count 4·d² + 4·d, and embed_dim not divisible by num_heads (→ ValueError).
    """
    cases = [Case(label, kwargs=dict(init=init, inputs=inputs))
             for label, init, inputs in _settings()]
    cases += [
        Case("parameter count, embed_dim=32 (4·d² + 4·d = 4224)",
             kwargs=dict(init=dict(embed_dim=32, num_heads=4, batch_first=True))),
        Case("galat: embed_dim=10, num_heads=3 → ValueError",
             kwargs=dict(init=dict(embed_dim=10, num_heads=3, batch_first=True))),
    ]
    return check("MultiHeadAttention", cls, _torch_twin, cases, call=_run_module,
                 atol=1e-5, rtol=1e-4,
                 hint="parameters ke naam PyTorch wale rakhiye (`in_proj_weight` (3·E, E), "
                      "`in_proj_bias` (3·E), `out_proj = nn.Linear(E, E)`). PyTorch ke mask me "
                      "True = BLOCK; bool mask ko float (-inf) me badal kar jodiye. batch_first=False "
                      "par input (L, B, E) hai; 2-D input par batch ka dim khud jodiye.")
