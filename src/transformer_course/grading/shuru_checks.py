"""Notebook 00's exercise checks: how checks work, on something small, then a tensor warm-up.

* ``warm_up``: the first exercise (2·x + 1), only to show ✅ / ⏳ / ❌.
* ``row_softmax``, ``hide``, ``pair_scores``: three tiny tensor exercises (softmax over the
  right dim, masked_fill with the course's mask convention, ``@`` with ``transpose(-2, -1)`` on
  batches). Each one is a separate operation that notebook 02 later puts together; each check
  carries a small catalogue of typical mistakes. Their references sit here, beside the checks
  (pure warm-ups); only ``warm_up`` is a flat ``tc.`` name.
"""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F

from ..errors import broadcast_shape, describe, fail, require_tensor
from .checks import Case, check
from .hints import first_level, register
from .predictions import explain

__all__ = ["check_warm_up", "warm_up", "check_row_softmax", "check_hide",
           "check_pair_scores"]  # tc.<name> (see grading/__init__.py)


def warm_up(x: torch.Tensor) -> torch.Tensor:
    """Reference: every element doubled, plus one (2·x + 1)."""
    require_tensor("x", x)
    return 2 * x + 1


WARM_UP_HINT = register(
    "warm_up",
    idea='Har number par ek hi formula lagana hai; tensor par math poore tensor par ek saath hota hai, har number ke liye alag se nahi.',
    shapes='Input aur output ka shape same rehta hai (jaise (2,) → (2,), (2, 3) → (2, 3)); shape badalna ya loop likhna nahi hai.',
    code='har number ko 2 se guna karke 1 jodiye: `2 * x + 1`. Loop ki zaroorat nahi.')


def check_warm_up(fn, record: bool = True) -> bool:
    """Check the learner's warm_up on a vector, a matrix, negatives and an empty tensor.

    ``record=False`` (the notebook's demo of a failing check) keeps it out of `make progress`.
    """
    cases = [
        Case("vector [1, 2, 3]", (torch.tensor([1.0, 2.0, 3.0]),)),
        Case("2x3 matrix", (torch.arange(6, dtype=torch.float32).reshape(2, 3),)),
        Case("negative numbers", (torch.tensor([-1.5, -0.5]),)),
        Case("empty tensor", (torch.zeros(0),)),
    ]
    return check("warm_up", fn, warm_up, cases,
                 hint=first_level(WARM_UP_HINT),
                 record=record)


def _randn(*shape: int, seed: int, dtype: torch.dtype = torch.float32) -> torch.Tensor:
    """Fixed random numbers for a case (the same on every run and machine)."""
    return torch.randn(shape, generator=torch.Generator().manual_seed(seed), dtype=dtype)


# ---------------------------------------------------------------- row_softmax

def row_softmax(x: torch.Tensor) -> torch.Tensor:
    """Reference: softmax over the last dim, so every row sums to 1."""
    require_tensor("x", x)
    return torch.softmax(x, dim=-1)


ROW_SOFTMAX_MISTAKES = {
    "galat dim: softmax dim=0 par lagaya, isliye columns (3-D me batch) ka jod 1 ban raha hai, "
    "rows ka nahi. Aakhri dim chahiye, jo har shape me -1 hai.":
        lambda x: torch.softmax(x, dim=0),
    "galat dim: softmax dim=-2 par lagaya (aakhri se pehle wali), isliye 2-D me columns ka jod 1 "
    "ban raha hai, rows ka nahi. Aakhri dim -1 hai.":
        lambda x: torch.softmax(x, dim=-2),
    "galat dim: dim=1 sirf 2-D me aakhri dim hai; 3-D batch me woh beech wali dim hai (aur 1-D "
    "me hai hi nahi). Aakhri dim hamesha -1 hai.":
        lambda x: torch.softmax(x, dim=1),
    "softmax ko dim diya hi nahi: PyTorch ne khud ek dim chun li (1-D aur 3-D par dim 0!) aur "
    "warning di. Hamesha dim likhiye.":
        lambda x: F.softmax(x, dim=0 if x.dim() in (0, 1, 3) else 1),
    "exp ko khud jod se divide kiya, bina max ghataye: bade numbers (1000) par exp overflow "
    "hokar inf/NaN deta hai. torch.softmax yeh sambhaal leta hai.":
        lambda x: x.exp() / x.exp().sum(dim=-1, keepdim=True),
}

ROW_SOFTMAX_HINT = register(
    "row_softmax",
    idea='Softmax ek chuni hui dim ke saath numbers ko positive banakar unka jod 1 karta hai. Sawaal sirf yeh hai ki kaunsi dim: har row (aakhri dim) ka jod 1 hona chahiye, chahe tensor 1-D, 2-D ya batch wala 3-D ho.',
    shapes='Output ka shape input jaisa: (3,) → (3,), (2, 3) → (2, 3), (2, 3, 4) → (2, 3, 4). Result par .sum(dim=-1) har jagah 1 aana chahiye; dim=0 ya dim=1 har shape me aakhri nahi hoti.',
    code='`return torch.softmax(x, dim=-1)`: -1 ka matlab hamesha aakhri dim, shape kuch bhi ho.')


def check_row_softmax(fn) -> bool:
    """Check the learner's row_softmax: 1-D, 2-D, batched 3-D, one column, -inf, big numbers, float64."""
    cases = [
        Case("vector [1, 2, 3]", (torch.tensor([1.0, 2.0, 3.0]),)),
        Case("2x3 matrix", (_randn(2, 3, seed=1),)),
        Case("batch (2, 3, 4)", (_randn(2, 3, 4, seed=2),)),
        Case("ek column (3, 1): har row me ek hi number", (_randn(3, 1, seed=3),)),
        Case("-inf wala number: [0, -inf, 1]", (torch.tensor([0.0, -math.inf, 1.0]),)),
        Case("bade numbers: [[1000, 1001], [-1000, 0]]",
             (torch.tensor([[1000.0, 1001.0], [-1000.0, 0.0]]),)),
        Case("float64 (3, 3)", (_randn(3, 3, seed=4, dtype=torch.float64),)),
    ]
    return check("row_softmax", fn, row_softmax, cases, mistakes=ROW_SOFTMAX_MISTAKES,
                 hint=first_level(ROW_SOFTMAX_HINT))


# ---------------------------------------------------------------- hide

def hide(x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """Reference: -inf where ``mask`` is False (hidden), x where it is True (visible)."""
    require_tensor("x", x)
    if not isinstance(mask, torch.Tensor) or mask.dtype != torch.bool:
        raise fail("`mask`", "bool tensor (True = dikhta hai, False = chhupa)", describe(mask))
    if broadcast_shape(tuple(mask.shape), tuple(x.shape)) != tuple(x.shape):
        raise fail("`mask` ka shape", f"x ke shape {tuple(x.shape)} par broadcast hone wala",
                   str(tuple(mask.shape)))
    return x.masked_fill(~mask, -math.inf)


HIDE_MISTAKES = {
    "mask ulta: -inf wahan bhara jahan mask True hai. masked_fill apne mask ke True par bharta "
    "hai, lekin hume False (chhupi) jagah bharni hai: pehle mask ko ulta kijiye.":
        lambda x, mask: x.masked_fill(mask, -math.inf),
    "-inf ki jagah 0 bhara (ya x * mask kiya): softmax me e^0 = 1, yaani chhupi cheez ko phir "
    "bhi weight milega. -inf chahiye, kyunki e^(-inf) = 0.":
        lambda x, mask: x.masked_fill(~mask, 0.0),
    "-inf ki jagah -1e9 bhara: -inf se softmax ka weight exactly 0 hota hai; -1e9 dtype par "
    "depend karta hai (float16 me yeh number hi nahi samaata). Yahan float('-inf') chahiye.":
        lambda x, mask: x.masked_fill(~mask, -1e9),
}

HIDE_HINT = register(
    "hide",
    idea='Jahan mask False hai (chhupa), wahan minus infinity bharna hai; baaki numbers waise hi. Dhyan: masked_fill apne mask ke True wali jagah bharta hai, aur hamara convention ulta hai.',
    shapes='Output ka shape x jaisa. mask chhota ho sakta hai (jaise (3, 3) mask aur (2, 3, 3) x): broadcasting use har batch item par laga deti hai, loop nahi chahiye.',
    code='`return x.masked_fill(~mask, float("-inf"))`: `~mask` True ko False aur False ko True karta hai. masked_fill_ (underscore) mat lijiye, woh input hi badal deta hai.')


def check_hide(fn) -> bool:
    """Check the learner's hide: 1-D, 2-D, nothing / everything hidden, a broadcast mask, float64."""
    tri = torch.ones(3, 3, dtype=torch.bool).tril()
    cases = [
        Case("vector, beech wala chhupa: mask [True, False, True]",
             (torch.tensor([1.0, 2.0, 3.0]), torch.tensor([True, False, True]))),
        Case("2x3 matrix, same shape ka mask",
             (_randn(2, 3, seed=5), torch.tensor([[True, False, False], [False, True, True]]))),
        Case("mask sab True: kuch nahi chhupta", (_randn(2, 2, seed=6), torch.ones(2, 2, dtype=torch.bool))),
        Case("mask sab False: sab -inf", (_randn(2, 2, seed=7), torch.zeros(2, 2, dtype=torch.bool))),
        Case("batch (2, 3, 3) aur ek (3, 3) mask (broadcasting)", (_randn(2, 3, 3, seed=8), tri)),
        Case("float64 (2, 4) aur (1, 4) mask",
             (_randn(2, 4, seed=9, dtype=torch.float64), torch.tensor([[False, True, True, False]]))),
    ]
    return check("hide", fn, hide, cases, mistakes=HIDE_MISTAKES, hint=first_level(HIDE_HINT))


# ---------------------------------------------------------------- pair_scores

def pair_scores(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """Reference: [..., i, j] = dot product of row i of ``a`` with row j of ``b``."""
    require_tensor("a", a)
    require_tensor("b", b)
    return a @ b.transpose(-2, -1)


PAIR_SCORES_MISTAKES = {
    "ulta jod: b ki rows ko a ke saath milaya, isliye (m, n) table bani; (n, m) chahiye "
    "(row i = a ki row i).":
        lambda a, b: b @ a.transpose(-2, -1),
    "sirf same number wali rows ka dot product liya (a * b ka jod): har row ka har row se "
    "nahi, isliye poori table ki jagah sirf ek line bani.":
        lambda a, b: (a * b).sum(dim=-1),
}  # `.T` on a batch fails with an error; messages.PATTERNS explains that one

PAIR_SCORES_HINT = register(
    "pair_scores",
    idea='Har jode (a ki row i, b ki row j) ka dot product chahiye: ek matrix multiply yeh saare jode ek saath nikaal deta hai, bas b ko palatna padega taaki andar wali dimensions mel khaayein.',
    shapes='a (n, d) aur b (m, d): b palat kar (d, m) banta hai, aur (n, d) @ (d, m) → (n, m). Batch me (B, n, d) aur (B, m, d) → (B, n, m): sirf aakhri do dims palatni hain, batch wali nahi.',
    code='`return a @ b.transpose(-2, -1)`. `.T` mat lijiye: woh batch par saari dims ulta deta hai.')


def check_pair_scores(fn) -> bool:
    """Check the learner's pair_scores: 2-D, square, batched, 4-D, one row, d = 1, float64."""
    cases = [
        Case("2-D: a (3, 4), b (5, 4)", (_randn(3, 4, seed=10), _randn(5, 4, seed=11))),
        Case("2-D, n = m: a (3, 4), b (3, 4)", (_randn(3, 4, seed=12), _randn(3, 4, seed=13))),
        Case("batch: a (2, 3, 4), b (2, 5, 4)", (_randn(2, 3, 4, seed=14), _randn(2, 5, 4, seed=15))),
        Case("batch, n = m: a (2, 3, 4), b (2, 3, 4)",
             (_randn(2, 3, 4, seed=16), _randn(2, 3, 4, seed=17))),
        Case("4-D: a (2, 2, 3, 4), b (2, 2, 3, 4)",
             (_randn(2, 2, 3, 4, seed=18), _randn(2, 2, 3, 4, seed=19))),
        Case("ek hi row: a (1, 4), b (5, 4)", (_randn(1, 4, seed=20), _randn(5, 4, seed=21))),
        Case("d = 1: a (3, 1), b (2, 1)", (_randn(3, 1, seed=22), _randn(2, 1, seed=23))),
        Case("float64: a (2, 3), b (4, 3)",
             (_randn(2, 3, seed=24, dtype=torch.float64), _randn(4, 3, seed=25, dtype=torch.float64))),
    ]
    return check("pair_scores", fn, pair_scores, cases, mistakes=PAIR_SCORES_MISTAKES,
                 hint=first_level(PAIR_SCORES_HINT))

# ---------------------------------------------------------------- predictions (reasons shown after the guess)

explain("matmul_shape",
        "Sirf aakhri do dims multiply hoti hain, (n, d) @ (d, m) → (n, m). Usse pehle ki dims batch "
        "hain, aur b ke paas batch dim nahi to wahi b har batch item par lagta hai (broadcasting): "
        "batch dim 4 bachi rehti hai.")
explain("transpose_shape",
        "transpose(-2, -1) sirf aakhri do dims ki jagah badalta hai; batch wali dim apni jagah "
        "rehti hai.")
explain("broadcast_shape",
        "Shapes daayein se milte hain; jo dim nahi hai use size 1 samjhiye, aur size 1 wali dim "
        "doosre tensor ke size tak khinch jaati hai: har row ka har column se jod.")
