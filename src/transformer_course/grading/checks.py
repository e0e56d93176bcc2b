"""Exercise checks: run the learner's code against the reference and explain any difference.

A check never raises. It prints one line per outcome, in Hinglish, and returns True or False:

* ✅ every case matched the reference;
* ⏳ "abhi baaki hai": the exercise still raises NotImplementedError (the method is named);
* ❌ k of n cases right, the first difference (shape, dtype, values) or the learner's error in
  Hinglish, the likely mistake when the learner's results equal the reference run with a known
  mistake built in (``mistakes``), and one hint.

``choose`` then picks the learner's version or the reference for the cells that follow.
With ``TC_STRICT=1`` in the environment (autograding), a check that does not pass raises
``CheckFailed`` after printing, so an unsolved notebook scores zero.
"""

from __future__ import annotations

import contextlib
import copy
import io
import math
import os
import signal
import threading
import traceback
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import torch
from torch import nn

from .exercise_cells import PLACEHOLDER
from .messages import explain_error, item_name

# Outcome of every check run in this process, by exercise name: "pass", "fail" or "todo".
RESULTS: dict[str, str] = {}


@dataclass
class Case:
    """One input for a check: a label the learner can read, and the call's arguments."""

    label: str
    args: tuple = ()
    kwargs: dict = field(default_factory=dict)


class _Timeout(BaseException):  # not an Exception: a learner's `except Exception` can't swallow it
    pass


class CheckFailed(AssertionError):
    """Raised by a check that did not pass, only in strict mode (``TC_STRICT=1``)."""


def strict() -> bool:
    """Autograding: a check that does not pass raises (``TC_STRICT=1``)."""
    return os.environ.get("TC_STRICT", "") not in ("", "0")


def strict_guesses() -> bool:
    """``TC_STRICT=solutions`` (the test suite, on the solution notebooks): a solution's guess
    that the live measurement no longer supports raises too, so a claim cannot quietly go false."""
    return os.environ.get("TC_STRICT", "") == "solutions"


def randomise_parameters(module: nn.Module, seed: int = 0) -> nn.Module:
    """Give every parameter a random value, LayerNorm's γ and β and every bias included.

    PyTorch starts biases at 0 and LayerNorm at γ = 1, β = 0: with those, a block that swaps
    ``norm1`` and ``norm2`` or forgets a bias computes the same numbers. Random values make
    such mistakes visible. Matrices get N(0, 1/fan_in); 1-D weights 1 + N(0, 0.3²); biases N(0, 0.3²).
    """
    generator = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, p in module.named_parameters():
            noise = torch.randn(p.shape, generator=generator, dtype=torch.float64)
            if p.dim() >= 2:
                value = noise / math.sqrt(p[0].numel())
            elif name.endswith("weight"):
                value = 1 + 0.3 * noise
            else:
                value = 0.3 * noise
            p.copy_(value.to(p.dtype))
    return module


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
    signal.setitimer(signal.ITIMER_REAL, seconds, 0.5)  # repeats: a bare `except:` can't eat it
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextlib.contextmanager
def _warn_always():
    """PyTorch gives some warnings once per process (`x.T` on a batch): a check run a second time
    must see them again to name the mistake."""
    before = torch.is_warn_always_enabled()
    torch.set_warn_always(True)
    try:
        yield
    finally:
        torch.set_warn_always(before)


def _call(impl: Callable, case: Case, call: Callable | None, fresh: bool = True):
    """Run ``impl`` on the case (on copies of its inputs unless ``fresh`` is False)."""
    args = copy.deepcopy(case.args) if fresh else case.args
    kwargs = copy.deepcopy(case.kwargs) if fresh else case.kwargs
    if call is not None:
        return call(impl, *args, **kwargs)
    return impl(*args, **kwargs)


def _short(x: Any) -> str:
    if isinstance(x, torch.Tensor):
        return f"tensor shape {tuple(x.shape)}, dtype {x.dtype}"
    try:
        text = repr(x)
    except Exception:
        return type(x).__name__
    return text if len(text) <= 60 else text[:57] + "..."


def difference(expected: Any, got: Any, *, atol: float, rtol: float, where: str = "output",
               names: tuple[str, ...] | None = None) -> str | None:
    """Describe how ``got`` differs from ``expected``; None when they match.

    Tensors must agree in type, shape and dtype, and in value within ``atol + rtol·|expected|``
    (NaN must sit where the reference has NaN). Tuples and lists are compared item by item;
    ``names`` names the items of a returned tuple ("pehli cheez (output)").
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
            for infinite, sign in ((torch.isneginf, "-inf"), (torch.isposinf, "+inf")):
                if not torch.equal(infinite(e), infinite(g)):
                    return (f"{where}: {sign} alag jagah par hain (expected {int(infinite(e).sum())} "
                            f"jagah, mila {int(infinite(g).sum())})")
            e, g = torch.nan_to_num(e), torch.nan_to_num(g)
            if not torch.allclose(g, e, atol=atol, rtol=rtol):
                diff = (g - e).abs().max().item()
                tolerance = f" (tolerance {atol:g} + {rtol:g}·|expected|)" \
                    if os.environ.get("TC_CHECK_DETAILS") else ""
                return (f"{where}: shape aur dtype sahi, lekin values alag: max difference "
                        f"{diff:.3g}{tolerance}")
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
            label = item_name(i, names) if where == "output" else f"{where}[{i}]"
            problem = difference(e, g, atol=atol, rtol=rtol, where=label)
            if problem:
                return problem
        return None
    if expected is None:
        return None if got is None else f"{where}: expected None, lekin mila {_short(got)}"
    if isinstance(expected, bool) or not isinstance(expected, (int, float)):
        return None if type(got) is type(expected) and got == expected else f"{where}: expected {_short(expected)}, lekin mila {_short(got)}"
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
          hint: str, call: Callable | None = None, mistakes: dict[str, Callable] | None = None,
          names: tuple[str, ...] | None = None, atol: float = 1e-5, rtol: float = 1e-4,
          timeout_s: float = 20.0, record: bool = True) -> bool:
    """Run ``learner`` and ``reference`` on every case and report in Hinglish.

    ``call(impl, *args, **kwargs)`` adapts how an implementation is run (for example, build a
    module, copy weights, run forward); by default ``impl(*args, **kwargs)``. ``mistakes`` maps
    a Hinglish diagnosis to the reference with that mistake built in: when the learner's results
    equal one of them on every case, the check names the mistake. ``names`` names the items of
    a returned tuple. The outcome is kept in RESULTS for `make progress` unless ``record`` is
    False (for demos). Never raises, except ``CheckFailed`` in strict mode.
    """
    outcome, report = _run_check(name, learner, reference, cases, hint, call, mistakes, names,
                                 atol, rtol, timeout_s)
    print(report)
    if record:
        RESULTS[name] = outcome
    if strict() and record and outcome != "pass":  # a demo (record=False) grades nothing
        raise CheckFailed(f"{name}: {'abhi baaki hai' if outcome == 'todo' else 'galat'}")
    return outcome == "pass"


_NOTHING = object()  # the learner's code raised: there is no result to compare


@dataclass
class _Result:
    case: Case
    problem: str | None  # None: this case is right
    got: Any = _NOTHING
    must_raise: type | None = None


def _expected(reference, case, call):
    """The reference's answer, or the built-in error class it raises on this (bad) input."""
    try:
        return _call(reference, case, call), None
    except Exception as error:
        return None, _builtin_ancestor(type(error))


def _run_check(name, learner, reference, cases, hint, call, mistakes, names, atol, rtol,
               timeout_s) -> tuple[str, str]:
    if not callable(learner):
        return "fail", f"❌ {name}: expected ek function/class, lekin mila {_short(learner)}. Hint: {hint}"
    if _from_the_course(learner):
        return "fail", (f"❌ {name}: yeh to course ka apna reference (`tc.…`) hai, aapka likha hua "
                        f"nahi. Apna version likhiye aur wahi check ko dijiye. Hint: {hint}")
    printed = io.StringIO()
    results = []
    for case in cases:
        expected, must_raise = _expected(reference, case, call)
        used = Case(case.label, copy.deepcopy(case.args), copy.deepcopy(case.kwargs))
        try:
            with _time_limit(timeout_s), contextlib.redirect_stdout(printed), _warn_always(), \
                    warnings.catch_warnings(record=True) as warned:
                warnings.simplefilter("always")
                got = _call(learner, used, call, fresh=False)
        except NotImplementedError as error:
            return "todo", _todo(name, error)
        except _Timeout:
            return "fail", (f"❌ {name}: case '{case.label}' {timeout_s:g} s me khatam nahi hua. "
                            f"Kahin infinite loop to nahi? Hint: {hint}")
        except (Exception, SystemExit) as error:  # the learner's bug, reported kindly
            said = explain_error(error, "\n".join(str(w.message) for w in warned))
            if must_raise is None:
                problem = f"aapke code ne error diya: {said}"
            elif isinstance(error, must_raise):
                problem = None
            else:
                problem = (f"is galat input par {must_raise.__name__} chahiye tha: input khud check "
                           f"karke `raise {must_raise.__name__}(...)` kijiye. Aapke code ne diya: {said}")
            results.append(_Result(case, problem))
            continue
        if must_raise is not None:
            problem = (f"is galat input par ek {must_raise.__name__} raise hona chahiye tha, "
                       f"lekin koi error nahi aaya (mila {_short(got)})")
        else:
            try:
                problem = difference(expected, got, atol=atol, rtol=rtol, names=names)
                if problem:
                    problem += _right_items(expected, got, names, atol, rtol)
            except Exception as error:
                problem = f"aapka output compare nahi ho paaya ({explain_error(error)})"
        if not problem and _changed(case.args, used.args) + _changed(case.kwargs, used.kwargs):
            problem = ("aapke code ne input tensor hi badal diya (in-place, jaise `q /= ...` ya "
                       "`x[:, 0] = ...`). Input ko mat chhediye: nayi tensor banaiye.")
        results.append(_Result(case, problem, got, must_raise))
    failed = [r for r in results if r.problem]
    if not failed:
        lines = printed.getvalue().count("\n")
        note = f" (aapke code ne {lines} lines print ki thi; check ke dauraan chhupa di.)" if lines else ""
        return "pass", f"✅ {name}: saare {len(cases)} cases sahi! Shabaash.{note}"
    report = [f"❌ {name}: {len(results) - len(failed)} / {len(results)} cases sahi.",
              f"   Pehla galat case '{failed[0].case.label}': {failed[0].problem}"]
    if len(failed) > 1:
        more = "; ".join(f"'{r.case.label}'" for r in failed[1:4])
        report.append(f"   Aur galat: {more}{' …' if len(failed) > 4 else ''}")
    diagnosis = _diagnose(results, mistakes, call, atol, rtol)
    if diagnosis:
        report.append(f"   Lagta hai: {diagnosis}")
    shown = printed.getvalue().strip().splitlines()
    if shown:
        report.append("   Aapke code ne print kiya (pehli lines): " + " | ".join(shown[:3])[:300])
    report.append(f"   Hint: {hint}")
    return "fail", "\n".join(report)


def _from_the_course(learner) -> bool:
    """The learner handed in the package's own code (``EncoderBlock = tc.EncoderBlock``).

    The package's tests set ``TC_REFERENCE_OK=1`` to check that each reference passes.
    """
    module = getattr(learner, "__module__", None) or ""
    return module.startswith("transformer_course.") and not os.environ.get("TC_REFERENCE_OK")


def _changed(original, used) -> int:
    """How many input tensors the learner's code changed in place."""
    if isinstance(original, torch.Tensor):
        return int(isinstance(used, torch.Tensor) and original.shape == used.shape
                   and not torch.equal(torch.nan_to_num(original), torch.nan_to_num(used)))
    if isinstance(original, (tuple, list)):
        return sum(_changed(o, u) for o, u in zip(original, used, strict=False))
    if isinstance(original, dict):
        return sum(_changed(v, used.get(k)) for k, v in original.items())
    return 0


def _right_items(expected, got, names, atol, rtol) -> str:
    """' (doosri cheez (weights) sahi hai)': which returned items are already right."""
    if not (names and isinstance(expected, (tuple, list)) and isinstance(got, (tuple, list))
            and len(got) == len(expected)):
        return ""
    right = [item_name(i, names) for i, (e, g) in enumerate(zip(expected, got, strict=True))
             if difference(e, g, atol=atol, rtol=rtol) is None]
    return f" ({', '.join(right)} sahi hai)" if right else ""


def _todo(name: str, error: NotImplementedError) -> str:
    frames = traceback.extract_tb(error.__traceback__)
    where = frames[-1].name if frames else ""
    if where == PLACEHOLDER:
        return (f"⏳ {name}: exercise cell me error hai (upar uska message dekhiye). Theek karke "
                f"exercise wala cell aur yeh cell dobara chalaiye.")
    which = f" (`{where}` me abhi `raise NotImplementedError` hai)" if where.isidentifier() else ""
    return (f"⏳ {name}: abhi baaki hai{which}. Us jagah apna code likhiye, phir exercise wala "
            f"cell aur yeh cell dobara chalaiye.")


def _raises(impl, case, call) -> bool:
    try:
        _call(impl, case, call)
    except Exception:
        return True
    return False


def _diagnose(results, mistakes, call, atol, rtol) -> str | None:
    """The known mistakes whose results equal the learner's on every case that returned a value."""
    compared = [r for r in results if r.got is not _NOTHING and r.must_raise is None]
    raised = [r for r in results if r.got is _NOTHING and r.problem and r.must_raise is None]
    if not mistakes or not any(r.problem for r in compared):
        return None
    found = []
    for diagnosis, impl in mistakes.items():
        try:
            with contextlib.redirect_stdout(io.StringIO()):
                same = all(difference(_call(impl, r.case, call), r.got, atol=atol, rtol=rtol)
                           is None for r in compared) and all(_raises(impl, r.case, call)
                                                               for r in raised)
        except Exception:
            same = False
        if same:
            found.append(diagnosis)
    return " ya ".join(found) or None


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
