"""Seeded notebooks give the same checked outputs on every run.

nbval re-runs every notebook and compares each cell tagged ``nbval-check-output`` with the
output stored by the last ``make execute`` run, in a fresh kernel: that comparison *is* the
determinism test (a second run here cost ~60 s for nothing new). This file makes sure the
seeded notebooks keep such cells, so that the comparison keeps happening.
"""

from __future__ import annotations

import nbformat
import pytest

from transformer_course.tools.authoring import CHECKED_TAG

from .conftest import ROOT

# A seeded random layer (02) and a seeded training run (06).
NOTEBOOKS = ["02_attention", "06_train_tiny_transformer"]


@pytest.mark.parametrize("folder", ["solutions", "notebooks"])
@pytest.mark.parametrize("stem", NOTEBOOKS)
def test_seeded_results_are_compared_by_nbval(folder, stem):
    nb = nbformat.read(ROOT / folder / f"{stem}.ipynb", as_version=4)
    checked = [c for c in nb.cells if c.cell_type == "code"
               and CHECKED_TAG in c.metadata.get("tags", []) and c.outputs]
    assert len(checked) >= 2, "seeded numbers must be compared with the stored run"
