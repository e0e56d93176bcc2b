"""Notebook 03's exercise check: the sine/cosine table."""

from __future__ import annotations

from ..model.positional_encoding import sinusoidal_positional_encoding
from .checks import Case, check
from .hints import first_level, register

__all__ = ["check_sinusoidal_positional_encoding"]  # tc.<name> (see grading/__init__.py)

SINUSOIDAL_POSITIONAL_ENCODING_HINT = register(
    "sinusoidal_positional_encoding",
    idea='Har position ko ek vector milta hai jisme sine aur cosine ki lehrein hain, har pair ki apni raftaar: pehle dims tez ghoomte hain, baad wale dheere.',
    shapes='Table (max_len, d_model). positions (max_len, 1) × frequencies (d_model/2,) → angles (max_len, d_model/2), jahan frequency_i = 1 / 10000^(2i/d_model). Even columns (0, 2, 4, …) me sin(angles), odd (1, 3, 5, …) me cos(angles). d_model odd ho ya size ≤ 0 to ValueError.',
    code='angle = position / 10000 ** (2i / d_model); even columns (0::2) me sin, odd columns (1::2) me cos; output float32, shape (max_len, d_model); odd d_model ya size <= 0 par `raise ValueError(...)`.')


def check_sinusoidal_positional_encoding(fn) -> bool:
    """Compare the learner's table with the reference; wrong sizes must raise ValueError."""
    cases = [
        Case("max_len=10, d_model=8", (10, 8)),
        Case("max_len=50, d_model=16", (50, 16)),
        Case("max_len=128, d_model=64", (128, 64)),
        Case("edge: max_len=1 (sirf position 0)", (1, 4)),
        Case("edge: d_model=2 (sirf ek sin/cos pair)", (20, 2)),
        Case("galat: odd d_model=7 → ValueError", (10, 7)),
        Case("galat: max_len=0 → ValueError", (0, 8)),
        Case("galat: d_model=-4 → ValueError", (10, -4)),
    ]
    return check("sinusoidal_positional_encoding", fn, sinusoidal_positional_encoding, cases,
                 atol=1e-4, rtol=1e-4,
                 hint=first_level(SINUSOIDAL_POSITIONAL_ENCODING_HINT))
