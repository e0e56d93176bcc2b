"""What every notebook's setup cell runs: seeds, torch threads, the device, the plot style, and
exercise cells that report their own errors instead of stopping "Run All"."""

from __future__ import annotations

import torch

from ..course_map import VERSION
from ..grading import exercise_cells
from ..runtime import DEFAULT_SEED, course_threads, get_device, seed_everything
from .plotting import use_course_style


def widgets_warning() -> str | None:
    """A Hinglish note when the kernel still runs an ipywidgets older than 8 (e.g. Colab's own,
    loaded before the course's install upgraded it): sliders need a restarted session."""
    import sys
    try:
        import ipywidgets
    except ImportError:
        return None
    major = int(str(getattr(ipywidgets, "__version__", "8")).split(".")[0] or 8)
    if major >= 8:
        return None
    where = "Colab: Runtime → Restart session" if "google.colab" in sys.modules else "kernel restart"
    return (f"⚠️  Is kernel me purana ipywidgets {ipywidgets.__version__} chal raha hai (course ko 8+ "
            f"chahiye, jo ab install ho chuka hai). Sliders aur quiz ke liye: {where}, phir setup "
            "cell dobara chalaiye.")


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
        warning = widgets_warning()
        if warning:
            print(warning)
    return device
