"""Device choice, seeding and torch's CPU threads (the bottom layer: any module may use it)."""

from __future__ import annotations

import os
import random

import numpy as np
import torch

from .errors import fail

DEVICE_ENV = "TC_DEVICE"  # e.g. TC_DEVICE=cpu to force the CPU on a GPU machine
THREADS_ENV = "TC_THREADS"  # e.g. TC_THREADS=4 to choose torch's CPU threads yourself
DEFAULT_SEED = 0


def usable_cpus() -> int:
    """CPUs this process may really use: its affinity, capped by a cgroup CPU quota (Binder, Docker)."""
    count = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    try:  # cgroup v2: "max 100000" or "200000 100000"
        quota, period = open("/sys/fs/cgroup/cpu.max").read().split()
        if quota != "max":
            count = min(count, max(1, int(int(quota) / int(period))))
    except (OSError, ValueError):
        pass
    return max(1, count)


def course_threads() -> int:
    """torch CPU threads for the course's tiny models.

    On 2 or fewer usable CPUs one thread: as fast for these model sizes, and it never stalls when
    another process (a second notebook, a test worker) shares the cores; else up to 4.
    """
    for name in (THREADS_ENV, "OMP_NUM_THREADS"):
        value = os.environ.get(name, "").strip()
        if value.isdigit() and int(value) > 0:
            return int(value)
    cpus = usable_cpus()
    return 1 if cpus <= 2 else min(cpus, 4)


def get_device() -> torch.device:
    """CUDA, then Apple MPS, then CPU; the TC_DEVICE environment variable overrides."""
    wanted = os.environ.get(DEVICE_ENV, "").strip().lower()
    if wanted:
        if wanted.startswith("cuda") and not torch.cuda.is_available():
            raise fail(f"{DEVICE_ENV}={wanted}", "ek available device", "CUDA nahi mila",
                       f"{DEVICE_ENV}=cpu set kijiye ya variable hata dijiye.")
        if wanted == "mps" and not _mps_available():
            raise fail(f"{DEVICE_ENV}={wanted}", "ek available device", "MPS nahi mila",
                       f"{DEVICE_ENV}=cpu set kijiye ya variable hata dijiye.")
        return torch.device(wanted)
    if torch.cuda.is_available():
        return torch.device("cuda")
    if _mps_available():
        return torch.device("mps")
    return torch.device("cpu")


def _mps_available() -> bool:
    backend = getattr(torch.backends, "mps", None)
    return bool(backend is not None and backend.is_available())


def seed_everything(seed: int = DEFAULT_SEED) -> int:
    """Seed Python, NumPy and PyTorch so every run of a notebook gives the same numbers."""
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    return seed
