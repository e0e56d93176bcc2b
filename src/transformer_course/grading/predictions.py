"""Predict, then run: the learner commits to an answer before the code measures it.

The exercise cell holds ``my_guess = ...``; the learner replaces the ``...``. The next cell
computes the real value *live* (never a pasted number) and passes both here:

    tc.check_prediction("weights_shape", my_guess, weights.shape)

It prints the guess next to the measurement, ✅ or ❌, then the reason, which the notebook's
checks module registered with ``explain`` (so the cell below the guess does not give it away).
A wrong guess is no failure of the notebook: the surprise is the lesson. It is recorded for `make progress` like
any check; in strict mode (``TC_STRICT=1``) a missing guess raises, a wrong one does not.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import torch

from .checks import RESULTS, CheckFailed, strict, strict_guesses


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


# name → (reason, allowed answers, tolerance); filled by each notebook's checks module
REASONS: dict[str, tuple[str, tuple | None, float]] = {}


def explain(name: str, why: str, *, choices: Sequence[Any] | None = None,
            tolerance: float = 0.0) -> str:
    """Register a prediction's reason, its allowed answers and its tolerance.

    The reason lives here, not in the notebook, so the learner cannot read it in the cell below
    the guess. It may name measured facts in braces (``{gain:.0e}``) that the notebook passes
    to ``check_prediction`` as keywords.
    """
    REASONS[name] = (why, tuple(choices) if choices is not None else None, tolerance)
    return name


def check_prediction(name: str, guess: Any, actual: Any, *, why: str | None = None,
                     choices: Sequence[Any] | None = None, tolerance: float | None = None,
                     **facts: Any) -> None:
    """Compare the learner's ``guess`` with ``actual`` (measured by the calling cell).

    The reason, ``choices`` (allowed answers, e.g. "kam"/"barabar"/"zyada") and ``tolerance``
    (relative, for numbers; 0 = exact for integers) come from ``explain(name, ...)`` unless
    given here; ``facts`` fill the reason's {placeholders}. Returns nothing (a cell's last line
    shows no True/False); the outcome is kept in RESULTS. In strict mode a *missing* guess raises
    ``CheckFailed``; an honest wrong guess does not (the surprise is the lesson), except under
    ``TC_STRICT=solutions``, where the guesses are the solution's claims.
    """
    registered_why, registered_choices, registered_tolerance = REASONS.get(name, ("", None, 0.0))
    if why is None:
        why = registered_why.format(**facts)
    choices = registered_choices if choices is None else choices
    tolerance = registered_tolerance if tolerance is None else tolerance
    outcome, text = _judge(name, guess, actual, why, choices, tolerance)
    print(text)
    RESULTS[name] = outcome
    if strict() and (outcome == "todo" or (outcome == "fail" and strict_guesses())):
        raise CheckFailed(f"{name}: {'andaaza abhi baaki hai' if outcome == 'todo' else 'galat andaaza'}")


def _judge(name, guess, actual, why, choices, tolerance) -> tuple[str, str]:
    if guess is Ellipsis or guess is None:
        return "todo", (f"⏳ {name}: pehle upar wale cell me apna andaaza likhiye (`...` ki jagah), "
                        f"phir woh cell aur uske baad ke cells dobara chalaiye. Jawab tab dikhega.")
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


def _waiting_for_guess(guesses: dict[str, Any]) -> bool:
    """True when a guess (by its check's name) is still ``...``: it gets its ⏳ line and counts
    as to do, and the caller runs nothing that would show the answer before the guess."""
    missing = [name for name, guess in guesses.items() if guess is Ellipsis or guess is None]
    for name in missing:
        check_prediction(name, guesses[name], None, why="")
    return bool(missing)


def ready_to_measure(exercise: str, passed: bool, guesses: dict[str, Any]) -> bool:
    """True when a Modify exercise's check passed and its guesses are written. Otherwise one ⏳
    line says what is missing and the experiment waits: it would show the answer, and an
    unsolved notebook stays fast."""
    if not passed:
        print(f"⏳ Experiment abhi ruka hai: pehle upar `{exercise}` wala badlaav kijiye aur uska "
              "check ✅ karaiye, phir exercise wala cell, check wala cell aur yeh cell dobara chalaiye.")
        return False
    return not _waiting_for_guess(guesses)
