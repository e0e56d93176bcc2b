"""Notebook 05's exercise check: the learner's EncoderBlock against nn.TransformerEncoderLayer.

Weights and biases (LayerNorm's too) are random, every argument is covered (both norm
placements, both activations, every mask), and training mode is tested: with dropout 0 it must
equal eval, and each of PyTorch's dropout modules must exist and be used. MISTAKES holds the
block with one typical mistake built in, so the check can name the learner's.
"""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F
from torch import nn

from ..errors import require_src
from ..model.encoder_layers import EncoderBlock
from .checks import Case, check
from .hints import first_level, register
from .twins import run_twin

__all__ = ["check_encoder_block"]  # tc.<name> (see grading/__init__.py)

NAMES_HINT = ("PyTorch wale naam rakhiye: self.self_attn, self.linear1, self.dropout, self.linear2, "
              "self.norm1, self.norm2, self.dropout1, self.dropout2.")
DROPOUTS = ("dropout", "dropout1", "dropout2")


class _PyTorchOracle(nn.TransformerEncoderLayer):
    """nn.TransformerEncoderLayer with the course's input check in front (the check's oracle)."""

    def forward(self, src, src_mask=None, src_key_padding_mask=None):
        require_src("src", src, self.self_attn.embed_dim)
        return super().forward(src, src_mask=src_mask, src_key_padding_mask=src_key_padding_mask)


def _run_block(impl, config: dict, inputs: dict, mode: str = "eval"):
    """PyTorch's layer with random parameters, copied into ``impl(**config)``, run in ``mode``."""
    return run_twin(impl, nn.TransformerEncoderLayer, config, lambda block: block(**inputs),
                    mode=mode, dropouts=DROPOUTS, names_hint=NAMES_HINT)


def _block_case(label, *, activation="relu", norm_first=False, batch_first=False, length=6,
                batch=2, d_model=32, nhead=4, width=None, pad=False, causal=False, float_mask=False,
                mode="eval", dropout=0.1):
    gen = torch.Generator().manual_seed(length * 100 + batch)
    config = {"d_model": d_model, "nhead": nhead, "dim_feedforward": 2 * d_model,
              "dropout": dropout, "activation": activation, "batch_first": batch_first,
              "norm_first": norm_first}
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
    return Case(label, (config, inputs), {"mode": mode})


def _with_mistake(kind: str) -> type:
    """The course's EncoderBlock with one typical mistake built in."""
    class Mistaken(EncoderBlock):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            if kind == "relu always":
                self.activation = F.relu
            elif kind == "tanh gelu" and self.activation is F.gelu:
                self.activation = lambda x: F.gelu(x, approximate="tanh")

        def _attention(self, x, mask, key_padding_mask):
            if kind == "masks ignored":
                mask = key_padding_mask = None
            out, _ = self.self_attn(x, x, x, attn_mask=mask, key_padding_mask=key_padding_mask,
                                    need_weights=False)
            return out if kind == "no dropout" else self.dropout1(out)

        def _feed_forward(self, x):
            hidden = self.activation(self.linear1(x))
            if kind not in ("no dropout", "no ffn dropout"):
                hidden = self.dropout(hidden)
            out = self.linear2(hidden)
            return out if kind == "no dropout" else self.dropout2(out)

        def forward(self, src, src_mask=None, src_key_padding_mask=None):
            x = require_src("src", src, self.d_model)
            norm2 = self.norm1 if kind == "norm1 twice" else self.norm2
            keep_a, keep_f = kind != "no attention residual", kind != "no ffn residual"
            if self.norm_first != (kind == "norm placement flipped"):
                x = x * keep_a + self._attention(self.norm1(x), src_mask, src_key_padding_mask)
                return x * keep_f + self._feed_forward(norm2(x))
            if kind == "norm inside residual":
                x = x + self.norm1(self._attention(x, src_mask, src_key_padding_mask))
                return x + norm2(self._feed_forward(x))
            x = self.norm1(x * keep_a + self._attention(x, src_mask, src_key_padding_mask))
            return norm2(x * keep_f + self._feed_forward(x))

    return Mistaken


MISTAKES = {
    "attention ke baad residual nahi joda (x + attention(...) chahiye).":
        _with_mistake("no attention residual"),
    "FFN ke baad residual nahi joda (x + ffn(...) chahiye).": _with_mistake("no ffn residual"),
    "dono jagah norm1 use hua; FFN wale hisse ka apna norm2 hai.": _with_mistake("norm1 twice"),
    "norm_first ulta pad gaya: True par pre-norm (norm pehle), False par post-norm (norm baad me).":
        _with_mistake("norm placement flipped"),
    "post-norm me LayerNorm sub-layer par lagaya: norm(x + sublayer(x)) chahiye, "
    "x + norm(sublayer(x)) nahi.": _with_mistake("norm inside residual"),
    "activation hamesha relu: config ka activation ('gelu') use kijiye.":
        _with_mistake("relu always"),
    "gelu ka tanh approximation use hua; PyTorch exact gelu (F.gelu) leta hai.":
        _with_mistake("tanh gelu"),
    "masks self_attn tak nahi pahunche (src_mask / src_key_padding_mask).":
        _with_mistake("masks ignored"),
    "dropout modules bane par kabhi use nahi hue: attention ke baad dropout1, FFN ke andar "
    "dropout, FFN ke baad dropout2.": _with_mistake("no dropout"),
    "FFN ke andar (activation ke baad) self.dropout use nahi hua.": _with_mistake("no ffn dropout"),
}


ENCODER_BLOCK_HINT = register(
    "EncoderBlock",
    idea='Do sub-layers: self-attention aur FFN. Har ek ke saath residual (input wapas jodna) aur LayerNorm: post-norm me jodne ke baad norm, pre-norm (norm_first) me sub-layer se pehle. Dropout har sub-layer ke output par, aur FFN ke andar activation ke baad.',
    shapes='Sab kuch (…, L, d_model) shape me rehta hai: attention (L, d) → (L, d), FFN d → dim_feedforward → d; isiliye x aur sub-layer ka output jud sakte hain. src_mask (L, L) aur src_key_padding_mask (B, L) seedhe self_attn ko dijiye. Naam PyTorch wale: self_attn, linear1, dropout, linear2, norm1, norm2, dropout1, dropout2.',
    code="post-norm: x = norm1(x + dropout1(attn(x))), phir x = norm2(x + dropout2(ffn(x))); pre-norm (norm_first): x = x + dropout1(attn(norm1(x))), phir x = x + dropout2(ffn(norm2(x))). FFN = linear2(dropout(act(linear1(x)))); 'gelu' ke liye exact F.gelu (tanh approximation nahi). Masks seedhe self_attn ko dijiye.")


def check_encoder_block(cls) -> bool:
    """Does the learner's EncoderBlock class match nn.TransformerEncoderLayer, in eval and train?"""
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
        _block_case("training mode, dropout=0: eval jaisa hi output", mode="train", dropout=0.0,
                    norm_first=True, batch_first=True),
        _block_case("training mode, dropout=0.3: har dropout sahi jagah (fixed scaling se naapa)",
                    mode="placed", dropout=0.3, norm_first=True, batch_first=True),
        _block_case("training mode, dropout=0.3: dropout, dropout1, dropout2 bane aur use hue",
                    mode="dropout", dropout=0.3),
        _block_case("galat input: x ki last dim 16, d_model 32 → ValueError", width=16),
    ]
    return check("EncoderBlock", cls, _PyTorchOracle, cases, call=_run_block, mistakes=MISTAKES,
                 atol=1e-5, rtol=1e-5,
                 hint=first_level(ENCODER_BLOCK_HINT))
