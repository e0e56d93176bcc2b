"""Exercise checks report kindly and never raise, whatever the learner's code does."""

from __future__ import annotations

import sys

import pytest
import torch

import transformer_course as tc
from transformer_course.grading.checks import RESULTS, Case, check, difference
from transformer_course.grading.shuru_checks import check_warm_up, warm_up


def _reference(x):
    return 2 * x + 1


CASES = [Case("vector", (torch.tensor([1.0, 2.0]),)), Case("matrix", (torch.ones(2, 3),))]


def run(fn, capsys, **kwargs):
    ok = check("demo", fn, _reference, CASES, hint="2·x + 1", **kwargs)
    return ok, capsys.readouterr().out


def test_correct_code_passes(capsys):
    ok, out = run(lambda x: x * 2 + 1, capsys)
    assert ok and out.startswith("✅ demo: saare 2 cases sahi") and RESULTS["demo"] == "pass"


def test_not_implemented_is_still_to_do(capsys):
    def stub(x):
        raise NotImplementedError("hint")
    ok, out = run(stub, capsys)
    assert not ok and "abhi baaki hai" in out and RESULTS["demo"] == "todo"


def test_wrong_values_name_the_case_and_the_difference(capsys):
    ok, out = run(lambda x: 2 * x, capsys)
    assert not ok and "case 'vector'" in out and "max difference 1" in out and "Hint: 2·x + 1" in out


def test_wrong_shape_is_reported(capsys):
    ok, out = run(lambda x: (2 * x + 1).reshape(-1, 1), capsys)
    assert not ok and "expected shape (2,), lekin mila shape (2, 1)" in out


def test_wrong_dtype_is_reported(capsys):
    ok, out = run(lambda x: (2 * x + 1).double(), capsys)
    assert not ok and "expected dtype torch.float32, lekin mila dtype torch.float64" in out


@pytest.mark.parametrize("bad, words", [
    (lambda x: None, "lekin mila NoneType"),
    (lambda x: (2 * x + 1,), "lekin mila tuple"),
    (lambda x: (2 * x + 1).tolist(), "lekin mila list"),
])
def test_wrong_types_are_reported(bad, words, capsys):
    ok, out = run(bad, capsys)
    assert not ok and words in out


def test_an_exception_is_reported_kindly(capsys):
    ok, out = run(lambda x: x @ torch.ones(7), capsys)
    assert not ok and "aapke code ne error diya: RuntimeError" in out


def test_an_endless_loop_is_stopped(capsys):
    def forever(x):
        while True:
            pass
    ok, out = run(forever, capsys, timeout_s=0.3)
    assert not ok and "0.3 s me khatam nahi hua" in out


def test_printing_a_lot_is_hidden(capsys):
    def chatty(x):
        for i in range(500):
            print("debug", i)
        return 2 * x + 1
    ok, out = run(chatty, capsys)
    assert ok and "1000 lines print ki thi" in out and "debug" not in out


def test_not_callable_is_reported(capsys):
    ok, out = run(42, capsys)
    assert not ok and "expected ek function/class" in out


def test_learner_code_cannot_change_the_reference_inputs(capsys):
    def mutating(x):
        x.mul_(0)
        return 2 * x + 1
    ok, out = run(mutating, capsys)
    assert not ok and "values alag" in out


def test_reference_that_raises_expects_the_same_builtin_error(capsys):
    def reference(n):
        if n < 0:
            raise tc.CourseError("negative")
        return n
    cases = [Case("ok", (1,)), Case("negative", (-1,))]
    assert check("neg", lambda n: n if n >= 0 else (_ for _ in ()).throw(ValueError("no")),
                 reference, cases, hint="h")
    assert not check("neg", lambda n: n, reference, cases, hint="h")
    assert "ValueError raise hona chahiye tha" in capsys.readouterr().out


def test_difference_handles_numbers_tuples_and_nan():
    assert difference(3, 3, atol=0, rtol=0) is None
    assert "fark +1" in difference(3, 4, atol=0, rtol=0)
    assert difference(1.0, 1.0 + 1e-9, atol=1e-6, rtol=0) is None
    assert difference(5, torch.tensor(5), atol=0, rtol=0) is None
    nan = torch.tensor([float("nan"), 1.0])
    assert difference(nan, nan.clone(), atol=0, rtol=0) is None
    assert "NaN" in difference(nan, torch.tensor([0.0, 1.0]), atol=0, rtol=0)
    assert "2 items" in difference((1, 2), (1,), atol=0, rtol=0)
    assert "output[1]" in difference((1, 2), (1, 3), atol=0, rtol=0)
    assert difference(torch.tensor([1, 2]), torch.tensor([1, 3]), atol=0, rtol=0)


def test_choose_says_which_version_is_used(capsys):
    def mine():
        return "mine"
    assert tc.choose(mine, warm_up, True) is mine
    assert "aapka apna" in capsys.readouterr().out
    assert tc.choose(mine, warm_up, False) is warm_up
    assert "reference `warm_up`" in capsys.readouterr().out


def test_warm_up_check_on_reference_and_bug(capsys):
    assert check_warm_up(warm_up)
    assert not check_warm_up(lambda x: 2 * x)
    assert "❌ warm_up" in capsys.readouterr().out


def test_warm_up_reference_rejects_integers():
    with pytest.raises(tc.CourseError, match="float tensor"):
        warm_up(torch.tensor([1, 2]))


def test_record_false_keeps_a_demo_out_of_results(capsys):
    RESULTS.pop("demo", None)
    assert not check("demo", lambda x: 2 * x, _reference, CASES, hint="h", record=False)
    assert "demo" not in RESULTS


def test_broadcast_shape_agrees_with_torch():
    from transformer_course.errors import broadcast_shape
    for shapes in [((2, 1, 3), (4, 1)), ((), (5,)), ((3,), (1, 3)), ((2, 3), (3, 2)), ((0,), (1,))]:
        try:
            expected = tuple(torch.broadcast_shapes(*shapes))
        except RuntimeError:
            expected = None
        assert broadcast_shape(*shapes) == expected


def test_hints_come_one_level_at_a_time(capsys):
    from transformer_course.grading import hints
    hints._shown.pop("split_heads", None)
    for level, word in enumerate(("idea", "shapes", "code"), 1):
        tc.hint("split_heads")
        out = capsys.readouterr().out
        assert f"hint {level}/3 ({word})" in out
        assert ("dobara chalaiye" in out) == (level < 3)
    tc.hint("split_heads")  # past the last level it stays at the code
    assert "hint 3/3" in capsys.readouterr().out
    tc.hint("split_heads", level=1)
    assert "hint 1/3" in capsys.readouterr().out
    with pytest.raises(tc.CourseError, match="exercise ka naam"):
        tc.hint("no_such_exercise")


def test_every_graded_exercise_has_three_hint_levels_and_the_first_gives_no_code():
    import re

    from transformer_course.grading import hints
    checked = {name for name in tc.grading.__all__
               if name.startswith("check_") and name != "check_prediction"}  # generic
    assert len(hints.HINTS) == len(checked)  # one exercise per check_ function
    for name, levels in hints.HINTS.items():
        assert len(levels) == 3 and all(levels), name
        assert not re.search(r"`|@|\.\w+\(|\w+ = ", levels[0]), f"{name}: idea level has code"


def test_a_failing_check_gives_the_first_level_and_points_to_more(capsys):
    assert not tc.check_split_heads(lambda x, h: x)
    out = capsys.readouterr().out
    assert "(Aur madad: `tc.hint(\"split_heads\")`" in out and ".transpose(1, 2)" not in out


def test_strict_mode_makes_an_unsolved_or_wrong_check_raise(capsys, monkeypatch):
    from transformer_course.grading.checks import CheckFailed
    monkeypatch.setenv("TC_STRICT", "1")

    def stub(x):
        raise NotImplementedError
    with pytest.raises(CheckFailed, match="abhi baaki"):
        check("demo", stub, _reference, CASES, hint="h")
    with pytest.raises(CheckFailed, match="galat"):
        check("demo", lambda x: 2 * x, _reference, CASES, hint="h")
    assert check("demo", _reference, _reference, CASES, hint="h")
    capsys.readouterr()


def test_pending_names_the_method_and_k_of_n_is_reported(capsys):
    class Half:
        def __call__(self, x):
            return self.forward(x)

        def forward(self, x):
            raise NotImplementedError
    assert not check("demo", Half(), _reference, CASES, hint="h")
    assert "`forward` me abhi `raise NotImplementedError` hai" in capsys.readouterr().out
    assert not check("demo", lambda x: 2 * x + 1 if x.dim() == 1 else x, _reference, CASES, hint="h")
    assert "1 / 2 cases sahi" in capsys.readouterr().out


def test_a_learner_except_exception_cannot_swallow_the_time_limit(capsys):
    def stubborn(x):
        while True:
            try:
                while True:
                    pass
            except Exception:
                pass
    ok, out = run(stubborn, capsys, timeout_s=0.3)
    assert not ok and "khatam nahi hua" in out


class _NoRepr:
    def __repr__(self):
        raise RuntimeError("repr toota")


@pytest.mark.parametrize("learner, said", [
    (lambda x: sys.exit(3), "SystemExit: 3"),
    (lambda x: _NoRepr(), "_NoRepr"),
    (lambda x: (2 * x + 1).to("meta"), "compare nahi ho paaya"),  # a result on another device
    (lambda x: object(), "object")])
def test_a_check_survives_whatever_learner_code_returns_or_however_it_exits(capsys, learner, said):
    ok, out = run(learner, capsys)
    assert not ok and "0 / 2 cases sahi" in out and said in out


def test_errors_a_learner_can_act_on_are_explained_in_hinglish():
    from transformer_course.grading.messages import explain_error
    missing = RuntimeError('Error(s) in loading state_dict for M:\n\tMissing key(s) in state_dict: '
                           '"norm2.weight", "norm2.bias". \n\tUnexpected key(s) in state_dict: "ln.weight". ')
    text = explain_error(missing)
    assert "nahi mile: norm2.weight, norm2.bias" in text and "faltu" in text and "ln.weight" in text
    try:
        torch.ones(2, 3) @ torch.ones(4, 5)
    except RuntimeError as error:
        assert "matrix multiply ke shapes mel nahi khaate: (2×3) @ (4×5)" in explain_error(error)


# ----------------------------------------------------------------- predict, then run

@pytest.mark.parametrize("guess, actual, kwargs, outcome, said", [
    (..., (2, 5), {}, "todo", "⏳ guess: pehle upar"),
    ((2, 5), torch.zeros(2, 5).shape, {}, "pass", "✅ sahi andaaza"),
    ((2, 5), torch.zeros(2, 6).shape, {}, "fail", "❌ alag"),
    ([2, 5], (2, 5), {}, "pass", "✅"),
    (3_152_384, 3_152_384, {}, "pass", "3,152,384"),
    (3_152_383, 3_152_384, {}, "fail", "❌"),
    (0.5, 0.52, {"tolerance": 0.1}, "pass", "✅"),
    (0.5, 0.7, {"tolerance": 0.1}, "fail", "❌"),
    (" Barabar", "barabar", {"choices": ["kam", "barabar"]}, "pass", "✅"),
    ("same", "barabar", {"choices": ["kam", "barabar"]}, "fail", "in me se nahi"),
    ("5", 5, {}, "fail", "ek number likhiye"),
    (5, (5,), {}, "fail", "ek tuple likhiye"),
])
def test_prediction_compares_the_guess_with_the_measurement(capsys, guess, actual, kwargs,
                                                             outcome, said):
    assert tc.check_prediction("guess", guess, actual, why="kyunki", **kwargs) is None  # no stray bool
    out = capsys.readouterr().out
    assert said in out and RESULTS["guess"] == outcome
    assert ("Kyun: kyunki" in out) == (outcome != "todo" and "🔮" in out)  # the reason after a guess


def test_prediction_in_strict_mode_raises_only_when_missing(monkeypatch):
    monkeypatch.setenv("TC_STRICT", "1")
    from transformer_course.grading.checks import CheckFailed
    with pytest.raises(CheckFailed):
        tc.check_prediction("guess", ..., 3, why="")
    tc.check_prediction("guess", 4, 3, why="")  # an honest wrong guess is not a failure
    assert RESULTS["guess"] == "fail"


def test_handing_in_the_course_reference_is_not_a_pass(capsys, monkeypatch):
    monkeypatch.delenv("TC_REFERENCE_OK")
    assert not tc.check_split_heads(tc.split_heads)
    assert "course ka apna reference" in capsys.readouterr().out
    assert not tc.check_encoder_block(tc.EncoderBlock)


def test_infinities_in_the_wrong_place_are_named():
    expected = torch.tensor([0.5, float("-inf")])
    assert "-inf alag jagah" in difference(expected, torch.tensor([0.5, -1e9]), atol=1e-5, rtol=1e-5)
    assert difference(expected, expected.clone(), atol=1e-5, rtol=1e-5) is None


def test_waiting_for_guess_holds_back_the_answer(capsys):
    from transformer_course.grading.predictions import _waiting_for_guess
    assert _waiting_for_guess({"guess_a": 3, "guess_b": ...})
    assert "⏳ guess_b" in capsys.readouterr().out and RESULTS["guess_b"] == "todo"
    assert not _waiting_for_guess({"guess_a": 3})


def test_solutions_mode_also_raises_on_a_wrong_guess(monkeypatch, capsys):
    from transformer_course.grading.checks import CheckFailed
    monkeypatch.setenv("TC_STRICT", "solutions")
    with pytest.raises(CheckFailed, match="galat andaaza"):
        tc.check_prediction("guess", 4, 3, why="")
    assert not check_warm_up(lambda x: 2 * x, record=False)  # a demo never raises


def test_solution_notebooks_run_in_solutions_mode(monkeypatch):
    """The repository's conftest sets the mode per notebook folder (nbval kernels inherit it)."""
    import importlib.util
    import os
    from types import SimpleNamespace

    from .conftest import ROOT
    spec = importlib.util.spec_from_file_location("repo_conftest", ROOT / "conftest.py")
    repo_conftest = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(repo_conftest)
    monkeypatch.delenv("TC_STRICT", raising=False)
    repo_conftest.pytest_runtest_setup(SimpleNamespace(fspath=ROOT / "solutions" / "02_attention.ipynb"))
    assert os.environ["TC_STRICT"] == "solutions"
    repo_conftest.pytest_runtest_setup(SimpleNamespace(fspath=ROOT / "notebooks" / "02_attention.ipynb"))
    assert "TC_STRICT" not in os.environ


def test_ready_to_measure_waits_for_the_check_then_the_guess(capsys):
    assert not tc.ready_to_measure("MyBlock", False, {"guess_c": "kam"})
    assert "`MyBlock`" in capsys.readouterr().out
    assert not tc.ready_to_measure("MyBlock", True, {"guess_c": ...})
    assert "⏳ guess_c" in capsys.readouterr().out
    assert tc.ready_to_measure("MyBlock", True, {"guess_c": "kam"})
