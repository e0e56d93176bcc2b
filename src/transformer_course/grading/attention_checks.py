"""Notebook 02's exercise checks: scaled dot-product attention against F.scaled_dot_product_attention,
and the "√d_k hata kar dekhiye" modification (attention without the 1/√d_k scale).

MISTAKES (and UNSCALED_MISTAKES) are the catalogues of what learners typically get wrong, each
one the reference with that mistake built in; the check names the one whose results equal the
learner's.
"""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F

from ..model.dot_product_attention import causal_mask, scaled_dot_product_attention
from .checks import Case, check
from .hints import first_level, register
from .predictions import explain

__all__ = ["check_scaled_dot_product_attention", "check_unscaled_attention"]  # tc.<name> (see grading/__init__.py)


def _oracle(q, k, v, mask=None):
    """What the learner's function must return: F.sdpa's output and the reference weights.

    A fully blocked row is defined by the course (output 0), not taken from F.sdpa, which gives
    0 there only from torch 2.5 on (NaN before); so the check wants the same on every version.
    """
    _, weights = scaled_dot_product_attention(q, k, v, mask)  # also raises on bad input
    blocked = (weights == 0).all(dim=-1, keepdim=True)  # a live row always has a weight > 0
    output = F.scaled_dot_product_attention(q, k, v, attn_mask=mask)
    return torch.where(blocked, torch.zeros((), dtype=output.dtype), output), weights


def _attention_with(mistake: str):
    """The reference attention with one typical mistake built in (the learner's signature)."""
    def attention(q, k, v, mask=None):
        d_k = q.shape[-1]
        scores = q @ k.transpose(-2, -1)
        if mistake != "no scale":
            scores = scores / (d_k if mistake == "scale by d_k" else math.sqrt(d_k))
        if mask is not None and mistake != "mask after softmax":
            if mask.dtype == torch.bool:
                allowed = mask if mistake != "inverted mask" else ~mask
                scores = scores.masked_fill(~allowed, float("-inf"))
            else:
                scores = scores * mask if mistake == "float mask multiplied" else scores + mask
        weights = torch.softmax(scores, dim=-2 if mistake == "softmax over queries" else -1)
        if mistake == "mask after softmax" and mask is not None:
            weights = weights.masked_fill(~mask, 0.0) if mask.dtype == torch.bool else weights
        if mistake != "NaN rows kept":
            weights = torch.nan_to_num(weights, nan=0.0)
        output = (scores if mistake == "scores times v" else weights) @ v
        return (weights, output) if mistake == "swapped returns" else (output, weights)
    return attention


MISTAKES = {
    "√d_k se divide nahi kiya (scores bahut bade, softmax ek hi word par chipak jaata hai).":
        _attention_with("no scale"),
    "√d_k ki jagah d_k se divide kiya.": _attention_with("scale by d_k"),
    "softmax galat dim par: har column ka jod 1 ban raha hai, har row (query) ka nahi. "
    "`dim=-1` lijiye.": _attention_with("softmax over queries"),
    "mask ulta laga: course me bool mask ka True = *dekh sakta hai*; aapne True wali jagah "
    "block ki.": _attention_with("inverted mask"),
    "mask softmax ke baad lagaya: blocked weights 0 hue, par bachi weights ka jod 1 nahi raha. "
    "Mask scores par (softmax se pehle) lagaiye.": _attention_with("mask after softmax"),
    "float mask ko scores se multiply kiya; float mask scores me *joda* jaata hai.":
        _attention_with("float mask multiplied"),
    "jis query ki saari keys blocked hain, uski row NaN reh gayi; use 0 kijiye.":
        _attention_with("NaN rows kept"),
    "output = scores @ v kiya; output = weights @ v hona chahiye (softmax ke baad wale).":
        _attention_with("scores times v"),
    "(weights, output) ulta return kiya; pehle output, phir weights.":
        _attention_with("swapped returns"),
}


SCALED_DOT_PRODUCT_ATTENTION_HINT = register(
    "scaled_dot_product_attention",
    idea='Har query har key se dot product karke score banati hai; scores ko √d_k se chhota kijiye; mask wali jagah score -inf; softmax har query ki apni row par; phir un weights se values ka weighted jod.',
    shapes='q (..., L_q, d_k) @ kᵀ (..., d_k, L_k) → scores (..., L_q, L_k). Batch ke saath `.T` nahi chalta: sirf aakhri do dims palatiye. Softmax aakhri dim (keys) par, taaki har row ka jod 1 ho. weights (..., L_q, L_k) @ v (..., L_k, d_v) → output (..., L_q, d_v). Jis row ki saari keys blocked hon, uske weights 0 (NaN nahi).',
    code="(output, weights) return kijiye. scores = q @ k.transpose(-2, -1) / math.sqrt(d_k); bool mask: scores.masked_fill(~mask, float('-inf')); float mask: scores + mask; softmax(dim=-1); jis row me sab -inf ho uske weights 0; output = weights @ v. d_k alag ho to ValueError raise kijiye.")


def check_scaled_dot_product_attention(fn) -> bool:
    """Check ``fn(q, k, v, mask=None) -> (output, weights)`` on shapes, masks and edge cases."""
    g = torch.Generator().manual_seed(2)

    def rand(*shape, dtype=torch.float32):
        return torch.randn(*shape, generator=g, dtype=dtype)

    bool_mask = torch.tensor([[True, True, True, False, False]] * 3 + [[True] * 5] * 2)
    float_mask = torch.zeros(4, 6)
    float_mask[:, 0] = 1.5
    float_mask[:, 4:] = float("-inf")
    float_mask[2, 1] = -2.0
    blocked_row = torch.ones(4, 5, dtype=torch.bool)
    blocked_row[1] = False
    cases = [
        Case("ek sentence, 2-D: q, k, v (4, 8)", (rand(4, 8), rand(4, 8), rand(4, 8))),
        Case("batched 3-D, L_q ≠ L_k, d_v ≠ d_k: q (2, 3, 8), k (2, 6, 8), v (2, 6, 5)",
             (rand(2, 3, 8), rand(2, 6, 8), rand(2, 6, 5))),
        Case("4-D (batch, heads, seq, d_k): (2, 3, 5, 4)",
             (rand(2, 3, 5, 4), rand(2, 3, 5, 4), rand(2, 3, 5, 4))),
        Case("float64 inputs", (rand(3, 4, dtype=torch.float64), rand(5, 4, dtype=torch.float64),
                                rand(5, 2, dtype=torch.float64))),
        Case("bool mask (5, 5): True = dekh sakta hai", (rand(2, 5, 4), rand(2, 5, 4), rand(2, 5, 4),
                                                         bool_mask)),
        Case("additive float mask (4, 6): score me jodiye (0, 1.5, -2, -inf)",
             (rand(4, 8), rand(6, 8), rand(6, 3), float_mask)),
        Case("causal mask (6, 6)", (rand(1, 6, 4), rand(1, 6, 4), rand(1, 6, 4), causal_mask(6))),
        Case("ek query ki poori row blocked → weights aur output 0",
             (rand(4, 4), rand(5, 4), rand(5, 3), blocked_row)),
        Case("galat input: q ka d_k 8, k ka d_k 6 → ValueError", (rand(3, 8), rand(3, 6), rand(3, 8))),
    ]
    return check("scaled_dot_product_attention", fn, _oracle, cases, mistakes=MISTAKES,
                 names=("output", "weights"),
                 hint=first_level(SCALED_DOT_PRODUCT_ATTENTION_HINT))


# ---------------------------------------------------------------- Modify: attention without √d_k

def _unscaled(q, k, v):
    """The modification's reference: the notebook's attention with scale 1 (no 1/√d_k)."""
    return scaled_dot_product_attention(q, k, v, scale=1.0)


def _unscaled_with(mistake: str):
    """The learner's ``unscaled_attention(q, k, v)`` with one typical mistake built in."""
    def attention(q, k, v):
        d_k = q.shape[-1]
        factor = {"unchanged": 1 / math.sqrt(d_k), "scale by 1/d_k": 1 / d_k,
                  "times √d_k": math.sqrt(d_k), "scale 0": 0.0}.get(mistake, 1.0)
        scores = (q @ k.transpose(-2, -1)) * factor
        if mistake == "no softmax":
            weights = scores
        else:
            dim = {"softmax over queries": -2, "softmax over dim 0": 0}.get(mistake, -1)
            weights = torch.softmax(scores, dim=dim)
        output = weights @ v
        return (weights, output) if mistake == "swapped returns" else (output, weights)
    return attention


UNSCALED_MISTAKES = {
    "kuch badla hi nahi: scores abhi bhi √d_k se divide ho rahe hain. Yahi divide hatana tha.":
        _unscaled_with("unchanged"),
    "√d_k hatane ki jagah d_k se divide kiya: scaling aur zyada ho gayi.":
        _unscaled_with("scale by 1/d_k"),
    "scores ko √d_k se guna kiya: divide hatane ka matlab 1 se guna (kuch nahi), √d_k se guna nahi.":
        _unscaled_with("times √d_k"),
    "scale 0 kar diya: har score 0 ban gaya aur weights flat. scale woh number hai jisse scores "
    "guna hote hain; 'koi scaling nahi' ka matlab 1 se guna.": _unscaled_with("scale 0"),
    "softmax bhi hata diya: sirf √d_k hatana tha, weights ab bhi softmax se hi bante hain.":
        _unscaled_with("no softmax"),
    "softmax galat dim par: har query ki row (dim=-1) ka jod 1 hona chahiye.":
        _unscaled_with("softmax over queries"),
    "softmax dim=0 par chala (batch/pehli dim); har query ki row, yaani aakhri dim (dim=-1) par "
    "chalaiye.": _unscaled_with("softmax over dim 0"),
    "(weights, output) ulta return kiya; pehle output, phir weights.":
        _unscaled_with("swapped returns"),
}


UNSCALED_ATTENTION_HINT = register(
    "unscaled_attention",
    idea="Notebook ka attention jaisa tha waisa hi rakhiye (scores, softmax har row par, weights se values ka jod); sirf ek cheez badliye: scores ko √d_k se chhota mat kijiye.",
    shapes="q (..., L_q, d_k), k (..., L_k, d_k), v (..., L_k, d_v) → output (..., L_q, d_v), weights (..., L_q, L_k). Weights ki har row ka jod ab bhi 1. d_k = 1 par dono versions same hote hain, bade d_k par fark dikhta hai.",
    code="Do raaste: (1) tc.scaled_dot_product_attention(q, k, v, scale=1.0): scale woh number hai jisse scores guna hote hain (default 1/√d_k). (2) Khud: scores = q @ k.transpose(-2, -1) (bina divide); weights = torch.softmax(scores, dim=-1); return weights @ v, weights.")


def check_unscaled_attention(fn) -> bool:
    """Check ``fn(q, k, v) -> (output, weights)``: softmax(q·kᵀ)·v, the scale removed and nothing else."""
    g = torch.Generator().manual_seed(3)

    def rand(*shape, dtype=torch.float32):
        return torch.randn(*shape, generator=g, dtype=dtype)

    cases = [
        Case("ek sentence, 2-D: q, k, v (4, 8)", (rand(4, 8), rand(4, 8), rand(4, 8))),
        Case("batched 3-D, L_q ≠ L_k, d_v ≠ d_k: q (2, 3, 16), k (2, 6, 16), v (2, 6, 5)",
             (rand(2, 3, 16), rand(2, 6, 16), rand(2, 6, 5))),
        Case("4-D (batch, heads, seq, d_k): (2, 2, 5, 8)",
             (rand(2, 2, 5, 8), rand(2, 2, 5, 8), rand(2, 2, 5, 8))),
        Case("float64 inputs", (rand(3, 4, dtype=torch.float64), rand(5, 4, dtype=torch.float64),
                                rand(5, 2, dtype=torch.float64))),
        Case("bada d_k = 256 (10 keys)",
             (rand(1, 2, 256), rand(1, 10, 256), rand(1, 10, 3))),
        Case("edge: d_k = 1 (yahan √d_k = 1, dono versions same)",
             (rand(3, 1), rand(4, 1), rand(4, 2))),
    ]
    return check("unscaled_attention", fn, _unscaled, cases, mistakes=UNSCALED_MISTAKES,
                 names=("output", "weights"), hint=first_level(UNSCALED_ATTENTION_HINT))

# ---------------------------------------------------------------- predictions (reasons shown after the guess)

explain("warm_cat_or_mat",
        '"warm" ki query {query} sirf "noun?" poochti hai. "cat" aur "mat" dono noun hain: dono '
        "ka score {cat_score:.2f} = {mat_score:.2f}, to weight bhi {cat_w:.2f} = {mat_w:.2f}. "
        "'jaandar' wala fark yeh query dekhti hi nahi.",
        choices=["cat", "barabar", "mat"])
explain("the_row_max",
        '"The" ki query {query} hai, to har score 0, e^0 = 1 sab ke liye, aur softmax 10 words me '
        "barabar baant-ta hai: har weight 1/10.",
        tolerance=0.05)

PEAK_KINDS = ("flat", "beech me", "one-hot")  # lessons.attention.peak_kind answers with one

explain("unscaled_peak",
        "Bina scaling d_k = 512 par scores ka spread ≈ √512 ≈ 23 hai. Softmax me e^(sabse bada "
        "score) baaki sab ko daba deta hai, to ek key lagbhag saara weight le jaati hai. ÷√d_k ke "
        "saath spread ≈ 1 rehta hai, har d_k par.",
        choices=PEAK_KINDS)

explain("trained_layer0_ratio",
        'Layer 0 me "it" ki query sirf "it" ke apne vector (word + jagah) se banti hai, aur "cat", '
        '"mat" ki keys sirf unke apne vectors se: dono sentences me bilkul same. Badli sirf "tired" / '
        '"soft" ki key; woh softmax ke denominator me dono weights ko ek hi factor se chhota-bada '
        "karti hai, to e^(s_cat) / e^(s_mat) wahi rehta hai. Naapa, har head ka cat ÷ mat (10 ki power "
        "me: 10^2 = 100 guna, 10^-2 = 100 guna kam): tired "
        "[{tired}], soft [{soft}]. Layer 0 me 'it' ki query aur nouns ki keys ko adjective ka pata "
        "nahi; adjective ka apna weight badal sakta hai, cat:mat ka ratio nahi.",
        choices=["tired me zyada", "barabar", "soft me zyada"])
