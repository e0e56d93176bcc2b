"""Shared test fixtures: the repository layout and a headless matplotlib backend."""

from __future__ import annotations

from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def repo_root() -> Path:
    return ROOT


@pytest.fixture(autouse=True)
def _one_thread():
    """The suite runs one worker per core: one torch thread each is as fast and never stalls."""
    import torch
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


@pytest.fixture(autouse=True)
def _references_may_be_checked(monkeypatch):
    """Tests check that each reference passes its own check (a learner's may not hand it in)."""
    monkeypatch.setenv("TC_REFERENCE_OK", "1")


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    import matplotlib.pyplot as plt
    plt.close("all")


def oracle_pair(torch_layer, our_layer, d_model=16, nhead=4, ff=32, *, activation="relu",
                norm_first=False, batch_first=False, dtype=None, seed=0):
    """A PyTorch layer and our twin with the same weights, both in eval mode.

    Every parameter is random (LayerNorm's γ and β and all biases too), as in the exercise
    checks: with PyTorch's initial values a twin that swaps norm1 and norm2 would pass.
    """
    import torch

    from transformer_course.grading.checks import randomise_parameters

    dtype = dtype or torch.float32
    torch.manual_seed(seed)
    options = dict(dropout=0.1, activation=activation, batch_first=batch_first, norm_first=norm_first)
    ref = randomise_parameters(torch_layer(d_model, nhead, ff, dtype=dtype, **options), seed)
    mine = our_layer(d_model, nhead, ff, **options).to(dtype)
    mine.load_state_dict(ref.state_dict())
    return ref.eval(), mine.eval()
