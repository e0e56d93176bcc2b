"""What every notebook's setup cell runs: seeds, torch threads, the device and the plot style."""

from __future__ import annotations

import torch

from ..runtime import DEFAULT_SEED, course_threads, get_device, seed_everything


def setup_notebook(seed: int = DEFAULT_SEED, quiet: bool = False) -> torch.device:
    """Seed everything, set readable plot defaults, and say which device the notebook uses."""
    from ..course_map import VERSION
    from .plotting import use_course_style

    seed_everything(seed)
    use_course_style()
    torch.set_num_threads(course_threads())
    device = get_device()
    if not quiet:
        print(f"✅ Setup ho gaya: transformer_course {VERSION}, torch {torch.__version__}, "
              f"device: {device}, seed: {seed}, CPU threads: {torch.get_num_threads()}")
    return device
