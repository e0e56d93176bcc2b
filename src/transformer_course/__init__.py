"""transformer_course: the helper package of the Hinglish "Transformers Intuition" course.

Notebooks import it as ``tc``; this file is the one door, above every layer (see
docs/ARCHITECTURE.md):

* the model, flat: ``tc.MultiHeadAttention``, ``tc.scaled_dot_product_attention``, ``tc.fit``, …
* the grading tools, flat: ``tc.check``, ``tc.choose``, ``tc.quiz``, ``tc.check_encoder_block``, …
* a notebook's own figures and experiments by its lesson name: ``tc.attention.draw_saturation``;
  the toy data by module: ``tc.tasks.reversal_batch``;
* ``tc.setup_notebook``, ``tc.seed_everything``, ``tc.get_device``, ``tc.doctor``.

Everything loads on first use, so ``python -m transformer_course setup`` runs before torch is
installed.
"""

from __future__ import annotations

import importlib

from .course_map import VERSION as __version__  # noqa: F401 (tc.__version__)

# tc.<name> → the module it is (lessons, toy data, the course map, the layers themselves)
_MODULES = {
    **{name: f"lessons.{name}" for name in (
        "intuition", "tokens", "attention", "positional", "multihead", "encoder", "tiny", "dynamics",
        "vs_rnn", "vs_rnn_race", "encoder_depth", "decoder", "decoding", "recap", "plotting", "claims",
        "attention_trained")},
    **{name: f"data.{name}" for name in ("tasks", "number_words", "corpus", "records", "tokenizers")},
    "course_map": "course_map",
    **{name: name for name in ("model", "data", "grading", "lessons", "tools")},
}
# tc.<name> → the module that defines it, for helpers outside the flat packages
_HELPERS = {
    "CourseError": "errors",
    "get_device": "runtime", "seed_everything": "runtime",
    "setup_notebook": "lessons.notebook_setup",
}
_FLAT_PACKAGES = ("model", "grading")  # every name in their __all__ is also tc.<name>

__all__ = [*_MODULES, *_HELPERS, "doctor"]


def doctor(**kwargs) -> bool:
    """Check this environment: one OK/FAIL line per check (see transformer_course.tools.doctor)."""
    from .tools.doctor import run_doctor
    return run_doctor(**kwargs)


def __getattr__(name: str):
    """Load a module, helper or flat name (``tc.attention``, ``tc.check``, …) on first use."""
    if name in _MODULES:
        value = importlib.import_module(f".{_MODULES[name]}", __name__)
    elif name in _HELPERS:
        value = getattr(importlib.import_module(f".{_HELPERS[name]}", __name__), name)
    elif name.startswith("_"):  # IPython probes _repr_html_ and the like
        raise AttributeError(name)
    else:
        for package in _FLAT_PACKAGES:
            module = importlib.import_module(f".{package}", __name__)
            if name in module.__all__:
                value = getattr(module, name)
                break
        else:
            raise AttributeError(f"transformer_course me `{name}` naam ki koi cheez nahi hai")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """What tab completion offers on ``tc.``: every module, helper and flat name."""
    flat = [n for p in _FLAT_PACKAGES for n in importlib.import_module(f".{p}", __name__).__all__]
    return sorted({*__all__, *flat, "__version__"})
