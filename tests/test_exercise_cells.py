"""Run All never stops on a broken exercise cell: it reports itself, later cells use the reference."""

from __future__ import annotations

import nbformat
import pytest

import transformer_course as tc
from transformer_course.grading.exercise_cells import MARKER, run_exercise_cell, transform
from transformer_course.tools.authoring import run_notebook

from .conftest import ROOT


def _cell(body: str) -> str:
    return f"{MARKER}: test\n{body}"


def test_a_good_cell_defines_its_names():
    ns: dict = {}
    assert run_exercise_cell(_cell("def f(x):\n    return 2 * x\n"), ns)
    assert ns["f"](3) == 6


@pytest.mark.parametrize("body, words", [
    ("def f(x):\n    return (2 * x\n", "Python samajh nahi paaya"),
    ("def f(x):\n    return 2 * x\n\nf(None)\n", "chalte hi error diya (line 3)"),
])
def test_a_broken_cell_reports_and_leaves_a_placeholder(body, words, capsys):
    ns: dict = {"f": "an old f"}
    assert not run_exercise_cell(_cell(body), ns)
    out = capsys.readouterr().out
    assert words in out and "Notebook aage chalta rahega" in out
    if "Python samajh" in words:  # nothing was defined: the stale f is replaced too
        with pytest.raises(NotImplementedError, match="exercise cell me error"):
            ns["f"](1)
    else:  # f itself was defined before the failing line: the learner's f stays
        assert ns["f"](2) == 4


def test_a_check_on_a_placeholder_says_pending_and_choose_takes_the_reference(capsys):
    ns: dict = {}
    run_exercise_cell(_cell("def warm_up(x):\n    return 2 * x +\n"), ns)
    assert not tc.check_warm_up(ns["warm_up"], record=False)
    assert "⏳ warm_up: exercise cell me error hai" in capsys.readouterr().out
    assert tc.choose(ns["warm_up"], tc.warm_up, False) is tc.warm_up


def test_only_marked_cells_are_transformed():
    plain = ["x = 1\n"]
    assert transform(plain) is plain
    marked = transform([f"{MARKER}\n", "def f(:\n"])
    assert len(marked) == 1 and "run_exercise_cell" in marked[0]
    compile("".join(marked), "<cell>", "exec")  # the broken code is now a string: it compiles


def test_run_all_goes_through_a_learner_notebook_with_a_broken_exercise(tmp_path):
    nb = nbformat.read(ROOT / "notebooks" / "00_shuru_karein.ipynb", as_version=4)
    exercise = next(c for c in nb.cells if c.source.startswith(MARKER))
    exercise.source = exercise.source.replace("raise NotImplementedError", "return (2 * x +", 1)
    nb = run_notebook(nb, ROOT / "notebooks")  # raises on the first cell error
    outputs = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code"
                      for o in c.get("outputs", []))
    assert "Python samajh nahi paaya" in outputs
    assert "⏳ warm_up: exercise cell me error hai" in outputs
    assert "course ka reference `warm_up`" in outputs
