"""transformer_course: the helper package of the Hinglish "Transformers Intuition" course.

Notebooks import it as ``tc``. Infrastructure (setup, checks, quizzes, explorers, doctor) is
imported here; the topic modules, one per notebook, load on first use, e.g.
``tc.attention.scaled_dot_product_attention``.
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

from .checks import Case, check, choose  # noqa: E402
from .errors import CourseError  # noqa: E402
from .quiz import Question, quiz  # noqa: E402
from .runtime import get_device, seed_everything, setup_notebook  # noqa: E402
from .widgets import explore  # noqa: E402

__all__ = ["Case", "CourseError", "Question", "check", "choose", "doctor", "explore",
           "get_device", "quiz", "seed_everything", "setup_notebook"]


def doctor(**kwargs) -> bool:
    """Check this environment (see transformer_course.setup_check)."""
    from .setup_check import run_doctor
    return run_doctor(**kwargs)


def __getattr__(name: str):
    """Load a topic module (``tc.intuition``, ``tc.attention``, …) when first used."""
    try:
        module = importlib.import_module(f".{name}", __name__)
    except ModuleNotFoundError as error:
        if error.name != f"{__name__}.{name}":
            raise
        raise AttributeError(f"transformer_course me `{name}` naam ka module nahi hai") from None
    globals()[name] = module
    return module
