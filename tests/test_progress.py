"""`make progress` reads the same checks the notebooks use: solved, half-solved, unsolved."""

from __future__ import annotations

import shutil

import nbformat
import pytest

from transformer_course.tools import progress

from .conftest import ROOT

SETUP = ("import sys; sys.path.insert(0, {src!r})\n"
         "import torch\nimport transformer_course as tc")
SOLVED = "def warm_up(x):\n    return 2 * x + 1\n\ntc.check_warm_up(warm_up)"
UNSOLVED = "def warm_up(x):\n    raise NotImplementedError('hint')\n\ntc.check_warm_up(warm_up)"
SECOND = ("def count(d_model, nhead, dim_feedforward):\n    {body}\n\n"
          "tc.check('count', count, lambda d, h, f: d * f, [tc.Case('a', (2, 1, 3))], hint='d*f')")


def _write(folder, name, *cells):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(SETUP.format(src=str(ROOT / "src")))]
    nb.cells += [nbformat.v4.new_code_cell(c) for c in cells]
    nbformat.write(nb, folder / name)


@pytest.fixture
def submissions(tmp_path):
    _write(tmp_path, "a_solved.ipynb", SOLVED, SECOND.format(body="return d_model * dim_feedforward"))
    _write(tmp_path, "b_half.ipynb", SOLVED, SECOND.format(body="raise NotImplementedError"))
    _write(tmp_path, "c_unsolved.ipynb", UNSOLVED, SECOND.format(body="return 0"),
           "1 / 0  # a broken cell must not hide the rest")
    return tmp_path


def test_progress_table(submissions, capsys):
    rows = progress.report(submissions)
    assert ("a_solved.ipynb", "warm_up", "✅ sahi") in rows
    assert ("a_solved.ipynb", "count", "✅ sahi") in rows
    assert ("b_half.ipynb", "warm_up", "✅ sahi") in rows
    assert ("b_half.ipynb", "count", "⏳ abhi baaki hai") in rows
    assert ("c_unsolved.ipynb", "warm_up", "⏳ abhi baaki hai") in rows
    assert ("c_unsolved.ipynb", "count", "❌ galat") in rows
    assert any(r[0] == "c_unsolved.ipynb" and "ZeroDivisionError" in r[1] for r in rows)
    assert "3/6 exercises poore." in capsys.readouterr().out


def test_progress_of_the_real_learner_notebook(tmp_path):
    shutil.copy(ROOT / "notebooks" / "00_shuru_karein.ipynb", tmp_path)
    found = progress.notebook_progress(tmp_path / "00_shuru_karein.ipynb")
    expected = ["warm_up", "matmul_shape", "transpose_shape", "broadcast_shape", "row_softmax",
                "hide", "pair_scores"]  # the demo of a failing check is not counted
    assert found["results"] == dict.fromkeys(expected, "todo")
    assert found["errors"] == []
