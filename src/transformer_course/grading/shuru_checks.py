"""Notebook 00's warm-up exercise and its check: how checks work, on something small."""

from __future__ import annotations

import torch

from ..errors import require_tensor
from .checks import Case, check
from .hints import first_level, register

__all__ = ["check_warm_up", "warm_up"]  # tc.<name> (see grading/__init__.py)


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
