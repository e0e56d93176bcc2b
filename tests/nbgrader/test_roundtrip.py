"""The instructor's nbgrader round trip, with the real nbgrader (run: `make test-nbgrader`).

nbgrader's source is generated from the solution notebook (`transformer_course nbgrader-source`):
generate_assignment → an unsolved release fails `validate` → the solved notebook passes →
autograde gives the unsolved submission 0 and the solved one full marks. Grading runs with
TC_STRICT=1, so a check that does not pass raises.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from transformer_course.tools import authoring
from transformer_course.tools.authoring import Layout

pytestmark = pytest.mark.nbgrader

ROOT = Path(__file__).resolve().parents[2]
STEM = "02_attention"  # guesses, a modify exercise, the core implementation, a predict about a checkpoint
NBGRADER = [sys.executable, "-m", "nbgrader"]


def _nbgrader(course: Path, *args: str) -> subprocess.CompletedProcess:
    path = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    env = {**os.environ, "PATH": path, "TC_STRICT": "1", "OMP_NUM_THREADS": "1"}  # alembic on PATH
    return subprocess.run([*NBGRADER, *args, "--CourseDirectory.root=" + str(course)], cwd=course,
                          env=env, capture_output=True, text=True, timeout=900)


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    """A course directory whose source is the solution notebook; the release generated from it."""
    pytest.importorskip("nbgrader")
    course = tmp_path_factory.mktemp("course")
    authoring.write_nbgrader_source(Layout(ROOT), course, [STEM])
    result = _nbgrader(course, "generate_assignment", STEM, "--force")
    assert result.returncode == 0, result.stdout + result.stderr
    return course


def _release(course: Path) -> Path:
    return course / "release" / STEM / f"{STEM}.ipynb"


def _solved_copy(course: Path, target: Path) -> None:
    """The release with every answer cell filled in from the solutions (what a good learner hands in)."""
    release = nbformat.read(_release(course), as_version=4)
    source = {c.metadata["nbgrader"]["grade_id"]: c.source
              for c in nbformat.read(course / "source" / STEM / f"{STEM}.ipynb", as_version=4).cells
              if c.metadata.get("nbgrader", {}).get("solution")}
    for cell in release.cells:
        if cell.metadata.get("nbgrader", {}).get("solution"):
            cell.source = source[cell.metadata["nbgrader"]["grade_id"]]
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(release, target)


def test_release_strips_the_solutions(course):
    text = _release(course).read_text()
    assert "### BEGIN SOLUTION" not in text and "raise NotImplementedError" in text


def test_unsolved_release_fails_validation_and_solved_passes(course, tmp_path):
    unsolved = _nbgrader(course, "validate", str(_release(course)))
    assert "VALIDATION FAILED" in unsolved.stdout, unsolved.stdout[-3000:] + unsolved.stderr[-2000:]
    solved = tmp_path / f"{STEM}.ipynb"
    _solved_copy(course, solved)
    passed = _nbgrader(course, "validate", str(solved))
    assert "Success!" in passed.stdout, passed.stdout[-3000:] + passed.stderr[-2000:]


def test_autograde_gives_zero_and_full_marks(course):
    from nbgrader.api import Gradebook

    for student in ("unsolved", "solved"):
        target = course / "submitted" / student / STEM / f"{STEM}.ipynb"
        target.parent.mkdir(parents=True, exist_ok=True)
        if student == "unsolved":
            shutil.copy(_release(course), target)
        else:
            _solved_copy(course, target)
        assert _nbgrader(course, "db", "student", "add", student).returncode == 0
    result = _nbgrader(course, "autograde", STEM, "--force")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        scores = {student: gradebook.find_submission(STEM, student).score
                  for student in ("unsolved", "solved")}
        maximum = gradebook.find_assignment(STEM).max_score
    solution = nbformat.read(ROOT / "solutions" / f"{STEM}.ipynb", as_version=4)
    exercises = sum(authoring.BEGIN in cell.source for cell in solution.cells if cell.cell_type == "code")
    assert exercises >= 3 and maximum == exercises and scores == {"unsolved": 0, "solved": maximum}, (scores, maximum)
