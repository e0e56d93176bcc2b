"""`make progress`: run learner notebooks headless and list every exercise's state.

Each notebook runs in a fresh kernel (errors allowed, so one broken cell does not hide the
rest); a last cell reads ``transformer_course.grading.checks.RESULTS``, which every check fills in.
Instructors can point it at a folder of submitted notebooks.
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat

STATUS = {"pass": "✅ sahi", "fail": "❌ galat", "todo": "⏳ abhi baaki hai"}
MARKER = "__course_progress__"


REPORT_CELL = ("import json\nfrom transformer_course.grading.checks import RESULTS\n"
               f"print({MARKER!r}, json.dumps(RESULTS))")


def notebook_progress(path: Path, timeout: int = 300) -> dict:
    """Execute one notebook; return its check results and the cells that raised errors."""
    from .authoring import run_notebook

    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(REPORT_CELL))
    nb = run_notebook(nb, path.parent, cell_timeout=timeout, allow_errors=True)
    results, errors = {}, []
    for index, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                errors.append(f"cell {index}: {output.get('ename')}")
            text = output.get("text", "")
            if output.get("output_type") == "stream" and MARKER in text:
                results = json.loads(text.split(MARKER, 1)[1])
    return {"results": results, "errors": errors}


def report(folder: Path) -> list[tuple[str, str, str]]:
    """Progress of every notebook in ``folder`` as (notebook, exercise, state) rows; printed too."""
    rows = []
    for path in sorted(folder.glob("*.ipynb")):
        found = notebook_progress(path)
        for name, state in found["results"].items():
            rows.append((path.name, name, STATUS.get(state, state)))
        for error in found["errors"]:
            rows.append((path.name, error, "💥 error (notebook me)"))
        if not found["results"] and not found["errors"]:
            rows.append((path.name, "-", "koi exercise nahi"))
    width = max((len(r[0]) for r in rows), default=10)
    print(f"{'notebook':{width}}  {'exercise':36}  haal")
    for notebook, exercise, state in rows:
        print(f"{notebook:{width}}  {exercise:36}  {state}")
    done = sum(r[2] == STATUS["pass"] for r in rows)
    total = sum(r[2] in STATUS.values() for r in rows)
    print(f"\n{done}/{total} exercises poore.")
    return rows
