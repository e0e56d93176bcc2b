"""Exercise checks: run the learner's code against the reference and explain any difference.

A check never raises. It prints one line per outcome, in Hinglish, and returns True or False:

* ✅ every case matched the reference;
* ⏳ "abhi baaki hai": the exercise still raises NotImplementedError;
* ❌ a case differed (expected vs mila: shape, dtype, max difference) or raised, with one hint.

``choose`` then picks the learner's version or the reference for the cells that follow.
"""

from __future__ import annotations

import contextlib
import copy
import io
import math
import signal
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import torch

# Outcome of every check run in this process, by exercise name: "pass", "fail" or "todo".
RESULTS: dict[str, str] = {}


@dataclass
class Case:
    """One input for a check: a label the learner can read, and the call's arguments."""

    label: str
    args: tuple = ()
    kwargs: dict = field(default_factory=dict)


class _Timeout(Exception):
    pass


@contextlib.contextmanager
def _time_limit(seconds: float):
    """Stop the learner's code after ``seconds`` (main thread on Unix; elsewhere no limit)."""
    usable = (seconds and hasattr(signal, "SIGALRM")
              and threading.current_thread() is threading.main_thread())
    if not usable:
        yield
        return

    def _raise(signum, frame):
        raise _Timeout()

    previous = signal.signal(signal.SIGALRM, _raise)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _call(impl: Callable, case: Case, call: Callable | None):
    args = copy.deepcopy(case.args)
    kwargs = copy.deepcopy(case.kwargs)
    if call is not None:
        return call(impl, *args, **kwargs)
    return impl(*args, **kwargs)


def _short(x: Any) -> str:
    if isinstance(x, torch.Tensor):
        return f"tensor shape {tuple(x.shape)}, dtype {x.dtype}"
    text = repr(x)
    return text if len(text) <= 60 else text[:57] + "..."


def difference(expected: Any, got: Any, *, atol: float, rtol: float, where: str = "output"
               ) -> str | None:
    """Describe how ``got`` differs from ``expected``; None when they match.

    Tensors must agree in type, shape and dtype, and in value within ``atol + rtol·|expected|``
    (NaN must sit where the reference has NaN). Tuples and lists are compared item by item.
    """
    if isinstance(expected, torch.Tensor):
        if not isinstance(got, torch.Tensor):
            return f"{where}: expected {_short(expected)}, lekin mila {type(got).__name__}"
        if tuple(got.shape) != tuple(expected.shape):
            return (f"{where}: expected shape {tuple(expected.shape)}, "
                    f"lekin mila shape {tuple(got.shape)}")
        if got.dtype != expected.dtype:
            return f"{where}: expected dtype {expected.dtype}, lekin mila dtype {got.dtype}"
        e, g = expected.detach().cpu(), got.detach().cpu()
        if e.is_floating_point():
            if not torch.equal(torch.isnan(e), torch.isnan(g)):
                return f"{where}: NaN alag jagah par hain (expected {int(torch.isnan(e).sum())} NaN, mila {int(torch.isnan(g).sum())})"
            e, g = torch.nan_to_num(e), torch.nan_to_num(g)
            if not torch.allclose(g, e, atol=atol, rtol=rtol):
                diff = (g - e).abs().max().item()
                return (f"{where}: shape aur dtype sahi, lekin values alag: max difference "
                        f"{diff:.3g} (tolerance {atol:g} + {rtol:g}·|expected|)")
            return None
        if not torch.equal(e, g):
            return f"{where}: values alag hain ({int((e != g).sum())} jagah par)"
        return None
    if isinstance(expected, (tuple, list)):
        if not isinstance(got, (tuple, list)):
            return f"{where}: expected {len(expected)} cheezon ka tuple, lekin mila {_short(got)}"
        if len(got) != len(expected):
            return f"{where}: expected {len(expected)} items, lekin mile {len(got)}"
        for i, (e, g) in enumerate(zip(expected, got, strict=True)):
            problem = difference(e, g, atol=atol, rtol=rtol, where=f"{where}[{i}]")
            if problem:
                return problem
        return None
    if isinstance(expected, bool) or not isinstance(expected, (int, float)):
        return None if got == expected else f"{where}: expected {_short(expected)}, lekin mila {_short(got)}"
    if isinstance(got, torch.Tensor) and got.numel() == 1:
        got = got.item()
    if isinstance(got, bool) or not isinstance(got, (int, float)):
        return f"{where}: expected ek number ({expected!r}), lekin mila {_short(got)}"
    if isinstance(expected, int) and isinstance(got, int):
        return None if got == expected else f"{where}: expected {expected:,}, lekin mila {got:,} (fark {got - expected:+,})"
    if math.isclose(got, expected, rel_tol=rtol, abs_tol=atol):
        return None
    return f"{where}: expected {expected!r}, lekin mila {got!r}"


def check(name: str, learner: Callable, reference: Callable, cases: Sequence[Case], *,
          hint: str, call: Callable | None = None, atol: float = 1e-5, rtol: float = 1e-4,
          timeout_s: float = 20.0, record: bool = True) -> bool:
    """Run ``learner`` and ``reference`` on every case and report in Hinglish. Never raises.

    ``call(impl, *args, **kwargs)`` adapts how an implementation is run (for example, build a
    module, copy weights, run forward); by default ``impl(*args, **kwargs)``. The outcome is
    kept in RESULTS for `make progress` unless ``record`` is False (for demos).
    """
    outcome = _run_check(name, learner, reference, cases, hint, call, atol, rtol, timeout_s)
    if record:
        RESULTS[name] = outcome
    return outcome == "pass"


def _run_check(name, learner, reference, cases, hint, call, atol, rtol, timeout_s) -> str:
    if not callable(learner):
        print(f"❌ {name}: expected ek function/class, lekin mila {_short(learner)}. Hint: {hint}")
        return "fail"
    printed = io.StringIO()
    for case in cases:
        try:
            expected, must_raise = _call(reference, case, call), None
        except Exception as error:  # a case where the right answer is an error
            expected, must_raise = None, _builtin_ancestor(type(error))
        try:
            with _time_limit(timeout_s), contextlib.redirect_stdout(printed):
                got = _call(learner, case, call)
        except NotImplementedError:
            print(f"⏳ {name}: abhi baaki hai. Upar wale cell me `raise NotImplementedError` ki "
                  f"jagah apna code likhiye, phir yeh cell dobara chalaiye.")
            return "todo"
        except _Timeout:
            print(f"❌ {name}: case '{case.label}' {timeout_s:g} s me khatam nahi hua. "
                  f"Kahin infinite loop to nahi? Hint: {hint}")
            return "fail"
        except Exception as error:  # the learner's bug, reported kindly
            if must_raise is not None and isinstance(error, must_raise):
                continue
            message = str(error).strip().splitlines()[0] if str(error).strip() else ""
            print(f"❌ {name}: case '{case.label}' par aapke code ne error diya: "
                  f"{type(error).__name__}: {message}\n   Hint: {hint}")
            return "fail"
        if must_raise is not None:
            problem = (f"is galat input par ek {must_raise.__name__} raise hona chahiye tha, "
                       f"lekin koi error nahi aaya (mila {_short(got)})")
        else:
            problem = difference(expected, got, atol=atol, rtol=rtol)
        if problem:
            print(f"❌ {name}: case '{case.label}' me fark hai.\n   {problem}\n   Hint: {hint}")
            return "fail"
    lines = printed.getvalue().count("\n")
    note = f" (aapke code ne {lines} lines print ki thi; check ke dauraan chhupa di.)" if lines else ""
    print(f"✅ {name}: saare {len(cases)} cases sahi! Shabaash.{note}")
    return "pass"


def _builtin_ancestor(error_type: type) -> type:
    """The nearest built-in exception class (CourseError → ValueError)."""
    for klass in error_type.__mro__:
        if klass.__module__ == "builtins":
            return klass
    return Exception


def choose(mine: Callable, reference: Callable, passed: bool, name: str | None = None):
    """Return the learner's version when its check passed, else the reference; say which."""
    label = name or getattr(reference, "__name__", "yeh exercise")
    if passed:
        print(f"➡️  Aage ke cells aapka apna `{label}` use karenge.")
        return mine
    print(f"➡️  Aage ke cells course ka reference `{label}` use karenge "
          f"(aapka version check pass nahi hua, ya abhi baaki hai).")
    return reference
