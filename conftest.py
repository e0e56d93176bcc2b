"""Pytest setup for the whole repository (tests/ has its own conftest as well).

nbval runs each notebook in a fresh kernel that inherits this process's environment. Solution
notebooks run with ``TC_STRICT=solutions``: a check that does not pass, and a prediction whose
live measurement no longer matches the solution's guess, raise, so a claim that stops holding
on some machine fails the suite. Learner notebooks run without it (their ⏳ is expected).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SOLUTIONS = Path(__file__).resolve().parent / "solutions"


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Before nbval starts a notebook's kernel (in its first cell's setup), set the mode."""
    if SOLUTIONS in Path(str(item.fspath)).resolve().parents:
        os.environ["TC_STRICT"] = "solutions"
    else:
        os.environ.pop("TC_STRICT", None)
