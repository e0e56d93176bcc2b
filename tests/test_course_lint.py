"""Course lint: every notebook has the anatomy the design asks for, in both folders."""

from __future__ import annotations

import re

import nbformat
import pytest

from transformer_course import course_map
from transformer_course.tools import authoring
from transformer_course.tools.authoring import Layout

from .conftest import ROOT

LAYOUT = Layout(ROOT)
STEMS = LAYOUT.stems()
BOTH = [(folder, stem) for stem in STEMS for folder in ("solutions", "notebooks")]


def _read(folder: str, stem: str):
    return nbformat.read(ROOT / folder / f"{stem}.ipynb", as_version=4)


def _code(nb) -> str:
    return "\n".join(c.source for c in nb.cells if c.cell_type == "code")


def _markdown(nb) -> str:
    return "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def test_every_notebook_is_on_the_course_map():
    known = {lesson.stem for lesson in course_map.LESSONS}
    assert set(STEMS) <= known


@pytest.mark.parametrize("folder, stem", BOTH)
def test_header_setup_cell_and_next_link(folder, stem):
    nb = _read(folder, stem)
    assert authoring.header_problems(nb, stem) == []
    assert nb.cells[-1].source.strip() == course_map.next_link(stem)


@pytest.mark.parametrize("folder, stem", BOTH)
def test_anatomy(folder, stem):
    nb = _read(folder, stem)
    markdown, code = _markdown(nb), _code(nb)
    assert "## Is notebook me aap kya seekhenge" in markdown, "learning goals"
    assert "## Yaad rakhne layak" in markdown, "recap"
    assert "tc.quiz(" in code, "quiz"
    assert "tc.explore(" in code or ".explore" in code or "explorer(" in code, "explorer"


@pytest.mark.parametrize("stem", STEMS)
def test_each_exercise_has_a_check_and_a_choice(stem):
    nb = _read("solutions", stem)
    exercises = [c for c in nb.cells if c.cell_type == "code" and authoring.BEGIN in c.source]
    assert exercises, "at least one exercise"
    code = _code(nb)
    assert authoring.CHECK_CALL.search(code), "a check"
    assert "tc.choose(" in code, "later cells pick the learner's or the reference version"


@pytest.mark.parametrize("stem", STEMS)
def test_no_devanagari_and_no_english_only_goals(stem):
    text = _markdown(_read("solutions", stem))
    assert not re.search("[\u0900-\u097F]", text), "Roman-script Hinglish only"
    assert re.search(r"\b(hai|hain|karein|kijiye|seekhenge|ka|ki|ke)\b", text), "Hinglish prose"


def test_readme_course_map_is_current():
    readme = (ROOT / "README.md").read_text()
    assert course_map.readme_map(STEMS) in readme, \
        "README course map is stale: paste `python -m transformer_course readme-map`"


@pytest.mark.parametrize("stem", STEMS)
def test_notebooks_use_the_package_through_tc_only(stem):
    """Learning content reaches the package through `tc` (the setup cell imports it), and never
    the course tools: `tc.doctor()` is the one tool a notebook calls."""
    nb = _read("solutions", stem)
    code = "\n".join(c.source for c in nb.cells[2:] if c.cell_type == "code")  # after the setup cell
    assert not re.search(r"^\s*(from|import) transformer_course", code, re.M)
    assert not re.search(r"\btc\.tools\b|transformer_course\.tools", code)


SOLUTION_CODE = re.compile(r"transpose\(-2, ?-1\)\s*/|masked_fill\(~|reshape\([^)]*\)\.transpose\(1, ?2\)"
                           r"|norm1\(x \+|argsort\(dim=1\)|autograd\.grad\(|torch\.stack\(maps")


@pytest.mark.parametrize("stem", STEMS)
def test_learner_notebooks_do_not_hand_over_the_code(stem):
    """Stubs say what is missing and markdown says what to do; the code comes from tc.hint."""
    for number, cell in enumerate(_read("notebooks", stem).cells):
        assert not SOLUTION_CODE.search(cell.source), f"cell {number}: {cell.source[:120]}"


@pytest.mark.parametrize("stem", STEMS)
def test_every_exercise_says_its_kind_difficulty_and_minutes(stem):
    cells = _read("solutions", stem).cells
    for number, cell in enumerate(cells):
        if cell.cell_type == "code" and "### BEGIN SOLUTION" in cell.source:
            before = cells[number - 1].source
            assert re.search(r"\*[^*\n]+ · mushkil [●○]{3} · lagbhag \d+ min\*", before), \
                f"cell {number}: the markdown before the exercise needs its label"


def _exercise_kinds(stem: str) -> list[str]:
    """The kind on each exercise's label: implement, predict, modify (a ⭐ challenge by its kind)."""
    cells, kinds = _read("solutions", stem).cells, []
    for number, cell in enumerate(cells):
        if cell.cell_type == "code" and authoring.BEGIN in cell.source:
            label = re.search(r"\*(?:⭐ Challenge \()?(\w+)[^*\n]* · mushkil", cells[number - 1].source)
            kinds.append(label.group(1).lower() if label else "?")
    return kinds


READING_WORDS_PER_MINUTE = 130  # Hinglish prose with formulas, read carefully


@pytest.mark.parametrize("stem", STEMS)
def test_course_map_minutes_follow_the_notebook(stem):
    """A lesson's minutes ≈ reading its markdown + its exercises' labelled minutes (⭐ is homework),
    so the README map and the instructor's plan grow with the notebook."""
    nb = _read("solutions", stem)
    labels = re.findall(r"^\*(?!⭐)[^*\n]+ · lagbhag (\d+) min\*", _markdown(nb), re.M)
    estimate = len(_markdown(nb).split()) / READING_WORDS_PER_MINUTE + sum(map(int, labels))
    minutes = next(item.minutes for item in course_map.LESSONS if item.stem == stem)
    assert abs(minutes - estimate) <= max(10, 0.15 * estimate), \
        f"{stem}: course_map says {minutes} min, the notebook needs ~{estimate:.0f}"


@pytest.mark.parametrize("stem", [s for s in STEMS if "01" <= s[:2] <= "08"])
def test_three_graded_exercises_of_different_kinds(stem):
    kinds = _exercise_kinds(stem)
    assert set(kinds) <= {"implement", "predict", "modify"}, kinds
    assert len(kinds) >= 3 and len(set(kinds)) >= 2, f"{stem}: {kinds}"


@pytest.mark.parametrize("stem", STEMS)
def test_every_check_passes_in_the_stored_solution_run(stem):
    """The committed solution outputs hold no ❌ or ⏳, except a demo (`record=False`)."""
    for number, cell in enumerate(_read("solutions", stem).cells):
        if cell.cell_type != "code" or "record=False" in cell.source:
            continue
        text = "".join(o.get("text", "") for o in cell.get("outputs", []))
        assert not re.search(r"^(❌|⏳)", text, re.M), f"cell {number}: {text[:200]}"


@pytest.mark.parametrize("stem", STEMS)
def test_prediction_reasons_live_in_the_package_not_below_the_guess(stem):
    """A learner reading the cell after a guess must not find the answer's reason there."""
    from transformer_course.grading.predictions import REASONS
    code = _code(_read("notebooks", stem))
    names = re.findall(r"check_prediction\(\s*\"(\w+)\"", code)
    assert "why=" not in code
    assert set(names) <= set(REASONS), set(names) - set(REASONS)


MACHINE_PATH = re.compile(r"(?<![\w.~])(/(?:home|Users|root|tmp|work|opt|usr|var)/|[A-Z]:\\\\)")


@pytest.mark.parametrize("folder, stem", BOTH)
def test_committed_outputs_hold_no_machine_paths(folder, stem):
    for number, cell in enumerate(_read(folder, stem).cells):
        for output in cell.get("outputs", []):
            text = str(output.get("text", "")) + str(output.get("data", {}).get("text/plain", ""))
            assert not MACHINE_PATH.search(text), f"cell {number}: {MACHINE_PATH.search(text).group(0)}"
