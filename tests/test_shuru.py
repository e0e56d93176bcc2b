"""Notebook 00's tensor warm-up: references, checks, and learner-style wrong solutions.

Each wrong solution is written the way a learner writes it (not taken from the catalogues in
grading/shuru_checks.py), so a catalogue that drifts from real mistakes makes a test fail.
Every one must get ❌ with its mistake named (the phrase must appear in the check's output).
"""

from __future__ import annotations

import math

import pytest
import torch
import torch.nn.functional as F

import transformer_course as tc
from transformer_course.grading import shuru_checks
from transformer_course.grading.hints import HINTS


def _stub(*args):
    raise NotImplementedError("todo")


# ---------------------------------------------------------------- references

def test_references_do_what_the_notebook_says():
    x = torch.randn(2, 3, 4)
    assert torch.allclose(shuru_checks.row_softmax(x).sum(dim=-1), torch.ones(2, 3))
    mask = torch.ones(3, 4, dtype=torch.bool)
    mask[0, 1] = False                                   # one (3, 4) mask for the whole batch
    hidden = shuru_checks.hide(x, mask)
    assert torch.isneginf(hidden).sum() == 2 and torch.isneginf(hidden[:, 0, 1]).all()
    assert torch.equal(hidden[:, mask], x[:, mask]) and not torch.isinf(x).any()
    a, b = torch.randn(2, 3, 4), torch.randn(2, 5, 4)
    scores = shuru_checks.pair_scores(a, b)
    assert scores.shape == (2, 3, 5)
    assert torch.allclose(scores[1, 2, 4], a[1, 2] @ b[1, 4])


@pytest.mark.parametrize("call", [
    lambda: shuru_checks.row_softmax(torch.tensor([1, 2])),
    lambda: shuru_checks.hide(torch.ones(2, 2), torch.ones(2, 2)),             # float mask
    lambda: shuru_checks.hide(torch.ones(2, 2), torch.ones(3, dtype=torch.bool)),  # no broadcast
    lambda: shuru_checks.pair_scores([[1.0]], torch.ones(1, 1)),
])
def test_references_refuse_bad_input_in_hinglish(call):
    with pytest.raises(tc.CourseError):
        call()


@pytest.mark.parametrize("name", ["row_softmax", "hide", "pair_scores"])
def test_three_hint_levels(name):
    idea, shapes, code = HINTS[name]
    assert idea and shapes and "`" in code


# ---------------------------------------------------------------- checks: right, unsolved

@pytest.mark.parametrize("check, right", [
    (tc.check_row_softmax, shuru_checks.row_softmax),
    (tc.check_row_softmax, lambda x: x.softmax(dim=x.dim() - 1)),
    (tc.check_hide, shuru_checks.hide),
    (tc.check_hide, lambda x, mask: torch.where(mask, x, float("-inf"))),
    (tc.check_pair_scores, shuru_checks.pair_scores),
    (tc.check_pair_scores, lambda a, b: torch.einsum("...nd,...md->...nm", a, b)),
    (tc.check_pair_scores, lambda a, b: torch.matmul(a, b.mT)),
])
def test_right_solutions_pass(check, right, capsys):
    assert check(right)
    assert capsys.readouterr().out.startswith("✅")


@pytest.mark.parametrize("check", [tc.check_row_softmax, tc.check_hide, tc.check_pair_scores])
def test_unsolved_is_todo(check, capsys):
    assert not check(_stub)
    assert capsys.readouterr().out.startswith("⏳")


# ---------------------------------------------------------------- learner-style wrong solutions

def _inplace_hide(x, mask):
    x.masked_fill_(~mask, -math.inf)
    return x


WRONG = {
    # row_softmax
    "softmax over dim 0": (tc.check_row_softmax, lambda x: torch.softmax(x, 0), "galat dim"),
    "softmax over dim 1": (tc.check_row_softmax, lambda x: x.softmax(dim=1), "galat dim"),
    "softmax over dim -2": (tc.check_row_softmax, lambda x: F.softmax(x, dim=-2), "galat dim"),
    "no dim given": (tc.check_row_softmax, lambda x: F.softmax(x), "dim diya hi nahi"),
    "exp / sum": (tc.check_row_softmax,
                  lambda x: torch.exp(x) / torch.exp(x).sum(-1, keepdim=True), "max ghataye"),
    # hide
    "mask not inverted": (tc.check_hide, lambda x, mask: x.masked_fill(mask, float("-inf")),
                          "mask ulta"),
    "filled with 0": (tc.check_hide, lambda x, mask: x.masked_fill(mask == False, 0),  # noqa: E712
                      "-inf ki jagah 0"),
    "multiplied by the mask": (tc.check_hide, lambda x, mask: x * mask, "-inf ki jagah 0"),
    "-1e9 instead of -inf": (tc.check_hide, lambda x, mask: x.masked_fill(~mask, -1e9),
                             "-inf ki jagah -1e9"),
    "masked_fill_ in place": (tc.check_hide, _inplace_hide, "input tensor hi badal diya"),
    # pair_scores
    "b rows first": (tc.check_pair_scores, lambda a, b: b @ a.transpose(-1, -2), "ulta jod"),
    "row by row only": (tc.check_pair_scores, lambda a, b: (a * b).sum(-1), "same number wali rows"),
    ".T on a batch": (tc.check_pair_scores, lambda a, b: a @ b.T, "`.T` / `.t()` sirf 2-D"),
}


@pytest.mark.parametrize("label", list(WRONG))
def test_wrong_solutions_fail_and_are_named(label, capsys):
    check, solution, phrase = WRONG[label]
    assert not check(solution), f"{label}: a wrong solution passed"
    out = capsys.readouterr().out
    assert out.startswith("❌"), out
    assert phrase in out, f"{label}: mistake not named\n{out}"


def test_columns_summing_to_one_is_called_wrong_dim(capsys):
    """The issue's example: a softmax whose columns sum to 1 is named 'galat dim'."""
    def columns(x):
        return torch.softmax(x, dim=0)

    assert torch.allclose(columns(torch.randn(3, 4)).sum(dim=0), torch.ones(4))
    assert not tc.check_row_softmax(columns)
    out = capsys.readouterr().out
    assert "galat dim" in out and "columns" in out
