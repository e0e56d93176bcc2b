"""Notebook 01's exercise checks: real PyTorch layers are the oracle.

* ``count_encoder_layer_params``: the parameter count of one encoder layer, by formula.
* ``build_seed_encoder``: the seed's encoder with ``batch_first=True`` (a Modify exercise). The
  check verifies the change itself: the layout flag, no warning, the seed's sizes, and what the
  layout *means*: in one sentence of 10 tokens, out[0, 0] depends on all 10 input vectors
  (``inputs_seen``), and with the seed's (randomised) weights the numbers are the seed's.
"""

from __future__ import annotations

import warnings

import torch
from torch import nn

from ..errors import describe, fail, require_layer_sizes, require_positive_int, require_tensor
from .checks import Case, check
from .hints import first_level, register
from .predictions import explain

__all__ = ["check_count_encoder_layer_params", "pytorch_encoder_layer_params",
           "check_build_seed_encoder", "build_seed_encoder"]  # tc.<name> (see grading/__init__.py)


def pytorch_encoder_layer_params(d_model: int, nhead: int, dim_feedforward: int = 2048) -> int:
    """Oracle: build a real ``nn.TransformerEncoderLayer`` on ``meta`` and sum its numel."""
    require_layer_sizes(d_model, nhead, dim_feedforward)
    with torch.device("meta"):
        layer = nn.TransformerEncoderLayer(d_model, nhead, dim_feedforward)
    return sum(p.numel() for p in layer.parameters())


def pytorch_encoder_layer_flops(n: int, d_model: int, nhead: int = 8,
                                dim_feedforward: int | None = None) -> dict[str, int]:
    """Oracle for the FLOP count: PyTorch's ``FlopCounterMode`` on a real encoder layer on
    ``meta`` (shapes only, no data), split by op: batched matmuls and attention kernels (the n²
    part: QKᵀ, AV) vs plain matmuls (the Linear layers); anything else goes to "other"."""
    from torch.utils.flop_counter import FlopCounterMode

    f = dim_feedforward or 4 * d_model
    require_layer_sizes(d_model, nhead, f)
    require_positive_int("n", n)
    with torch.device("meta"):
        layer = nn.TransformerEncoderLayer(d_model, nhead, f, batch_first=True)
        x = torch.empty(1, n, d_model)
    counter = FlopCounterMode(display=False)
    with counter:
        layer(x)
    split = {"quadratic": 0, "linear": 0, "other": 0}
    for op, flops in counter.get_flop_counts()["Global"].items():
        name = str(op)
        kind = ("quadratic" if "bmm" in name or "scaled_dot_product" in name
                else "linear" if name.endswith("mm") else "other")
        split[kind] += int(flops)
    return split


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



# ---------------------------------------------------------------- build_seed_encoder (Modify)

def build_seed_encoder() -> nn.TransformerEncoder:
    """Reference: the seed's encoder (d_model=512, nhead=8, 2 layers), input (batch, seq_len, d_model)."""
    encoder_layer = nn.TransformerEncoderLayer(d_model=512, nhead=8, batch_first=True)
    return nn.TransformerEncoder(encoder_layer, num_layers=2)


def inputs_seen(model: nn.Module, x: torch.Tensor, at: tuple[int, int] = (0, 0)) -> int:
    """How many input vectors x[a, b] the output vector out[at] depends on (gradient ≠ 0).

    Runs in eval mode (no dropout) with one backward pass of a fixed random projection of
    out[at]. A zero is exact: the architecture (here, the layout) forbids any influence.
    """
    require_tensor("x", x, ndim=3)
    if not isinstance(model, nn.Module):
        raise fail("`model`", "ek nn.Module (jaise nn.TransformerEncoder)", describe(model))
    was_training = model.training
    model.eval()
    try:
        x = x.detach().clone().requires_grad_(True)
        out = model(x)
        direction = torch.randn(out.shape[-1], generator=torch.Generator().manual_seed(0),
                                dtype=out.dtype)
        (grad,) = torch.autograd.grad(out[at] @ direction, x)
    finally:
        model.train(was_training)
    return int((grad.abs().sum(dim=-1) > 0).sum())


# the order of the report: what the model is first, the warning count last (a warning has a
# cause; hiding it is not the fix)
LAYOUT_ITEMS = ("class", "num_layers, d_model, nhead, dim_feedforward", "batch_first",
                "output shape", "out[0, 0] kitne input vectors dekhta hai",
                "output (seed ke weights ke saath)", "warnings")


_KEPT: dict = {}  # the course's own builds (reference, catalogue) and the seed's weights, kept


def _built(impl, built: dict):
    """(model, number of warnings) of ``impl()``, built once: the learner's per check, ours once."""
    own = impl is build_seed_encoder or impl in BUILD_SEED_ENCODER_MISTAKES.values()
    store, key = (_KEPT, impl) if own else (built, id(impl))
    if key not in store:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            model = impl()
            if not isinstance(model, nn.Module):
                raise fail("`build_seed_encoder()` ka return", "ek nn.TransformerEncoder (model "
                           "ko `return` kijiye)", describe(model))
            model(torch.zeros(1, 2, 512))  # the seed cell also runs the encoder once
        store[key] = (model, len(caught))
    return store[key]


def _seed_state() -> dict[str, torch.Tensor]:
    """Weights for the seed's encoder: PyTorch's random matrices, and random biases and LayerNorm
    γ/β too (PyTorch starts those at 0 and 1). Only the 1-D ones are redrawn: cheap."""
    if "seed state" not in _KEPT:
        model, _ = _built(build_seed_encoder, {})
        state = {name: value.clone() for name, value in model.state_dict().items()}
        generator = torch.Generator().manual_seed(0)
        for name, value in state.items():
            if value.dim() == 1:
                noise = 0.3 * torch.randn(value.shape, generator=generator)
                state[name] = noise + 1 if name.endswith(("norm1.weight", "norm2.weight")) else noise
        _KEPT["seed state"] = state
    return _KEPT["seed state"]


def _layout_summary(built: dict):
    """``call`` for the check: build once per implementation, then describe it on input x."""
    def summary(impl, x):
        model, n_warnings = _built(impl, built)
        seed_state = _seed_state()
        attn = next((m for m in model.modules() if isinstance(m, nn.MultiheadAttention)), None)
        linear1 = next((m for name, m in model.named_modules() if name.endswith("linear1")), None)
        layers = getattr(model, "layers", None)
        mine = model.state_dict()
        same_parts = set(mine) == set(seed_state) and all(
            mine[k].shape == v.shape for k, v in seed_state.items())
        if same_parts:
            model.load_state_dict(seed_state)
        model.eval()
        with torch.no_grad():
            output = model(x)
        sizes = (len(layers) if layers is not None else None, getattr(attn, "embed_dim", None),
                 getattr(attn, "num_heads", None), getattr(linear1, "out_features", None))
        return (type(model).__name__, sizes, getattr(attn, "batch_first", None),
                tuple(output.shape), inputs_seen(model, x), output if same_parts else None,
                n_warnings)
    return summary


def _seed_unchanged():
    return nn.TransformerEncoder(nn.TransformerEncoderLayer(d_model=512, nhead=8), num_layers=2)


def _warning_hidden():
    layer = nn.TransformerEncoderLayer(d_model=512, nhead=8)
    return nn.TransformerEncoder(layer, num_layers=2, enable_nested_tensor=False)


def _layer_only():
    return nn.TransformerEncoderLayer(d_model=512, nhead=8, batch_first=True)


BUILD_SEED_ENCODER_MISTAKES = {
    "batch_first badla hi nahi: yeh abhi bhi seed ka (seq_len, batch, d_model) layout hai. "
    "Layer banate waqt layout wala argument dijiye.": _seed_unchanged,
    "warning sirf chhupayi (enable_nested_tensor=False ya warnings ignore), layout wahi purana: "
    "(1, 10, 512) ab bhi 10 sentences × 1 token padha ja raha hai.": _warning_hidden,
    "sirf ek layer return ki (TransformerEncoderLayer); seed ka poora encoder chahiye: "
    "TransformerEncoder, 2 layers.": _layer_only,
}

BUILD_SEED_ENCODER_HINT = register(
    "build_seed_encoder",
    idea='Seed ka encoder wahi rehna chahiye (512, 8 heads, 2 layers); sirf ek cheez badalni hai: layer ko batana ki input me batch pehle aata hai. Warning bhi isi se jaati hai, use chhupana nahi hai.',
    shapes='Naya layout (batch, seq_len, d_model): x (1, 10, 512) matlab 1 sentence, 10 tokens, aur output bhi (1, 10, 512). Layout wala argument TransformerEncoderLayer leta hai, TransformerEncoder nahi.',
    code='`encoder_layer = nn.TransformerEncoderLayer(d_model=512, nhead=8, batch_first=True)`, phir `return nn.TransformerEncoder(encoder_layer, num_layers=2)`.')


def check_build_seed_encoder(fn) -> bool:
    """Check the learner's modified seed encoder on one sentence of 10 tokens and a batch of 3."""
    generator = torch.Generator().manual_seed(0)
    cases = [
        Case("x = (1, 10, 512): ek sentence, 10 tokens", (torch.randn(1, 10, 512, generator=generator),)),
        Case("x = (3, 7, 512): teen sentences, 7 tokens", (torch.randn(3, 7, 512, generator=generator),)),
    ]
    return check("build_seed_encoder", fn, build_seed_encoder, cases,
                 call=_layout_summary({}), names=LAYOUT_ITEMS,
                 mistakes=BUILD_SEED_ENCODER_MISTAKES, atol=1e-4,
                 hint=first_level(BUILD_SEED_ENCODER_HINT))

# ---------------------------------------------------------------- predictions (reasons shown after the guess)

explain("heads_and_params",
        "heads d dimensions ko sirf baant-te hain (512 = 8 × 64 = 32 × 16). Q, K, V aur out ke "
        "weights wahi d × d rehte hain; sirf har head ka hissa chhota hota hai.",
        choices=["kam", "barabar", "zyada"])
explain("layout_dependency",
        "Seed ka layout (seq_len, batch, d_model) hai: (1, 10, 512) uske liye 10 sentences hain, "
        "har ek me 1 token, isliye har token akela. batch_first=True me wahi tensor 1 sentence ke "
        "10 tokens hai, aur attention sabko jodta hai.")
