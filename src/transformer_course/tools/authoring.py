"""The one-source pipeline: solution scripts → solution notebooks → learner notebooks.

* ``solutions/scripts/NN_name.py`` (jupytext percent format) pairs with
  ``solutions/NN_name.ipynb``, which stores executed outputs.
* ``make_exercise`` turns a solution notebook into the learner's ``notebooks/NN_name.ipynb``:
  each ``### BEGIN SOLUTION`` … ``### END SOLUTION`` region (nbgrader's markers) becomes a stub
  that raises NotImplementedError with the region's ``### HINT:`` text; outputs are cleared,
  except in cells tagged ``nbval-check-output``, whose stored output nbval compares.
* The learner notebook records a hash of the cell sources it was generated with; a notebook
  whose sources no longer match was changed by a learner and is never overwritten unless forced.
"""

from __future__ import annotations

import ast
import copy
import hashlib
import json
import re
from pathlib import Path

import nbformat

from ..course_map import NOTEBOOK_GLOB, SETUP_CELL, header_cell, next_link
from ..errors import CourseError, fail

BEGIN = "### BEGIN SOLUTION"
END = "### END SOLUTION"
HINT = "### HINT:"
CHECKED_TAG = "nbval-check-output"
METADATA_KEY = "transformer_course"
DEFAULT_HINT = "Upar ke markdown me diye steps follow kijiye."
MARKDOWN_STUB = "*(Apna jawab yahan likhiye.)*"


class Layout:
    """Where the course's folders are, relative to the repository root."""

    def __init__(self, root: Path | str = "."):
        self.root = Path(root).resolve()
        self.solutions = self.root / "solutions"
        self.scripts = self.solutions / "scripts"
        self.notebooks = self.root / "notebooks"

    def stems(self) -> list[str]:
        return sorted(p.stem for p in self.scripts.glob(f"{NOTEBOOK_GLOB}.py"))


# ---------------------------------------------------------------- solution regions → stubs

def _guessed_names(body: list[str], where: str) -> list[str]:
    """The names a top-level region assigns (``my_guess = 42``); anything else is refused."""
    message = (f"{where}: top-level solution region sirf andaaze rakh sakta hai (`naam = value`); "
               "code ke liye region ek function/method ke andar (indent ke saath) rakhiye, taaki "
               "unsolved notebook bhi bina error chale.")
    try:
        statements = ast.parse("\n".join(body)).body
    except SyntaxError as error:
        raise CourseError(message) from error
    if not statements or not all(isinstance(s, ast.Assign) and len(s.targets) == 1
                                 and isinstance(s.targets[0], ast.Name) for s in statements):
        raise CourseError(message)
    return [s.targets[0].id for s in statements]


def _stub_code(source: str, where: str) -> str:
    """Code regions become a raising stub; a top-level region of guesses becomes ``name = ...``."""
    out, inside, hints, body, indent = [], False, [], [], ""
    for number, line in enumerate(source.splitlines(), 1):
        marker = line.strip()
        if marker == BEGIN:
            if inside:
                raise CourseError(f"{where}, line {number}: BEGIN SOLUTION ke andar dobara BEGIN.")
            inside, hints, body = True, [], []
            indent = line[: len(line) - len(line.lstrip())]
        elif marker == END:
            if not inside:
                raise CourseError(f"{where}, line {number}: END SOLUTION bina BEGIN ke.")
            hint = " ".join(hints) or DEFAULT_HINT
            if indent:
                out.append(f"{indent}# TODO: apna code yahan likhiye (aur neeche wali line hata dijiye)")
                out.append(f"{indent}raise NotImplementedError({json.dumps(hint, ensure_ascii=False)})")
            else:
                out.append(f"# {hint}")
                out += [f"{name} = ...  # ✏️ ... ki jagah apna andaaza" for name in _guessed_names(body, where)]
            inside = False
        elif inside:
            if marker.startswith(HINT):
                hints.append(marker[len(HINT):].strip())
            else:
                body.append(line)
        else:
            out.append(line)
    if inside:
        raise CourseError(f"{where}: BEGIN SOLUTION ka END nahi mila.")
    return "\n".join(out)


def _stub_markdown(source: str) -> str:
    pattern = re.compile(rf"^[ \t]*{re.escape(BEGIN)}.*?^[ \t]*{re.escape(END)}[ \t]*$",
                         re.DOTALL | re.MULTILINE)
    return pattern.sub(MARKDOWN_STUB, source)


def has_solution(cell) -> bool:
    return BEGIN in cell.source or END in cell.source


def sources_hash(nb) -> str:
    """A hash of the cell types and sources (outputs are ignored: running is not editing)."""
    payload = json.dumps([[c.cell_type, c.source] for c in nb.cells], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


CHECK_CALL = re.compile(r"\bcheck_\w+\(|tc\.check\(")


def write_nbgrader_source(layout: Layout, course: Path, stems: list[str] | None = None) -> list[Path]:
    """nbgrader's ``source/<stem>/<stem>.ipynb`` under ``course``: each solution notebook with
    nbgrader's cell metadata (``stamp_nbgrader``). Kept out of solutions/ itself, whose cell
    metadata jupytext rebuilds from the scripts."""
    written = []
    for stem in stems or layout.stems():
        nb = nbformat.read(layout.solutions / f"{stem}.ipynb", as_version=4)
        stamp_nbgrader(nb, stem)
        target = Path(course) / "source" / stem / f"{stem}.ipynb"
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, target)
        written.append(target)
        print(f"  nbgrader     {target}")
    return written


def stamp_nbgrader(nb, name: str = "notebook") -> None:
    """nbgrader's cell metadata, from the one source: each exercise cell is an "autograded
    answer", the check right after it "autograder tests" (locked, 1 point); no other cell has any.

    Grading runs with ``TC_STRICT=1``, so a check that does not pass raises (docs/INSTRUCTOR_GUIDE.md).
    """
    for cell in nb.cells:
        cell.metadata.pop("nbgrader", None)
    number = 0
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or BEGIN not in cell.source:
            continue
        number += 1
        following = nb.cells[index + 1] if index + 1 < len(nb.cells) else None
        if following is None or following.cell_type != "code" or not CHECK_CALL.search(following.source):
            raise fail(f"{name} cell {index + 1}", "exercise ke theek baad uska check cell",
                       repr(following.source[:60]) if following else "notebook khatam")
        common = {"schema_version": 3, "task": False}
        cell.metadata["nbgrader"] = {**common, "grade": False, "solution": True, "locked": False,
                                     "grade_id": f"exercise_{number}"}
        following.metadata["nbgrader"] = {**common, "grade": True, "solution": False,
                                          "locked": True, "points": 1,
                                          "grade_id": f"exercise_{number}_check"}


def make_exercise(solution, name: str = "notebook"):
    """Return the learner notebook generated from a solution notebook (which is not changed)."""
    nb = copy.deepcopy(solution)
    for index, cell in enumerate(nb.cells):
        where = f"{name} cell {index}"
        cell.metadata.pop("nbgrader", None)  # for nbgrader's source only
        if cell.cell_type == "code":
            if has_solution(cell):
                cell.source = _stub_code(cell.source, where)
            if CHECKED_TAG not in cell.metadata.get("tags", []) or has_solution(solution.cells[index]):
                cell.outputs = []
                cell.execution_count = None  # nbval wants a count where outputs are compared
        elif cell.cell_type == "markdown" and has_solution(cell):
            cell.source = _stub_markdown(cell.source)
    nb.metadata.pop("jupytext", None)
    nb.metadata.pop("widgets", None)
    nb.metadata[METADATA_KEY] = {"generated_from": f"solutions/{name}.ipynb",
                                 "sources_sha256": sources_hash(nb)}
    return nb


def learner_changed(nb) -> bool:
    """True when a learner notebook's sources differ from what the generator wrote."""
    recorded = nb.metadata.get(METADATA_KEY, {}).get("sources_sha256")
    return recorded != sources_hash(nb)


def _comparable(nb) -> str:
    def clean(cell):
        data = {"type": cell.cell_type, "source": cell.source, "metadata": dict(cell.metadata)}
        if cell.cell_type == "code":
            data["outputs"] = cell.outputs
            data["count"] = cell.execution_count
        return data
    return json.dumps({"cells": [clean(c) for c in nb.cells], "metadata": nb.metadata},
                      sort_keys=True, ensure_ascii=False, default=str)


def same_notebook(a, b) -> bool:
    """Equal cells (type, source, metadata, outputs) and notebook metadata."""
    return _comparable(a) == _comparable(b)


def write_exercises(layout: Layout, force: bool = False, only_check: bool = False,
                    stems: list[str] | None = None) -> list[str]:
    """Generate every learner notebook. Returns the problems found (stale or skipped files).

    ``only_check`` writes nothing and reports stale notebooks; ``force`` overwrites notebooks
    a learner has changed; ``stems`` limits it to those notebooks.
    """
    problems = []
    layout.notebooks.mkdir(exist_ok=True)
    for stem in stems or layout.stems():
        solution_path = layout.solutions / f"{stem}.ipynb"
        target = layout.notebooks / f"{stem}.ipynb"
        if not solution_path.exists():
            problems.append(f"{solution_path.relative_to(layout.root)} nahi mila: pehle `make sync`.")
            continue
        fresh = make_exercise(nbformat.read(solution_path, as_version=4), stem)
        relative = target.relative_to(layout.root)
        if target.exists():
            current = nbformat.read(target, as_version=4)
            if same_notebook(current, fresh):
                print(f"  up to date   {relative}")
                continue
            if learner_changed(current) and not force:
                problems.append(
                    f"{relative} me aapke (learner ke) badlaav hain, isliye overwrite nahi kiya. "
                    f"Naya version chahiye to pehle apni copy bana lijiye, phir: "
                    f"`make exercises FORCE=1` (ya `python -m transformer_course exercises --force`).")
                print(f"  SKIPPED      {relative} (learner ne badla hai)")
                continue
        if only_check:
            problems.append(f"{relative} purana hai (solution badla hai): `make exercises` chalaiye.")
            continue
        nbformat.write(fresh, target)
        print(f"  written      {relative}")
    return problems


# ---------------------------------------------------------------- stamping and jupytext sync

NEXT_LINK_OPENINGS = ("**Agla notebook:**", "**Course poora!**")


def stamp(nb, stem: str) -> bool:
    """Make the first two cells the standard header and setup cell, and the last one the link to
    the next notebook (from the course map, so inserting a lesson re-links its neighbours); True
    if anything changed.

    An existing header (starts with the Colab badge), setup cell (starts with "# Setup:") or next
    link is rewritten in place; a missing one is inserted.
    """
    changed = _stamp_next_link(nb, stem)
    wanted = [("markdown", header_cell(stem), "[![Open In Colab]"),
              ("code", SETUP_CELL, "# Setup:")]
    for index, (kind, source, opening) in enumerate(wanted):
        cell = nb.cells[index] if index < len(nb.cells) else None
        if cell is not None and cell.cell_type == kind and cell.source == source:
            continue
        if cell is not None and cell.cell_type == kind and cell.source.startswith(opening):
            cell.source = source
        else:
            make = nbformat.v4.new_markdown_cell if kind == "markdown" else nbformat.v4.new_code_cell
            nb.cells.insert(index, make(source))
        changed = True
    return changed


def _stamp_next_link(nb, stem: str) -> bool:
    last = nb.cells[-1] if nb.cells else None
    if last is not None and last.cell_type == "markdown" and last.source == next_link(stem):
        return False
    if last is not None and last.cell_type == "markdown" and last.source.startswith(NEXT_LINK_OPENINGS):
        last.source = next_link(stem)
    else:
        nb.cells.append(nbformat.v4.new_markdown_cell(next_link(stem)))
    return True


def header_problems(nb, stem: str) -> list[str]:
    """What the lint test reports when the stamped cells or the next link are missing."""
    problems = []
    if len(nb.cells) < 2 or nb.cells[0].source != header_cell(stem):
        problems.append("pehla cell standard header (badges + title) nahi hai")
    if len(nb.cells) < 2 or nb.cells[1].source != SETUP_CELL:
        problems.append("doosra cell standard setup cell nahi hai")
    if not any(next_link(stem) in c.source for c in nb.cells if c.cell_type == "markdown"):
        problems.append(f"agle notebook ka link nahi mila: {next_link(stem)!r}")
    return problems


def sync(layout: Layout, stems: list[str] | None = None) -> None:
    """Stamp each solution script, then update its paired notebook (keeping stored outputs)."""
    import jupytext

    for stem in stems or layout.stems():
        script = layout.scripts / f"{stem}.py"
        nb = jupytext.read(script)
        stamped = stamp(nb, stem)
        target = layout.solutions / f"{stem}.ipynb"
        if target.exists():
            stored = nbformat.read(target, as_version=4)
            _merge_outputs(nb, stored)
            nb.metadata = {**stored.metadata, **nb.metadata}
        nb.metadata.setdefault("kernelspec", {"name": "python3", "display_name": "Python 3",
                                              "language": "python"})
        nb.metadata["jupytext"] = {"formats": "solutions///ipynb,solutions/scripts///py:percent"}
        if not (target.exists() and same_notebook(nbformat.read(target, as_version=4), nb)):
            nbformat.write(nb, target)
            print(f"  synced       {target.relative_to(layout.root)}")
        canonical = canonical_script(layout, nb)  # what `jupytext --sync` would write
        if script.read_text(encoding="utf-8") != canonical:
            script.write_text(canonical, encoding="utf-8")
            print(f"  {'stamped' if stamped else 'canonical':<12} {script.relative_to(layout.root)}")


def canonical_script(layout: Layout, nb) -> str:
    """The paired script exactly as jupytext (with the repo's jupytext.toml) writes it."""
    import jupytext
    from jupytext.config import load_jupytext_configuration_file

    config = load_jupytext_configuration_file(str(layout.root / "jupytext.toml"))
    return jupytext.writes(nb, fmt="py:percent", config=config)


def _merge_outputs(nb, stored) -> None:
    """Keep ids, outputs and counts of code cells whose source did not change."""
    old = {}
    for cell in stored.cells:
        old.setdefault((cell.cell_type, cell.source), []).append(cell)
    for cell in nb.cells:
        matches = old.get((cell.cell_type, cell.source))
        if matches:
            previous = matches.pop(0)
            cell["id"] = previous.get("id", cell.get("id"))
            if cell.cell_type == "code":
                cell.outputs = previous.outputs
                cell.execution_count = previous.execution_count


def pair_problems(layout: Layout, stem: str) -> list[str]:
    """Differences between a solution script and its paired notebook (types and sources)."""
    import jupytext

    script = jupytext.read(layout.scripts / f"{stem}.py")
    notebook = nbformat.read(layout.solutions / f"{stem}.ipynb", as_version=4)
    a = [(c.cell_type, c.source) for c in script.cells]
    b = [(c.cell_type, c.source) for c in notebook.cells]
    if a == b:
        return []
    for index, (x, y) in enumerate(zip(a, b, strict=False)):
        if x != y:
            return [f"{stem}: cell {index} script aur notebook me alag hai: `make sync` chalaiye."]
    return [f"{stem}: script me {len(a)} cells, notebook me {len(b)}: `make sync` chalaiye."]


def run_notebook(nb, folder: Path, *, cell_timeout: int = 300, attempts: int = 2, **options):
    """Execute ``nb`` top to bottom in a fresh kernel started in ``folder``; return it.

    A kernel that stops answering (seen rarely: a message lost between client and kernel leaves
    both idle) is given up after ``cell_timeout`` seconds and the run repeated in a new kernel.
    """
    from nbclient import NotebookClient
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    for attempt in range(1, attempts + 1):
        work = copy.deepcopy(nb)
        try:
            NotebookClient(work, timeout=cell_timeout, kernel_name="python3", record_timing=False,
                           resources={"metadata": {"path": str(folder)}}, **options).execute()
            return work
        except (CellTimeoutError, DeadKernelError, TimeoutError) as error:
            if attempt == attempts:
                raise
            print(f"  kernel ne jawab nahi diya ({type(error).__name__}); naye kernel me dobara...",
                  flush=True)
    raise AssertionError("unreachable")


def execute(layout: Layout, stems: list[str] | None = None) -> None:
    """Run solution notebooks top to bottom and store their outputs in place."""
    import time

    for stem in stems or layout.stems():
        path = layout.solutions / f"{stem}.ipynb"
        start = time.perf_counter()
        nb = run_notebook(nbformat.read(path, as_version=4), layout.solutions)
        nb.metadata.pop("widgets", None)  # live state is big and differs each run; HTML fallback stays
        nbformat.write(nb, path)
        print(f"  executed     {path.relative_to(layout.root)} ({time.perf_counter() - start:.1f} s)")
