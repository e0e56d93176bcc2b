"""Hints in tiers: the idea first, then the shapes, then the code, one level per call.

Each exercise's checks module registers its three levels with ``register``. A failing check
prints the first level only; ``tc.hint("scaled_dot_product_attention")`` shows the next level
each time it runs (``level=`` jumps to one), so a learner asks for exactly as much help as needed.
"""

from __future__ import annotations

from ..errors import fail

LEVELS = ("idea", "shapes", "code")
HINTS: dict[str, tuple[str, str, str]] = {}
_shown: dict[str, int] = {}  # exercise → how many levels this session has seen


def register(name: str, idea: str, shapes: str, code: str) -> str:
    """Keep an exercise's three hint levels; returns the name (for the check's ``hint=``)."""
    HINTS[name] = (idea, shapes, code)
    return name


def first_level(name: str) -> str:
    """What a failing check says: level 1 and how to ask for more."""
    return f"{HINTS[name][0]} (Aur madad: `tc.hint(\"{name}\")`, har baar ek level aage.)"


def hint(name: str, level: int | None = None) -> None:
    """Print the next hint level of exercise ``name`` (1 = idea, 2 = shapes, 3 = code)."""
    if name not in HINTS:
        raise fail("tc.hint(name)", "ek exercise ka naam", repr(name), ", ".join(sorted(HINTS)))
    if level is None:
        level = min(_shown.get(name, 0) + 1, len(LEVELS))
    if isinstance(level, bool) or level not in (1, 2, 3):
        raise fail("`level`", "1 (idea), 2 (shapes) ya 3 (code)", repr(level))
    _shown[name] = max(_shown.get(name, 0), level)
    text = f"💡 {name}, hint {level}/3 ({LEVELS[level - 1]}): {HINTS[name][level - 1]}"
    if level < len(LEVELS):
        text += f"\n   Phir bhi atke hain? `tc.hint(\"{name}\")` dobara chalaiye."
    else:
        text += "\n   Yeh aakhri hint hai: ab code khud likh kar dekhiye."
    print(text)
