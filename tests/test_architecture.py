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


def layer_of(module: str) -> str:
    """'transformer_course.model.encoder_layers' → 'model'; errors/runtime/course_map → 'base'."""
    parts = module.split(".")
    if len(parts) == 1 or parts[1] in ("__init__", "__main__"):
        return "facade"
    return parts[1] if parts[1] in LAYERS else "base"


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


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
    return [(line, target) for line, target in found if target.split(".")[0] == root.name]


def wrong_way_imports(root: Path) -> list[str]:
    """Every import in the package at ``root`` that runs from a lower layer to a higher one."""
    problems = []
    for path in sorted(root.rglob("*.py")):
        here = layer_of(module_name(path, root))
        for line, target in imports_of(path, root):
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
    assert wrong_way_imports(root) == [
        "transformer_course/model/training.py:4 (model) imports "
        "transformer_course.lessons.plotting (lessons)"]


@pytest.mark.parametrize("layer", ["model", "data"])
def test_model_and_data_need_torch_only(layer):
    """The learner's small library: torch (and tqdm for fit's progress bar), no plots, no widgets."""
    allowed = set(sys.stdlib_module_names) | {"torch", "tqdm", "transformer_course"}
    for path in sorted((PACKAGE / layer).glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level:
                names = [node.module]
            else:
                continue
            for name in names:
                assert name.split(".")[0] in allowed, f"{path.name} imports {name}"


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
        doc = ast.get_docstring(ast.parse(path.read_text())) or ""
        assert lines <= MAX_LINES or "Longer than 400 lines" in doc, f"{path.name}: {lines} lines"


def test_flat_names_are_unique_and_resolve():
    flat = [name for package in tc.FLAT_PACKAGES
            for name in getattr(tc, package).__all__]
    everything = flat + list(tc.MODULES) + list(tc.HELPERS) + ["doctor"]
    assert len(everything) == len(set(everything)), \
        sorted({n for n in everything if everything.count(n) > 1})
    for name in flat + list(tc.HELPERS):
        assert not isinstance(getattr(tc, name), types.ModuleType), name
    for name in tc.MODULES:
        assert isinstance(getattr(tc, name), types.ModuleType), name
    assert set(flat) <= set(dir(tc))
    with pytest.raises(AttributeError, match="koi cheez nahi"):
        tc.no_such_helper  # noqa: B018


def test_every_lesson_module_names_its_notebook():
    stems = {lesson.stem for lesson in tc.course_map.LESSONS}
    for name, module in tc.MODULES.items():
        if module.startswith("lessons.") and name != "plotting":
            doc = getattr(tc, name).__doc__
            assert doc.startswith("Notebook ") and doc.split()[1].rstrip(":,.") in stems, f"{name}: {doc[:60]}"


def test_every_model_name_has_its_own_test():
    """The library's promise: each public piece is tested (against PyTorch where it has a twin)."""
    texts = " ".join(p.read_text() for p in (ROOT / "tests").glob("test_*.py")
                     if p.name not in ("test_architecture.py", "test_bad_inputs.py"))
    assert [n for n in tc.model.__all__ if not re.search(rf"\b{n}\b", texts)] == []
