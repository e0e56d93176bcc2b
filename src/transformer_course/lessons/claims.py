"""Sentences written by code from measured numbers, so a conclusion can never contradict its data.

A notebook prints ``tc.claims.ratio("hamara module", t_ours, "PyTorch", t_torch, "slow")``
instead of a hand-written "X guna slow": the wording follows the direction the numbers took on
this machine."""

from __future__ import annotations

import statistics

from ..errors import fail


def mean_range(values, digits: int = 2, unit: str = "", spec: str | None = None) -> str:
    """``"0.31 (0.29–0.33, 5 seeds)"``: the mean and the range over seeds.

    ``spec`` replaces the fixed-point format, e.g. ``".1e"`` for numbers like 3e4."""
    values = [float(v) for v in values]
    if not values:
        raise fail("`values`", "kam se kam ek number", "khaali list")
    spec = spec or f".{digits}f"
    lo, hi, mean = min(values), max(values), statistics.fmean(values)
    if len(values) == 1:
        return f"{mean:{spec}}{unit} (1 seed)"
    return f"{mean:{spec}}{unit} ({lo:{spec}}–{hi:{spec}}, {len(values)} seeds)"


def ratio(name_a: str, a: float, name_b: str, b: float, bigger: str = "zyada",
          smaller: str = "kam", same_within: float = 0.1) -> str:
    """Compare two positive numbers in words, in the direction they actually took.

    ``ratio("hamara module", 2.9, "PyTorch", 1.0, "slow", "fast")`` →
    ``"hamara module PyTorch se 2.9× slow hai"``; within ``same_within`` (10 %) → "lagbhag barabar".
    """
    if not (a > 0 and b > 0):
        raise fail("`a`, `b`", "dono positive numbers", f"{a!r}, {b!r}")
    r = a / b
    if abs(r - 1) <= same_within:
        return f"{name_a} aur {name_b} lagbhag barabar hain ({r:.2f}×)"
    if r > 1:
        return f"{name_a} {name_b} se {r:.1f}× {bigger} hai"
    return f"{name_a} {name_b} se {1 / r:.1f}× {smaller} hai"


def agrees(live: float, recorded, slack: float = 0.0) -> bool:
    """Whether a live measurement falls inside a record's range over seeds (± ``slack``)."""
    recorded = [float(v) for v in recorded]
    return min(recorded) - slack <= float(live) <= max(recorded) + slack
