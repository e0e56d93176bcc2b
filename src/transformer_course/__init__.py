"""transformer_course: the helper package of the Hinglish "Transformers Intuition" course.

Notebooks import it as ``tc``. Everything loads on first use, so ``python -m transformer_course
setup`` works before torch is installed: ``tc.check``, ``tc.quiz``, ``tc.setup_notebook``, … and
the topic modules, one per notebook (``tc.attention``, ``tc.multihead``, ``tc.encoder``, …).
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

# public name → module that defines it (no module may share a public name: once imported, a
# submodule would shadow the function, e.g. a module quiz.py would hide tc.quiz)
_EXPORTS = {
    "Case": "checks", "check": "checks", "choose": "checks",
    "CourseError": "errors",
    "Question": "quizzes", "quiz": "quizzes",
    "explore": "widgets",
    "get_device": "runtime", "seed_everything": "runtime", "setup_notebook": "runtime",
}

__all__ = [*_EXPORTS, "doctor"]


def doctor(**kwargs) -> bool:
    """Check this environment: one OK/FAIL line per check (see transformer_course.setup_check)."""
    from .setup_check import run_doctor
    return run_doctor(**kwargs)


def __getattr__(name: str):
    """Load a public helper or a topic module (``tc.attention``, …) when first used."""
    if name in _EXPORTS:
        value = getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
    else:
        try:
            value = importlib.import_module(f".{name}", __name__)
        except ModuleNotFoundError as error:
            if error.name != f"{__name__}.{name}":
                raise
            raise AttributeError(f"transformer_course me `{name}` naam ki koi cheez nahi hai") from None
    globals()[name] = value
    return value
