"""Notebook 06's exercise checks: reading the attention maps and exact-match accuracy."""

from __future__ import annotations

import torch

from ..model.probes import attention_maps
from ..model.tiny_models import TinyTransformer
from ..model.training import IGNORE_INDEX, exact_match_accuracy
from .checks import Case, check
from .hints import first_level, register

__all__ = ["check_attention_maps", "check_exact_match_accuracy"]  # tc.<name> (see grading/__init__.py)

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
