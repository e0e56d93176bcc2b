"""Notebook 05's exercise check: the learner's EncoderBlock against nn.TransformerEncoderLayer."""

from __future__ import annotations

import math
import warnings

import torch
from torch import nn

from ..errors import describe, fail, require_src
from .checks import Case, check


class _PyTorchOracle(nn.TransformerEncoderLayer):
    """nn.TransformerEncoderLayer with the course's input check in front (the check's oracle)."""

    def forward(self, src, src_mask=None, src_key_padding_mask=None):
        require_src("src", src, self.self_attn.embed_dim)
        return super().forward(src, src_mask=src_mask, src_key_padding_mask=src_key_padding_mask)


def _copy_weights(module, state: dict[str, torch.Tensor]) -> None:
    """load_state_dict, with a Hinglish message naming missing or extra parameter names."""
    if not isinstance(module, nn.Module):
        raise fail("aapki class se bana object", "ek nn.Module (`super().__init__()` bhi)",
                   describe(module))
    mine = module.state_dict()
    missing = [k for k in state if k not in mine]
    extra = [k for k in mine if k not in state]
    if missing or extra:
        raise fail("parameter names", f"PyTorch wale naam (jaise {', '.join(list(state)[:4])} …)",
                   f"missing: {missing[:4] or '-'}, extra: {extra[:4] or '-'}",
                   "self.self_attn, self.linear1, self.linear2, self.norm1, self.norm2 naam rakhiye.")
    wrong = [f"{k} {tuple(mine[k].shape)}" for k in state if mine[k].shape != state[k].shape]
    if wrong:
        raise fail("parameter shapes", "PyTorch layer jaise", ", ".join(wrong[:3]))
    module.load_state_dict(state)


def _run_block(impl, config: dict, inputs: dict, seed: int = 0):
    """Build PyTorch's layer (seeded), build ``impl`` with the same config, copy the weights,
    and run ``impl`` in eval mode."""
    torch.manual_seed(seed)
    state = nn.TransformerEncoderLayer(**config).state_dict()
    module = impl(**config)
    _copy_weights(module, state)
    module.eval()
    with torch.no_grad(), warnings.catch_warnings():
        # PyTorch notes that a float src_mask with a bool padding mask is "deprecated"; it works.
        warnings.simplefilter("ignore", UserWarning)
        return module(**inputs)


def _block_case(label, *, activation="relu", norm_first=False, batch_first=False, length=6,
                batch=2, d_model=32, nhead=4, width=None, pad=False, causal=False, float_mask=False):
    gen = torch.Generator().manual_seed(length * 100 + batch)
    config = {"d_model": d_model, "nhead": nhead, "dim_feedforward": 2 * d_model, "dropout": 0.1,
              "activation": activation, "batch_first": batch_first, "norm_first": norm_first}
    shape = (batch, length, width or d_model) if batch_first else (length, batch, width or d_model)
    inputs = {"src": torch.randn(shape, generator=gen)}
    if pad:
        padding = torch.zeros(batch, length, dtype=torch.bool)
        padding[-1, -2:] = True  # last sentence: its last two tokens are padding
        inputs["src_key_padding_mask"] = padding
    if causal:
        mask = torch.triu(torch.ones(length, length, dtype=torch.bool), diagonal=1)
        inputs["src_mask"] = torch.zeros(length, length).masked_fill(mask, -math.inf) \
            if float_mask else mask
    return Case(label, (config, inputs))


def check_encoder_block(cls) -> bool:
    """Does the learner's EncoderBlock class match nn.TransformerEncoderLayer (eval mode)?"""
    cases = [
        _block_case("relu, post-norm (paper), batch_first=False, x (6, 2, 32)"),
        _block_case("gelu, post-norm, batch_first=True", activation="gelu", batch_first=True),
        _block_case("relu, pre-norm (norm_first=True), batch_first=True", norm_first=True,
                    batch_first=True),
        _block_case("gelu, pre-norm, batch_first=False", activation="gelu", norm_first=True),
        _block_case("src_key_padding_mask: sentence 2 ke aakhri 2 tokens padding", pad=True,
                    batch_first=True),
        _block_case("causal src_mask (bool) + pre-norm", causal=True, norm_first=True),
        _block_case("causal src_mask (float, -inf) + padding", causal=True, float_mask=True,
                    pad=True),
        _block_case("edge: sirf 1 token, batch 1", length=1, batch=1),
        _block_case("galat input: x ki last dim 16, d_model 32 → ValueError", width=16),
    ]
    return check("EncoderBlock", cls, _PyTorchOracle, cases, call=_run_block, atol=1e-5, rtol=1e-5,
                 hint="post-norm: x = norm1(x + dropout1(attn(x))), phir x = norm2(x + "
                      "dropout2(ffn(x))); pre-norm (norm_first): x = x + dropout1(attn(norm1(x))), "
                      "phir x = x + dropout2(ffn(norm2(x))). FFN = linear2(dropout(act(linear1(x)))); "
                      "'gelu' ke liye exact F.gelu (tanh approximation nahi). Masks seedhe self_attn ko dijiye.")
