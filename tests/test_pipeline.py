"""The one-source pipeline: pairs in sync, learner notebooks fresh, stubs right, edits safe."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import nbformat
import pytest

from transformer_course import course_map
from transformer_course.errors import CourseError
from transformer_course.tools import authoring
from transformer_course.tools.authoring import Layout, make_exercise, write_exercises

from .conftest import ROOT

LAYOUT = Layout(ROOT)
STEMS = LAYOUT.stems()


def test_there_are_notebooks():
    assert "00_shuru_karein" in STEMS and "01_transformer_intuition" in STEMS


@pytest.mark.parametrize("stem", STEMS)
def test_script_and_notebook_are_in_sync(stem):
    assert authoring.pair_problems(LAYOUT, stem) == []


@pytest.mark.parametrize("stem", STEMS)
def test_every_solution_has_a_fresh_learner_notebook(stem):
    solution = nbformat.read(LAYOUT.solutions / f"{stem}.ipynb", as_version=4)
    target = LAYOUT.notebooks / f"{stem}.ipynb"
    assert target.exists(), f"{target} missing: run `make exercises`"
    current = nbformat.read(target, as_version=4)
    assert authoring.same_notebook(current, make_exercise(solution, stem)), \
        f"{target.name} is stale: run `make exercises`"


@pytest.mark.parametrize("stem", STEMS)
def test_learner_notebooks_hold_no_solution_and_few_outputs(stem):
    nb = nbformat.read(LAYOUT.notebooks / f"{stem}.ipynb", as_version=4)
    for cell in nb.cells:
        assert authoring.BEGIN not in cell.source
        if cell.cell_type == "code" and cell.outputs:
            assert authoring.CHECKED_TAG in cell.metadata.get("tags", [])


# ----------------------------------------------------------------- the generator itself

def _solution_nb(*cells):
    nb = nbformat.v4.new_notebook()
    nb.cells = list(cells)
    return nb


SOLVED = '''def double(x):
    """Doc stays."""
    ### BEGIN SOLUTION
    ### HINT: 2 se guna kijiye.
    y = x * 2
    return y
    ### END SOLUTION

ok = check(double)'''


def test_stub_replaces_region_keeps_indent_and_hint():
    cell = nbformat.v4.new_code_cell(SOLVED)
    cell.outputs = [nbformat.v4.new_output("stream", text="✅\n")]
    learner = make_exercise(_solution_nb(cell), "x")
    source = learner.cells[0].source
    assert "y = x * 2" not in source and "BEGIN" not in source
    assert '    raise NotImplementedError("2 se guna kijiye.")' in source
    assert '"""Doc stays."""' in source and source.endswith("ok = check(double)")
    assert learner.cells[0].outputs == [] and learner.cells[0].execution_count is None
    compile(source, "stub", "exec")  # still valid Python


def test_stub_without_hint_uses_default_and_runs_to_not_implemented():
    cell = nbformat.v4.new_code_cell(SOLVED.replace("    ### HINT: 2 se guna kijiye.\n", ""))
    source = make_exercise(_solution_nb(cell), "x").cells[0].source
    namespace = {"check": lambda fn: fn}
    exec(source, namespace)
    with pytest.raises(NotImplementedError, match="steps follow"):
        namespace["double"](1)


def test_checked_outputs_are_kept_others_cleared():
    kept = nbformat.v4.new_code_cell("print(1)", metadata={"tags": [authoring.CHECKED_TAG]})
    kept.outputs = [nbformat.v4.new_output("stream", text="1\n")]
    kept.execution_count = 3
    cleared = nbformat.v4.new_code_cell("print(2)")
    cleared.outputs = [nbformat.v4.new_output("stream", text="2\n")]
    learner = make_exercise(_solution_nb(kept, cleared), "x")
    assert learner.cells[0].outputs[0]["text"] == "1\n" and learner.cells[0].execution_count == 3
    assert learner.cells[1].outputs == []


def test_markdown_region_becomes_a_prompt():
    cell = nbformat.v4.new_markdown_cell(f"Sawaal?\n\n{authoring.BEGIN}\nJawab hai 42.\n{authoring.END}\n")
    source = make_exercise(_solution_nb(cell), "x").cells[0].source
    assert "42" not in source and authoring.MARKDOWN_STUB in source


def test_top_level_region_of_guesses_becomes_ellipsis():
    cell = nbformat.v4.new_code_cell("# ✏️ guess\n### BEGIN SOLUTION\n### HINT: shape socho.\n"
                                     "my_shape = (2, 5)\nmy_word = 'kam'\n### END SOLUTION\n")
    source = make_exercise(_solution_nb(cell), "x").cells[0].source
    assert "(2, 5)" not in source and "'kam'" not in source and "# shape socho." in source
    namespace: dict = {}
    exec(source, namespace)
    assert namespace["my_shape"] is Ellipsis and namespace["my_word"] is Ellipsis


@pytest.mark.parametrize("bad", [
    "### BEGIN SOLUTION\nx = f(1)\nprint(x)\n### END SOLUTION",  # top level code: would fail
    "### BEGIN SOLUTION\nfor i in range(3):\n    x = i\n### END SOLUTION",
    "def f():\n    ### BEGIN SOLUTION\n    return 1",             # no END
    "def f():\n    return 1\n    ### END SOLUTION",               # END without BEGIN
])
def test_malformed_regions_are_refused(bad):
    with pytest.raises(CourseError):
        make_exercise(_solution_nb(nbformat.v4.new_code_cell(bad)), "x")


# ----------------------------------------------------------------- learner-work safety

@pytest.fixture
def small_repo(tmp_path: Path) -> Layout:
    layout = Layout(tmp_path)
    layout.scripts.mkdir(parents=True)
    stem = "00_shuru_karein"
    shutil.copy(LAYOUT.scripts / f"{stem}.py", layout.scripts / f"{stem}.py")
    shutil.copy(LAYOUT.solutions / f"{stem}.ipynb", layout.solutions / f"{stem}.ipynb")
    shutil.copy(ROOT / "jupytext.toml", tmp_path / "jupytext.toml")
    return layout


def test_generator_writes_then_reports_up_to_date(small_repo, capsys):
    assert write_exercises(small_repo) == []
    assert "written" in capsys.readouterr().out
    assert write_exercises(small_repo) == []
    assert "up to date" in capsys.readouterr().out
    assert write_exercises(small_repo, only_check=True) == []


def test_generator_never_overwrites_a_learner_edit(small_repo, capsys):
    write_exercises(small_repo)
    target = small_repo.notebooks / "00_shuru_karein.ipynb"
    nb = nbformat.read(target, as_version=4)
    nb.cells[5].source += "\n# meri apni note"
    nbformat.write(nb, target)
    # the solution changes too, so a regeneration would differ
    solution_path = small_repo.solutions / "00_shuru_karein.ipynb"
    solution = nbformat.read(solution_path, as_version=4)
    solution.cells[-1].source += " (naya)"
    nbformat.write(solution, solution_path)

    problems = write_exercises(small_repo)
    assert len(problems) == 1 and "FORCE=1" in problems[0]
    assert "meri apni note" in target.read_text()

    write_exercises(small_repo, force=True)
    assert "meri apni note" not in target.read_text() and "(naya)" in target.read_text()


def test_running_a_notebook_is_not_an_edit(small_repo):
    write_exercises(small_repo)
    target = small_repo.notebooks / "00_shuru_karein.ipynb"
    nb = nbformat.read(target, as_version=4)
    index = next(i for i, c in enumerate(nb.cells) if c.cell_type == "code" and not c.outputs)
    nb.cells[index].outputs = [nbformat.v4.new_output("stream", text="ran\n")]
    nbformat.write(nb, target)
    assert not authoring.learner_changed(nbformat.read(target, as_version=4))
    assert write_exercises(small_repo) == []
    assert "ran" not in json.dumps(nbformat.read(target, as_version=4).cells[index].outputs)


def test_sync_is_idempotent_and_keeps_outputs(small_repo, capsys):
    before = (small_repo.solutions / "00_shuru_karein.ipynb").read_text()
    authoring.sync(small_repo)
    assert capsys.readouterr().out == ""
    assert (small_repo.solutions / "00_shuru_karein.ipynb").read_text() == before


@pytest.mark.parametrize("newer", ["scripts", "notebooks"])  # a clone's mtimes are arbitrary
def test_real_jupytext_sync_changes_nothing(tmp_path, newer):
    """Pairs are committed in jupytext's own form: `jupytext --sync` on a clone makes no diff,
    whichever side of a pair it finds newer (it then rebuilds the other side from it)."""
    import os
    import subprocess
    import sys

    shutil.copytree(LAYOUT.solutions, tmp_path / "solutions")
    shutil.copy(ROOT / "jupytext.toml", tmp_path / "jupytext.toml")
    pattern = "scripts/*.py" if newer == "scripts" else "*.ipynb"
    for path in (tmp_path / "solutions").glob(pattern):
        os.utime(path, (path.stat().st_atime, path.stat().st_mtime + 60))
    before = {p: p.read_bytes() for p in (tmp_path / "solutions").rglob("*.*")}
    notebooks = sorted(str(p.relative_to(tmp_path)) for p in (tmp_path / "solutions").glob("*.ipynb"))
    subprocess.run([sys.executable, "-m", "jupytext", "--sync", *notebooks], cwd=tmp_path,
                   check=True, capture_output=True)
    assert [p.name for p, text in before.items() if p.read_bytes() != text] == []


def test_sync_writes_the_script_in_jupytext_form(small_repo, capsys):
    script = small_repo.scripts / "00_shuru_karein.py"
    script.write_text(script.read_text().split("# ---\n", 2)[2].lstrip("\n"))  # no header
    authoring.sync(small_repo)
    assert "canonical" in capsys.readouterr().out
    assert script.read_text().startswith("# ---\n# jupyter:\n#   kernelspec:")
    authoring.sync(small_repo)
    assert capsys.readouterr().out == ""


def test_stamp_inserts_missing_header_and_setup():
    nb = _solution_nb(nbformat.v4.new_markdown_cell("## Is notebook me aap kya seekhenge"))
    assert authoring.stamp(nb, "00_shuru_karein")
    assert nb.cells[0].source.startswith("[![Open In Colab]")
    assert nb.cells[1].source.startswith("# Setup:")
    assert nb.cells[2].source.startswith("## Is notebook")
    assert nb.cells[-1].source == course_map.next_link("00_shuru_karein")
    assert not authoring.stamp(nb, "00_shuru_karein")


def test_stamp_relinks_a_lesson_when_the_course_map_inserts_one_after_it():
    nb = _solution_nb(nbformat.v4.new_markdown_cell("## Is notebook me aap kya seekhenge"),
                      nbformat.v4.new_markdown_cell("**Agla notebook:** [02 · Attention](02_attention.ipynb) →"))
    assert authoring.stamp(nb, "01_transformer_intuition")
    assert nb.cells[-1].source == course_map.next_link("01_transformer_intuition")
    assert "01b_tokens_embeddings.ipynb" in nb.cells[-1].source
    assert sum("Agla notebook" in c.source for c in nb.cells) == 1


def test_sync_never_touches_learner_notebooks(small_repo):
    write_exercises(small_repo)
    target = small_repo.notebooks / "00_shuru_karein.ipynb"
    target.write_text(target.read_text().replace("Warm-up exercise", "Warm-up exercise (meri note)"))
    before = target.read_bytes()
    script = small_repo.scripts / "00_shuru_karein.py"
    script.write_text(script.read_text().replace("Warm-up exercise", "Warm-up exercise badla"))
    authoring.sync(small_repo)
    assert target.read_bytes() == before
    assert "badla" in (small_repo.solutions / "00_shuru_karein.ipynb").read_text()


def test_make_clean_keeps_notebooks_and_checkpoints(tmp_path):
    import subprocess
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    kept = [tmp_path / "notebooks" / "00_shuru_karein.ipynb",
            tmp_path / "notebooks" / ".ipynb_checkpoints" / "00_shuru_karein-checkpoint.ipynb",
            tmp_path / "solutions" / "00_shuru_karein.ipynb",
            tmp_path / "solutions" / "scripts" / "00_shuru_karein.py"]
    for path in kept:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("learner ka kaam")
    (tmp_path / "src" / "pkg" / "__pycache__").mkdir(parents=True)
    (tmp_path / "tests").mkdir()
    (tmp_path / ".pytest_cache").mkdir()
    subprocess.run(["make", "clean"], cwd=tmp_path, check=True, capture_output=True)
    assert all(path.read_text() == "learner ka kaam" for path in kept)
    assert not (tmp_path / ".pytest_cache").exists()
    assert not (tmp_path / "src" / "pkg" / "__pycache__").exists()


def test_run_notebook_retries_a_silent_kernel_once(monkeypatch, tmp_path, capsys):
    import nbclient
    from nbclient.exceptions import CellTimeoutError

    calls = []

    class FlakyClient:
        def __init__(self, nb, **options):
            self.nb = nb

        def execute(self):
            calls.append(1)
            if len(calls) == 1:
                raise CellTimeoutError("no reply")
            self.nb.cells[0].outputs = [nbformat.v4.new_output("stream", text="ok\n")]

    monkeypatch.setattr(nbclient, "NotebookClient", FlakyClient)
    nb = _solution_nb(nbformat.v4.new_code_cell("print('ok')"))
    done = authoring.run_notebook(nb, tmp_path)
    assert len(calls) == 2 and done.cells[0].outputs[0]["text"] == "ok\n"
    assert "dobara" in capsys.readouterr().out
    calls.clear()
    monkeypatch.setattr(FlakyClient, "execute", lambda self: (_ for _ in ()).throw(CellTimeoutError("x")))
    with pytest.raises(CellTimeoutError):
        authoring.run_notebook(nb, tmp_path)


def test_nbgrader_source_is_generated_with_its_metadata(tmp_path, capsys):
    written = authoring.write_nbgrader_source(LAYOUT, tmp_path)
    assert [p.relative_to(tmp_path).as_posix() for p in written] == [
        f"source/{stem}/{stem}.ipynb" for stem in STEMS]
    for stem, path in zip(STEMS, written, strict=True):
        source = nbformat.read(path, as_version=4)
        marked = [(i, c.metadata["nbgrader"]) for i, c in enumerate(source.cells) if "nbgrader" in c.metadata]
        exercises = [i for i, c in enumerate(source.cells)
                     if c.cell_type == "code" and authoring.BEGIN in c.source]
        assert [i for i, meta in marked if meta["solution"]] == exercises, stem
        assert [i for i, meta in marked if meta["grade"]] == [i + 1 for i in exercises], stem
        assert all(meta["locked"] and meta["points"] == 1 for _, meta in marked if meta["grade"])
        assert len({meta["grade_id"] for _, meta in marked}) == len(marked)
        for folder in (LAYOUT.solutions, LAYOUT.notebooks):  # jupytext's pair and the learner's: none
            committed = nbformat.read(folder / f"{stem}.ipynb", as_version=4)
            assert not any("nbgrader" in c.metadata for c in committed.cells), (folder, stem)


def test_nbgrader_stamp_needs_the_check_right_after_the_exercise():
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("x = 1\n### BEGIN SOLUTION\nx = 2\n### END SOLUTION"),
        nbformat.v4.new_markdown_cell("check neeche nahi")])
    with pytest.raises(CourseError, match="check cell"):
        authoring.stamp_nbgrader(nb)
