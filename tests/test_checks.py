"""Exercise checks report kindly and never raise, whatever the learner's code does."""

from __future__ import annotations

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
