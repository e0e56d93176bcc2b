"""Seeded notebooks give the same checked outputs on every run (two fresh kernels, compared)."""

from __future__ import annotations

import nbformat
import pytest

from transformer_course.tools.authoring import CHECKED_TAG, run_notebook

from .conftest import ROOT

# A seeded random layer (02) and a seeded training run (06).
NOTEBOOKS = ["02_attention", "06_train_tiny_transformer"]


def _checked_outputs(stem: str) -> list:
    path = ROOT / "solutions" / f"{stem}.ipynb"
    nb = run_notebook(nbformat.read(path, as_version=4), path.parent, cell_timeout=120)
    return [_merged(cell.outputs) for cell in nb.cells
            if cell.cell_type == "code" and CHECKED_TAG in cell.metadata.get("tags", [])]


def _merged(outputs) -> list:
    """Outputs without counts, consecutive stream chunks joined (chunking depends on timing)."""
    merged: list = []
    for output in outputs:
        item = {k: v for k, v in output.items() if k != "execution_count"}
        previous = merged[-1] if merged else None
        if (item.get("output_type") == "stream" and previous is not None
                and previous.get("output_type") == "stream" and previous["name"] == item["name"]):
            previous["text"] += item["text"]
        else:
            merged.append(item)
    return merged


@pytest.mark.parametrize("stem", NOTEBOOKS)
def test_two_runs_give_identical_checked_outputs(stem):
    first, second = _checked_outputs(stem), _checked_outputs(stem)
    assert first and first == second
