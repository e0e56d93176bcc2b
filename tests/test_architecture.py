"""The package's layers: imports run one way, one name per thing, modules readable in one sitting.

The layers, top to bottom (docs/ARCHITECTURE.md):
tools → lessons → grading → data → model → base (errors, runtime, course_map).
A module may import its own layer or any layer below it, never one above.
"""

from __future__ import annotations

import ast
import re
import sys
import types
from pathlib import Path

import pytest

import transformer_course as tc

from .conftest import ROOT

PACKAGE = ROOT / "src" / "transformer_course"
LAYERS = ["base", "model", "data", "grading", "lessons", "tools", "facade"]
MAX_LINES = 400


BASE = {"errors", "runtime", "course_map"}


def layer_of(module: str) -> str:
    """'transformer_course.model.encoder_layers' → 'model'; errors/runtime/course_map → 'base'.

    Anything else is an error: a new top-level module or package must be given a layer here.
    """
    parts = module.split(".")
    if len(parts) == 1 or parts[1] == "__main__":
        return "facade"
    if parts[1] in BASE:
        return "base"
    assert parts[1] in LAYERS, f"{module}: which layer? Add it to LAYERS or BASE"
    return parts[1]


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


BY_NAME = f"{PACKAGE.name}.<import by name>"


def _called_name(call: ast.Call) -> str:
    return getattr(call.func, "attr", getattr(call.func, "id", ""))


def imports_of(path: Path, root: Path) -> list[tuple[int, str]]:
    """(line, imported module) for every import of the package itself, at any depth in the file."""
    name = module_name(path, root)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            # `from . import x` / `from .pkg import mod`: the names may be modules themselves
            for alias in node.names:
                candidate = f"{target}.{alias.name}"
                known = (root.parent / candidate.replace(".", "/")).with_suffix(".py").exists() \
                    or (root.parent / candidate.replace(".", "/")).is_dir()
                found.append((node.lineno, candidate if known else target))
        elif isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.Call) and _called_name(node) in ("import_module", "__import__"):
            found.append((node.lineno, BY_NAME))
    return [(line, target) for line, target in found if target.split(".")[0] == root.name]


def wrong_way_imports(root: Path) -> list[str]:
    """Every import in the package at ``root`` that runs from a lower layer to a higher one."""
    problems = []
    for path in sorted(root.rglob("*.py")):
        here = layer_of(module_name(path, root))
        for line, target in imports_of(path, root):
            if target.endswith("<import by name>"):
                if here != "facade":  # its arrow cannot be read: only the door may import by name
                    problems.append(f"{path.relative_to(root.parent)}:{line} ({here}) imports "
                                    "by name (importlib / __import__)")
                continue
            there = layer_of(target)
            if LAYERS.index(there) > LAYERS.index(here):
                problems.append(f"{path.relative_to(root.parent)}:{line} ({here}) imports "
                                f"{target} ({there})")
    return problems


def test_imports_run_one_way():
    assert wrong_way_imports(PACKAGE) == []


def test_a_planted_wrong_way_import_is_caught(tmp_path):
    root = tmp_path / "transformer_course"
    for folder in ("model", "lessons"):
        (root / folder).mkdir(parents=True)
        (root / folder / "__init__.py").write_text("")
    (root / "__init__.py").write_text("")
    (root / "errors.py").write_text("X = 1\n")
    (root / "lessons" / "plotting.py").write_text("from ..errors import X\nCOLORS = {}\n")
    (root / "model" / "training.py").write_text(
        "from ..errors import X\n\ndef fit():\n    from ..lessons.plotting import COLORS\n")
    (root / "model" / "probes.py").write_text(
        "import importlib\nplotting = importlib.import_module('transformer_course.lessons.plotting')\n")
    assert wrong_way_imports(root) == [
        "transformer_course/model/probes.py:2 (model) imports by name (importlib / __import__)",
        "transformer_course/model/training.py:4 (model) imports "
        "transformer_course.lessons.plotting (lessons)"]
    (root / "widgets.py").write_text("")  # a module with no layer is refused, not taken as base
    with pytest.raises(AssertionError, match="which layer"):
        wrong_way_imports(root)


def third_party_imports(path: Path) -> set[str]:
    """Top-level names of what ``path`` imports from outside the package and the standard library."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and not node.level:
            names.add(node.module.split(".")[0])
    return names - set(sys.stdlib_module_names) - {PACKAGE.name}


def file_of(module: str) -> Path:
    path = PACKAGE.parent / module.replace(".", "/")
    return path / "__init__.py" if path.is_dir() else path.with_suffix(".py")


@pytest.mark.parametrize("layer", ["model", "data"])
def test_model_and_data_need_torch_only(layer):
    """The learner's small library: torch (tqdm for fit's progress bar), no plots, no widgets,
    counting everything it reaches inside the package (base modules included)."""
    seen, todo = set(), sorted((PACKAGE / layer).glob("*.py"))
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        assert third_party_imports(path) <= {"torch", "tqdm"}, \
            f"{path.relative_to(PACKAGE)} imports {third_party_imports(path)}"
        todo += [file_of(target) for _, target in imports_of(path, PACKAGE)
                 if target != PACKAGE.name]  # the door itself imports nothing eagerly


def test_one_module_name_per_thing_in_the_repo():
    seen: dict[str, Path] = {}
    for path in sorted(ROOT.rglob("*.py")):
        if {".venv", ".git", "build"} & set(path.parts) or path.stem in ("__init__", "__main__",
                                                                          "conftest"):
            continue
        assert path.stem not in seen, f"{path} and {seen[path.stem]} share a name"
        seen[path.stem] = path


def test_modules_are_readable_in_one_sitting():
    for path in sorted(PACKAGE.rglob("*.py")):
        lines = len(path.read_text().splitlines())
        assert lines <= MAX_LINES, f"{path.name}: {lines} lines (split it: docs/ARCHITECTURE.md)"


def test_flat_names_are_unique_and_resolve():
    flat = [name for package in tc._FLAT_PACKAGES
            for name in getattr(tc, package).__all__]
    everything = flat + list(tc._MODULES) + list(tc._HELPERS) + ["doctor"]
    assert len(everything) == len(set(everything)), \
        sorted({n for n in everything if everything.count(n) > 1})
    for name in flat + list(tc._HELPERS):
        assert not isinstance(getattr(tc, name), types.ModuleType), name
    for name in tc._MODULES:
        assert isinstance(getattr(tc, name), types.ModuleType), name
    assert set(flat) <= set(dir(tc))
    with pytest.raises(AttributeError, match="koi cheez nahi"):
        tc.no_such_helper  # noqa: B018


def test_every_lesson_module_names_its_notebook():
    stems = {lesson.stem for lesson in tc.course_map.LESSONS}
    for name, module in tc._MODULES.items():
        if module.startswith("lessons.") and name not in ("plotting", "claims"):
            doc = getattr(tc, name).__doc__
            assert doc.startswith("Notebook ") and doc.split()[1].rstrip(":,.") in stems, f"{name}: {doc[:60]}"


def test_every_model_name_has_its_own_test():
    """The library's promise: each public piece is tested (against PyTorch where it has a twin)."""
    texts = " ".join(p.read_text() for p in (ROOT / "tests").glob("test_*.py")
                     if p.name not in ("test_architecture.py", "test_bad_inputs.py"))
    assert [n for n in tc.model.__all__ if not re.search(rf"\b{n}\b", texts)] == []


def test_every_notebook_has_its_lesson_and_its_checks():
    """Each notebook on the course map has a checks module, and one lesson module (00 needs none)."""
    lessons = {getattr(tc, name).__doc__.split()[1].rstrip(":,.")
               for name, module in tc._MODULES.items()
               if module.startswith("lessons.") and name != "plotting"}
    checks = {path.read_text().split("'s", 1)[0].split()[-1]
              for path in (PACKAGE / "grading").glob("*_checks.py")}
    for lesson in tc.course_map.LESSONS:
        number = lesson.stem.split("_")[0]
        assert lesson.stem in lessons or number == "00", f"{lesson.stem}: no lesson module"
        assert number in checks, f"{lesson.stem}: no grading/<lesson>_checks.py"
