"""`make sweep NAME=…`: run a measurement too slow for a notebook and write its record.

Each sweep is a function in a lesson module that takes ``quick`` and returns a dict with
``results``, ``seeds`` and ``config``; ``data/records.py`` adds the machine and versions. The
notebook that plots a record also re-runs one live slice and checks that it agrees."""

from __future__ import annotations

import time

from ..data.records import write_record
from ..errors import fail

# record name → "lesson module:function"
SWEEPS: dict[str, str] = {
    "decoder_char_generator": "decoder:sweep_char_generator",
    "tiny_it_seeds": "tiny:sweep_it",
    "recall_race": "vs_rnn_race:sweep_recall",
    "encoder_depth": "encoder_depth:sweep_depth",
    "trained_attention": "attention_trained:sweep_trained_attention",
    "translator": "decoding:sweep_translator",
    "training_dynamics": "dynamics_runs:sweep_warmup",
}


def sweep_function(name: str):
    if name not in SWEEPS:
        raise fail("sweep `NAME`", f"in mein se ek: {sorted(SWEEPS)}", repr(name))
    from .. import lessons
    from ..lessons import (  # noqa: F401 (the sweeps' homes)
        attention_trained,
        decoder,
        decoding,
        dynamics_runs,
        encoder_depth,
        tiny,
        vs_rnn_race,
    )
    module, function = SWEEPS[name].split(":")
    return getattr(getattr(lessons, module), function)


def run_sweep(name: str, quick: bool = False) -> None:
    """Run one sweep (``quick``: a tiny version that only proves the code runs; not written)."""
    import torch

    from ..runtime import course_threads
    torch.set_num_threads(course_threads())
    start = time.perf_counter()
    out = sweep_function(name)(quick=quick)
    seconds = time.perf_counter() - start
    if quick:
        print(f"{name}: quick run theek ({seconds:.0f} s), record nahi likha")
        return
    path = write_record(name, out["results"], seeds=out["seeds"],
                        config={**out["config"], "seconds": round(seconds, 1)},
                        command=f"make sweep NAME={name}")
    print(f"{name}: {seconds:.0f} s → {path}")
