"""Checking a learner's layer against its PyTorch twin: same weights, same inputs, both modes.

``run_twin`` builds PyTorch's layer, gives every parameter a random value (LayerNorm γ/β and
biases too: with PyTorch's initial values, swapping ``norm1`` and ``norm2`` would go unseen),
copies the weights into the learner's layer and runs it:

* ``mode="eval"``: dropout off, the output is compared with PyTorch's;
* ``mode="train"``: dropout must be 0 in the config, so training mode must give the same numbers;
* ``mode="dropout"``: no numbers, only what a correct layer guarantees: each of PyTorch's dropout
  modules exists under its name, with the configured ``p``, and is called in a training pass;
* ``mode="placed"``: training mode with each dropout module replaced by its own fixed scaling
  (no randomness), and the attention modules' dropout read and then set to 0: the numbers
  show whether every dropout sits where PyTorch has it.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable

import torch
from torch import nn

from ..errors import describe, fail
from .checks import randomise_parameters


def copy_weights(module, state: dict[str, torch.Tensor], names_hint: str) -> None:
    """load_state_dict, with a Hinglish message naming missing, extra or misshapen parameters."""
    if not isinstance(module, nn.Module):
        raise fail("aapki class se bana object", "ek nn.Module (`super().__init__()` bhi)",
                   describe(module))
    mine = module.state_dict()
    missing = [k for k in state if k not in mine]
    extra = [k for k in mine if k not in state]
    if missing or extra:
        raise fail("parameter names", f"PyTorch wale naam (jaise {', '.join(list(state)[:4])} …)",
                   f"missing: {', '.join(missing[:6]) or '-'}; faltu: {', '.join(extra[:6]) or '-'}",
                   names_hint)
    wrong = [f"{k} {tuple(mine[k].shape)} (PyTorch: {tuple(state[k].shape)})"
             for k in state if mine[k].shape != state[k].shape]
    if wrong:
        raise fail("parameter shapes", "PyTorch layer jaise", ", ".join(wrong[:3]))
    module.load_state_dict(state)


def dropout_report(module: nn.Module, names: tuple[str, ...], forward: Callable) -> tuple[str, ...]:
    """For each dropout name: its p and whether one training pass called it (PyTorch's names)."""
    called: set[str] = set()
    handles = []
    for name in names:
        child = getattr(module, name, None)
        if isinstance(child, nn.Dropout):
            handles.append(child.register_forward_hook(
                lambda *_, name=name: called.add(name)))
    try:
        module.train()
        with torch.no_grad():
            forward(module)
    finally:
        for handle in handles:
            handle.remove()
    report = []
    for name in names:
        child = getattr(module, name, None)
        if not isinstance(child, nn.Dropout):
            report.append(f"self.{name}: nn.Dropout nahi mila")
        else:
            report.append(f"self.{name}: p={child.p:g}, training me "
                          f"{'use hua' if name in called else 'kabhi use nahi hua'}")
    return tuple(report)


SCALES = (0.5, 0.7, 0.9, 0.6)  # one per dropout module in "placed" mode
ATTENTIONS = ("self_attn", "multihead_attn")


def _place_dropouts(module: nn.Module, names: tuple[str, ...]) -> tuple[str, ...]:
    """Swap each dropout for a fixed scaling; report and switch off the attention dropouts."""
    for name, scale in zip(names, SCALES, strict=False):
        child = getattr(module, name, None)
        if isinstance(child, nn.Dropout):
            child.forward = lambda x, scale=scale: x * scale
    found = []
    for name in ATTENTIONS:
        attention = getattr(module, name, None)
        if attention is not None:
            found.append(f"self.{name} ka dropout: {getattr(attention, 'dropout', 'nahi mila')}")
            if isinstance(getattr(attention, "dropout", None), float):
                attention.dropout = 0.0
    return tuple(found)


def run_twin(impl, oracle_cls, config: dict, forward: Callable, *, mode: str = "eval",
             dropouts: tuple[str, ...] = (), names_hint: str = "", seed: int = 0,
             dtype: torch.dtype | None = None):
    """Build ``oracle_cls(**config)`` with random parameters, copy them into ``impl(**config)``
    and run ``forward(module)`` in ``mode`` (see the module docstring)."""
    torch.manual_seed(seed)
    oracle = randomise_parameters(oracle_cls(**config), seed)
    module = impl(**config)
    copy_weights(module, oracle.state_dict(), names_hint)
    if dtype is not None:
        module = module.to(dtype)
    with warnings.catch_warnings():
        # PyTorch notes that a float mask with a bool padding mask is "deprecated"; it works.
        warnings.simplefilter("ignore", UserWarning)
        if mode == "dropout":
            return dropout_report(module, dropouts, forward)
        attention_dropouts = _place_dropouts(module, dropouts) if mode == "placed" else ()
        module.train(mode in ("train", "placed"))
        with torch.no_grad():
            output = forward(module)
    output = tuple(output) if isinstance(output, (tuple, list)) else output
    return (output, *attention_dropouts) if mode == "placed" else output
