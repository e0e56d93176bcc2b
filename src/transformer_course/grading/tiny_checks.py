"""Notebook 06's exercise checks: attention maps, exact-match accuracy, a model without positions."""

from __future__ import annotations

import torch

from ..model.probes import attention_maps
from ..model.tiny_models import TinyTransformer
from ..model.training import IGNORE_INDEX, exact_match_accuracy
from .checks import Case, check, randomise_parameters
from .hints import first_level, register
from .predictions import explain

__all__ = ["check_attention_maps", "check_exact_match_accuracy", "check_no_position_model"]  # tc.<name> (see grading/__init__.py)

ATTENTION_MAPS_HINT = register(
    "attention_maps",
    idea='Model ke layers ek-ek karke chalaiye; har layer ko chalane se pehle uske self-attention se weights maangiye, usi input par jo woh layer sach me dekhti hai.',
    shapes='tokens (B, L) → model.embed_tokens → x (B, L, d). Har layer se weights (B, H, L, L) (need_weights=True, average_attn_weights=False); pre-norm layer ka attention norm1(x) dekhta hai, post-norm ka x. Saare layers stack: (B, layers, H, L, L).',
    code='x = model.embed_tokens(tokens); har `layer` in model.encoder.layers ke liye: h = layer.norm1(x) agar layer.norm_first, warna x; `_, w = layer.self_attn(h, h, h, need_weights=True, average_attn_weights=False)`; phir x = layer(x). Aakhir me torch.stack(maps, dim=1).')


def check_attention_maps(fn) -> bool:
    """The learner's extraction vs the reference on small seeded models (pre- and post-norm)."""
    def build(norm_first: bool, layers: int, heads: int) -> TinyTransformer:
        torch.manual_seed(7)
        return TinyTransformer(12, d_model=16, nhead=heads, num_layers=layers,
                               dim_feedforward=32, max_len=10, norm_first=norm_first)

    tokens = torch.randint(0, 12, (3, 6), generator=torch.Generator().manual_seed(1))
    cases = [
        Case("2 layers, 2 heads, batch 3", (build(True, 2, 2), tokens)),
        Case("1 layer, 4 heads", (build(True, 1, 4), tokens[:1])),
        Case("3 layers, post-norm block (norm_first=False)", (build(False, 3, 2), tokens)),
        Case("edge: sequence of 1 token", (build(True, 2, 2), tokens[:, :1])),
        Case("galat: float tokens → ValueError", (build(True, 2, 2), tokens.float())),
    ]
    return check("attention_maps", fn, attention_maps, cases, atol=1e-5, rtol=1e-4,
                 hint=first_level(ATTENTION_MAPS_HINT))


EXACT_MATCH_ACCURACY_HINT = register(
    "exact_match_accuracy",
    idea='Ek sequence tabhi sahi hai jab uski har gini jaane wali position sahi ho; accuracy yaani kul sequences me sahi sequences ka hissa.',
    shapes='logits (B, L, V) → argmax(-1) → pred (B, L); targets (B, L). Position sahi: (B, L) bool, jisme IGNORE_INDEX wali positions sahi maani jaati hain. Har row ka `.all` → (B,); uska mean → ek Python float. Shapes mel na khaayein to ValueError.',
    code='pred = logits.argmax(dim=-1); ek position sahi hai agar pred == targets ya targets == IGNORE_INDEX; sequence tabhi sahi jab .all(dim=1); phir .float().mean() ko float(...) banaiye. Shapes alag hon to `raise ValueError(...)`.')


def check_exact_match_accuracy(fn) -> bool:
    """Compare the learner's exact-match accuracy with the reference."""
    g = torch.Generator().manual_seed(3)
    logits = torch.randn(6, 5, 4, generator=g)
    best = logits.argmax(-1)
    one_wrong = best.clone()
    one_wrong[:3, 2] = (one_wrong[:3, 2] + 1) % 4      # rows 0-2 have one wrong token
    ignored = one_wrong.clone()
    ignored[:3, 2] = IGNORE_INDEX                      # … which is ignored here
    cases = [
        Case("sab sahi → 1.0", (logits, best)),
        Case("aadhe sequences me ek token galat → 0.5", (logits, one_wrong)),
        Case("sab galat → 0.0", (logits, (best + 1) % 4)),
        Case("IGNORE_INDEX wali positions nahi ginte", (logits, ignored)),
        Case("edge: batch of 1", (logits[:1], best[:1])),
        Case("galat: shapes mismatch → ValueError", (logits, best[:, :3])),
    ]
    return check("exact_match_accuracy", fn, exact_match_accuracy, cases, atol=1e-6, rtol=0,
                 hint=first_level(EXACT_MATCH_ACCURACY_HINT))


# ---------------------------------------------------------------- modify: no positional encoding


class _NoPositionReference(TinyTransformer):
    """The reference change: token embedding only, the sine/cosine table is not added."""

    def embed_tokens(self, tokens: torch.Tensor) -> torch.Tensor:
        return self.embed(tokens)


class _PositionsOnly(TinyTransformer):  # removed the tokens, kept the positions
    def embed_tokens(self, tokens: torch.Tensor) -> torch.Tensor:
        return self.pe[: tokens.shape[1]].expand(tokens.shape[0], -1, -1)


class _NothingLeft(TinyTransformer):  # removed both: the model sees nothing
    def embed_tokens(self, tokens: torch.Tensor) -> torch.Tensor:
        return torch.zeros(*tokens.shape, self.d_model)


NO_POSITION_HINT = register(
    "no_position_model",
    idea='Model ke input vector me do cheezein judti hain: digit kaun sa hai, aur woh kis position par hai. Sirf doosri cheez hataiye; pehli rahe, warna model ko digits hi nahi dikhenge.',
    shapes='tokens (B, L) → token embedding (B, L, d_model). Position table (max_len, d_model) ki pehli L rows ab nahi judni chahiye. Output wahi shape (B, L, d_model).',
    code='embed_tokens me sirf `return self.embed(tokens)` (token embedding), bina `self.pe[:L]` jode.')


def _run_no_position(cls, config: dict, tokens: torch.Tensor, permuted: bool = False,
                     train: bool = False) -> torch.Tensor:
    """Build ``cls`` with random weights; logits, or with ``permuted`` how far the model is from
    permutation-equivariant: model(tokens[:, p])[:, p⁻¹] − model(tokens), all zeros when it is."""
    model = randomise_parameters(cls(12, **config), seed=5).train(train)

    def forward(t: torch.Tensor) -> torch.Tensor:
        torch.manual_seed(0)  # the same dropout masks for the learner's model and the reference
        with torch.no_grad():
            return model(t)

    if not permuted:
        return forward(tokens)
    perm = torch.arange(tokens.shape[1]).flip(0).roll(1)   # e.g. 0 1 2 3 4 5 → 0 5 4 3 2 1
    return forward(tokens[:, perm])[:, torch.argsort(perm)] - forward(tokens)


def check_no_position_model(cls) -> bool:
    """The learner's TinyTransformer without positions: permutation-equivariant, tokens still seen."""
    tokens = torch.randint(0, 12, (3, 6), generator=torch.Generator().manual_seed(2))
    small = dict(d_model=16, nhead=2, num_layers=2, dim_feedforward=32, max_len=10)
    cases = [
        Case("kram badlo: output ki rows bhi bas usi kram me badlein (fark 0)", (small, tokens),
             {"permuted": True}),
        Case("random weights, 2 layers: logits = bina-position model", (small, tokens)),
        Case("1 layer, 4 heads, post-norm (norm_first=False)",
             (small | dict(nhead=4, num_layers=1, norm_first=False), tokens)),
        Case("train mode, dropout 0.1", (small | dict(dropout=0.1), tokens), {"train": True}),
        Case("edge: ek token ka sequence", (small, tokens[:, :1])),
    ]
    mistakes = {
        "positional encoding abhi bhi jud raha hai (embed_tokens wahi purana hai), isliye kram "
        "badalne par outputs badalte hain": TinyTransformer,
        "ulta hata diya: token embedding hata di aur positions rakh li; model ko digits dikhte "
        "hi nahi": _PositionsOnly,
        "sab kuch hata diya: positions ke saath token embedding bhi; token embedding rehni "
        "chahiye": _NothingLeft,
    }
    return check("no_position_model", cls, _NoPositionReference, cases, call=_run_no_position,
                 mistakes=mistakes, atol=1e-5, rtol=1e-4, hint=first_level(NO_POSITION_HINT))

# ---------------------------------------------------------------- predictions (reasons shown after the guess)

explain("untrained_exact_match",
        "Ek digit andaaze se sahi hone ka chance lagbhag 1/10 hai, lekin exact match ko 8 ke 8 "
        "digits ek saath sahi chahiye: (1/10)^8 = 0.00000001. 1000 sequences me ek bhi poora sahi "
        "aana lagbhag namumkin hai.",
        choices=["0%", "1%", "10%", "50%"])
explain("no_position_reversal",
        "Bina positions ke har position ko sirf apna digit aur poora bag dikhta hai, kram nahi. "
        "Reversal me position i ko position 7 − i ka digit chahiye, jo woh pehchaan hi nahi sakta. "
        "Ek seedha order-blind rule: baaki digits me jo sabse zyada baar aaya, wahi bolo (bag rule: "
        "{bag_rule:.0%}). Model ko {per_digit:.0%} mila: andaaze (10%) se upar, lekin kram ke bina "
        "100% nahi, aur poora sequence sahi lagbhag kabhi nahi.",
        choices=["~10%", "~30%", "~100%"])
