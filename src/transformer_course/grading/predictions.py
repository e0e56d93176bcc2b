"""Predict, then run: the learner commits to an answer before the code measures it.

The exercise cell holds ``my_guess = ...``; the learner replaces the ``...``. The next cell
computes the real value *live* (never a pasted number) and passes both here:

    tc.check_prediction("weights_shape", my_guess, actual=weights.shape, why="...")

It prints the guess next to the measurement, ✅ or ❌, then the reason. A wrong guess is no
failure of the notebook: the surprise is the lesson. It is recorded for `make progress` like
any check, and in strict mode (``TC_STRICT=1``) a missing or wrong guess raises.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import torch

from .checks import RESULTS, CheckFailed, strict


def _plain(value: Any) -> Any:
    """Tensors, sizes and numpy numbers as plain Python (a shape as a tuple of ints)."""
    if isinstance(value, torch.Size):
        return tuple(int(n) for n in value)
    if isinstance(value, torch.Tensor) and value.numel() == 1:
        return value.item()
    if isinstance(value, (list, tuple)):
        return tuple(_plain(v) for v in value)
    if isinstance(value, str):
        return " ".join(value.strip().lower().split())
    if hasattr(value, "item") and not isinstance(value, torch.Tensor):  # numpy scalars
        return value.item()
    return value


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _same(guess: Any, actual: Any, tolerance: float) -> bool:
    if _number(guess) and _number(actual):
        if tolerance == 0 and isinstance(actual, int):
            return guess == actual
        return math.isclose(guess, actual, rel_tol=tolerance, abs_tol=1e-12)
    if isinstance(guess, tuple) and isinstance(actual, tuple):
        return len(guess) == len(actual) and all(_same(g, a, tolerance)
                                                 for g, a in zip(guess, actual, strict=True))
    return type(guess) is type(actual) and guess == actual


def _show(value: Any) -> str:
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10_000:
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:.4g}"
    return repr(value)


def check_prediction(name: str, guess: Any, actual: Any, *, why: str,
            choices: Sequence[str] | None = None, tolerance: float = 0.0) -> bool:
    """Compare the learner's ``guess`` with ``actual`` (measured by the calling cell).

    ``choices``: the allowed answers when the guess is a word ("barabar", "zyada", …).
    ``tolerance``: relative tolerance for numbers (0 = exact for integers). Returns True when
    the guess was right; never raises, except ``CheckFailed`` in strict mode.
    """
    outcome, text = _judge(name, guess, actual, why, choices, tolerance)
    print(text)
    RESULTS[name] = outcome
    if strict() and outcome != "pass":
        raise CheckFailed(f"{name}: {'andaaza abhi baaki hai' if outcome == 'todo' else 'galat andaaza'}")
    return outcome == "pass"


def _judge(name, guess, actual, why, choices, tolerance) -> tuple[str, str]:
    if guess is Ellipsis or guess is None:
        return "todo", (f"⏳ {name}: pehle upar wale cell me apna andaaza likhiye (`...` ki jagah), "
                        f"phir dono cells chalaiye. Jawab yahan tab dikhega.")
    guess, actual = _plain(guess), _plain(actual)
    if choices is not None:
        allowed = [_plain(c) for c in choices]
        if guess not in allowed:
            options = ", ".join(repr(c) for c in choices)
            return "fail", (f"❌ {name}: andaaza {_show(guess)} in me se nahi hai: {options}. "
                            f"Inhi me se ek likhiye.")
    elif _number(actual) and not _number(guess):
        return "fail", f"❌ {name}: yahan ek number likhiye (mila {_show(guess)})."
    elif isinstance(actual, tuple) and not isinstance(guess, tuple):
        return "fail", (f"❌ {name}: yahan ek tuple likhiye, jaise (2, 3) (mila {_show(guess)}).")
    head = f"🔮 {name}: aapka andaaza {_show(guess)} · code ne abhi measure kiya {_show(actual)}"
    if _same(guess, actual, tolerance):
        return "pass", f"{head} → ✅ sahi andaaza!\n   Kyun: {why}"
    return "fail", (f"{head} → ❌ alag. Koi baat nahi: ab sochiye fark kahan se aaya.\n"
                    f"   Kyun: {why}")
