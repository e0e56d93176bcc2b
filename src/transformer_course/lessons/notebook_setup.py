"""What every notebook's setup cell runs: seeds, torch threads, the device, the plot style, and
exercise cells that report their own errors instead of stopping "Run All"."""

from __future__ import annotations

import torch

from ..course_map import VERSION
from ..grading import exercise_cells
from ..runtime import DEFAULT_SEED, course_threads, get_device, seed_everything
from .plotting import use_course_style


def setup_notebook(seed: int = DEFAULT_SEED, quiet: bool = False) -> torch.device:
    """Seed everything, set readable plot defaults, and say which device the notebook uses."""
    seed_everything(seed)
    use_course_style()
    torch.set_num_threads(course_threads())
    try:
        from IPython import get_ipython
    except ImportError:  # plain Python: exercise cells are ordinary code
        get_ipython = None
    exercise_cells.register(get_ipython() if get_ipython else None)
    device = get_device()
    if not quiet:
        print(f"✅ Setup ho gaya: transformer_course {VERSION}, torch {torch.__version__}, "
              f"device: {device}, seed: {seed}, CPU threads: {torch.get_num_threads()}")
    return device
