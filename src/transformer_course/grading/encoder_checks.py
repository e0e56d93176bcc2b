"""Notebook 05's exercise checks: the learner's EncoderBlock against nn.TransformerEncoderLayer,
and (Modify) the learner's NoResidualBlock, PyTorch's layer with its two residuals removed.

Weights and biases (LayerNorm's too) are random, every argument is covered (both norm
placements, both activations, every mask), and training mode is tested: with dropout 0 it must
equal eval, and each of PyTorch's dropout modules must exist and be used. MISTAKES holds the
block with one typical mistake built in, so the check can name the learner's; NO_RESIDUAL_MISTAKES
does the same for the Modify exercise, whose cases also zero both sub-layers' outputs: without a
residual, no trace of the input may reach the output.
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
from .predictions import explain
from .twins import run_twin

__all__ = ["check_encoder_block", "check_no_residual_block"]  # tc.<name> (see grading/__init__.py)

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


# ---------------------------------------------------------------- Modify: remove the residuals

def _no_residual(kind: str = "") -> type:
    """nn.TransformerEncoderLayer without its residuals (``kind``: one typical mistake built in)."""
    keep_a = kind in ("attention residual kept", "nothing removed")
    keep_f = kind in ("ffn residual kept", "nothing removed")

    class NoResidual(nn.TransformerEncoderLayer):
        def _sub(self, x, src_mask, padding, which):
            if kind == "masks ignored":
                src_mask = padding = None
            if kind == "no dropout" and which == "attention":
                return self.self_attn(x, x, x, attn_mask=src_mask, key_padding_mask=padding,
                                      need_weights=False)[0]
            if kind == "no dropout":
                return self.linear2(self.activation(self.linear1(x)))
            return self._sa_block(x, src_mask, padding) if which == "attention" else self._ff_block(x)

        def forward(self, src, src_mask=None, src_key_padding_mask=None):
            norm1, norm2 = (nn.Identity(), nn.Identity()) if kind == "norms removed" \
                else (self.norm1, self.norm2)
            masks = (src_mask, src_key_padding_mask)
            pre_norm = {"norm_first ignored": False, "always pre-norm": True}.get(kind, self.norm_first)
            kept = kind == ("pre-norm residual kept" if pre_norm else "post-norm residual kept")
            ka, kf = (True, True) if kept else (keep_a, keep_f)  # one branch left unchanged
            if pre_norm:
                x = src * ka + self._sub(norm1(src), *masks, "attention")
                x_ffn = src if kind == "ffn gets src" else x
                return x * kf + self._sub(norm2(x_ffn), *masks, "ffn")
            x = norm1(src * ka + self._sub(src, *masks, "attention"))
            return norm2(x * kf + self._sub(src if kind == "ffn gets src" else x, *masks, "ffn"))

    return NoResidual


NO_RESIDUAL_MISTAKES = {
    "residual abhi bhi hai: output me x + ... wala hissa dono jagah se hatana tha.":
        _no_residual("nothing removed"),
    "attention ke baad wala residual abhi bhi juda hai (sirf FFN wala hataya).":
        _no_residual("attention residual kept"),
    "FFN ke baad wala residual abhi bhi juda hai (sirf attention wala hataya).":
        _no_residual("ffn residual kept"),
    "residual ke saath LayerNorm bhi hata diya; norm1 aur norm2 apni jagah rehne chahiye.":
        _no_residual("norms removed"),
    "norm_first ignore hua: pre-norm me LayerNorm sub-layer se pehle lagta hai.":
        _no_residual("norm_first ignored"),
    "norm_first ignore hua: post-norm (default, norm_first=False) me LayerNorm sub-layer ke baad "
    "lagta hai.": _no_residual("always pre-norm"),
    "FFN ko attention ka output nahi, original src mila; FFN attention ke baad wale x par chalta hai.":
        _no_residual("ffn gets src"),
    "masks self._sa_block tak nahi pahunche (src_mask / src_key_padding_mask).":
        _no_residual("masks ignored"),
    "self._sa_block / self._ff_block ki jagah layers seedhe call kiye, isliye dropout1, dropout "
    "aur dropout2 chhoot gaye.": _no_residual("no dropout"),
    "pre-norm (norm_first=True) wale raaste me residual abhi bhi juda hai; post-norm me hata, "
    "dono raaston me hatana hai.": _no_residual("pre-norm residual kept"),
    "post-norm (default) wale raaste me residual abhi bhi juda hai; pre-norm me hata, dono "
    "raaston me hatana hai.": _no_residual("post-norm residual kept"),
}

SUBLAYER_OUTPUTS = ("self_attn.out_proj.weight", "self_attn.out_proj.bias", "linear2.weight",
                    "linear2.bias")


def _run_no_residual(impl, config: dict, inputs: dict, mode: str = "eval", zeroed: bool = False):
    """Random weights from PyTorch's layer, copied into ``impl(**config)``; ``zeroed``: both
    sub-layers' last weights and biases set to 0, so each sub-layer outputs 0."""
    def forward(block):
        if zeroed:
            params = dict(block.named_parameters())
            for name in SUBLAYER_OUTPUTS:
                params[name].zero_()
        return block(**inputs)
    return run_twin(impl, nn.TransformerEncoderLayer, config, forward, mode=mode,
                    dropouts=DROPOUTS, names_hint=NAMES_HINT)


NO_RESIDUAL_HINT = register(
    "NoResidualBlock",
    idea="Residual ka matlab hai sub-layer ke output me uska input wapas jodna. Sirf woh jodna hataiye; LayerNorm apni jagah rahe (post-norm me sub-layer ke baad, pre-norm me pehle), aur masks aur dropout waise hi chalen.",
    shapes="src (…, L, d_model) → attention sub-layer → (…, L, d_model) → FFN sub-layer → (…, L, d_model). self._sa_block(x, src_mask, src_key_padding_mask) aur self._ff_block(x) dropout khud lagaate hain; FFN attention wale hisse ke output par chalta hai, original src par nahi.",
    code="post-norm: x = self.norm1(self._sa_block(src, src_mask, src_key_padding_mask)); return self.norm2(self._ff_block(x)). pre-norm (self.norm_first): x = self._sa_block(self.norm1(src), src_mask, src_key_padding_mask); return self._ff_block(self.norm2(x)).")


def _zeroed(case: Case) -> Case:
    return Case(case.label, case.args, {**case.kwargs, "zeroed": True})


def check_no_residual_block(cls) -> bool:
    """Is the learner's class PyTorch's encoder layer with both residuals removed, and only them?"""
    cases = [
        _block_case("post-norm (default), relu, batch_first=False, x (6, 2, 32)"),
        _block_case("post-norm, gelu, batch_first=True", activation="gelu", batch_first=True),
        _block_case("pre-norm (norm_first=True), batch_first=True", norm_first=True,
                    batch_first=True),
        _block_case("pre-norm, gelu, batch_first=False", activation="gelu", norm_first=True),
        _block_case("src_key_padding_mask: sentence 2 ke aakhri 2 tokens padding", pad=True,
                    batch_first=True),
        _block_case("causal src_mask (bool) + padding, pre-norm", causal=True, pad=True,
                    norm_first=True),
        _zeroed(_block_case("dono sub-layers ka output 0 (out_proj, linear2 = 0), post-norm: "
                            "output me x ka koi raasta nahi bachna chahiye", batch_first=True)),
        _zeroed(_block_case("dono sub-layers ka output 0, pre-norm: output me x ka koi raasta "
                            "nahi", norm_first=True)),
        _block_case("edge: sirf 1 token, batch 1", length=1, batch=1),
        _block_case("training mode, dropout=0: eval jaisa hi output", mode="train", dropout=0.0),
        _block_case("training mode, dropout=0.3: dropout1, dropout, dropout2 sahi jagah (fixed "
                    "scaling se naapa)", mode="placed", dropout=0.3, norm_first=True),
        _block_case("training mode, dropout=0.3, post-norm: dropouts sahi jagah", mode="placed",
                    dropout=0.3, batch_first=True),
    ]
    return check("NoResidualBlock", cls, _no_residual(), cases, call=_run_no_residual,
                 mistakes=NO_RESIDUAL_MISTAKES, atol=1e-5, rtol=1e-5,
                 hint=first_level(NO_RESIDUAL_HINT))

# ---------------------------------------------------------------- predictions (reasons shown after the guess)

explain("block_changed_tokens",
        "Attention me har token ki query saare tokens ki keys aur values dekhti hai, isliye ek "
        "token badla to sabke outputs badle. FFN aur LayerNorm har token par akele chalte hain: "
        "tokens ko milata sirf attention hai.")
explain("block_pad_changed_tokens",
        "key_padding_mask ki wajah se koi bhi token pad ki key/value nahi dekhta, isliye baaki 5 "
        "outputs bilkul nahi hile. Lekin pad ka apna output badla: residual me uska apna x judta "
        "hai (aur uski query baaki tokens ko dekhti hai).")
explain("no_residual_tokens",
        "Attention har token ka output saare tokens ki values ka weighted average banata hai "
        "(weights positive, jod 1), to har layer tokens ko ek doosre ki taraf kheenchti hai. "
        "Residual har token ka apna x wapas jodta hai; uske bina tokens ek jaise ho jaate hain.",
        choices=["kam", "barabar", "zyada"])
