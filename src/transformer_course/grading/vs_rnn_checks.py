"""Notebook 07's exercise checks: the recall batch generator and gradient norm per position."""

from __future__ import annotations

import torch
from torch import nn

from ..data.tasks import make_recall_batch, recall_answer
from ..errors import describe
from ..model.probes import flow_layers, gradient_norm_per_position
from .checks import Case, check
from .hints import first_level, register

__all__ = ["check_make_recall_batch", "check_gradient_norm_per_position"]  # tc.<name> (see grading/__init__.py)


def _recall_summary(fn, batch_size, n_pairs, n_keys, n_values, seed=0) -> list[str]:
    """What a correct generator guarantees, as short readable lines (used by the check)."""
    out = fn(batch_size, n_pairs, n_keys, n_values, generator=torch.Generator().manual_seed(seed))
    if not (isinstance(out, tuple) and len(out) == 2
            and all(isinstance(t, torch.Tensor) for t in out)):
        return [f"output: (inputs, targets) tensors ka tuple nahi, mila {describe(out)}"]
    inputs, targets = out
    again = fn(batch_size, n_pairs, n_keys, n_values, generator=torch.Generator().manual_seed(seed))
    lines = [f"inputs shape {tuple(inputs.shape)}", f"targets shape {tuple(targets.shape)}",
             f"dtypes {inputs.dtype}, {targets.dtype}"]
    if inputs.shape != (batch_size, n_pairs + 1, 2) or targets.shape != (batch_size,):
        return lines
    keys, values = inputs[:, :-1, 0], inputs[:, :-1, 1]
    sorted_keys, sorted_values = keys.sort(dim=1).values, values.sort(dim=1).values
    lines += [
        f"keys 0..n_keys-1 me: {bool(((inputs[..., 0] >= 0) & (inputs[..., 0] < n_keys)).all())}",
        f"values 0..n_values-1 me: {bool(((values >= 0) & (values < n_values)).all())}",
        f"query ki value = blank (n_values): {bool((inputs[:, -1, 1] == n_values).all())}",
        f"har row me keys alag: {bool((sorted_keys[:, 1:] != sorted_keys[:, :-1]).all())}",
        f"har row me values alag: {bool((sorted_values[:, 1:] != sorted_values[:, :-1]).all())}",
        f"query pehle aayi key hai: {bool((keys == inputs[:, -1:, 0]).any(dim=1).all())}",
    ]
    if lines[-1].endswith("True"):
        lines.append(f"target = query ki value: {bool(torch.equal(recall_answer(inputs), targets))}")
    same = (isinstance(again, tuple) and len(again) == 2
            and torch.equal(again[0], inputs) and torch.equal(again[1], targets))
    lines.append(f"same seed → same batch: {same}")
    return lines


MAKE_RECALL_BATCH_HINT = register(
    "make_recall_batch",
    idea='Har row ek chhota dictionary hai: n_pairs alag keys, har key ki alag value; aakhir me unhi me se ek key dobara (query), jiska jawab uski value. Saari randomness diye gaye generator se, taaki same seed → same batch.',
    shapes='keys aur values: (B, n_pairs), har row me alag-alag ids (ek random permutation ke pehle n_pairs). query: (B, 1), unhi keys me se. inputs (B, n_pairs + 1, 2): [..., 0] keys aur aakhir me query, [..., 1] values aur aakhir me blank id n_values. targets (B,). n_pairs > n_keys ya > n_values ho to ValueError.',
    code='har row ke liye `torch.rand(B, n_keys, generator=generator).argsort(dim=1)` ek random permutation deta hai; uske pehle n_pairs le lijiye (values ke liye bhi yahi). Query: `torch.randint(n_pairs, (B, 1), generator=generator)` se ek pair chuniye aur `gather` kijiye. n_pairs > n_keys ya n_values par ValueError.')


def check_make_recall_batch(fn) -> bool:
    """Check a learner's recall generator by its guarantees (not its exact random draws)."""
    cases = [
        Case("batch 64, 4 pairs, 16 keys/values", (64, 4, 16, 16)),
        Case("batch 32, 8 pairs, 8 keys (har key use hogi)", (32, 8, 8, 12)),
        Case("1 pair (edge case)", (5, 1, 3, 3)),
        Case("batch 1", (1, 6, 10, 7)),
        Case("galat input: n_pairs > n_keys (ValueError chahiye)", (4, 9, 8, 16)),
    ]
    return check("make_recall_batch", fn, make_recall_batch, cases,
                 call=lambda impl, *args: _recall_summary(impl, *args),
                 hint=first_level(MAKE_RECALL_BATCH_HINT))


GRADIENT_NORM_PER_POSITION_HINT = register(
    "gradient_norm_per_position",
    idea='Gradient batata hai ki aakhri position ka output har input position se kitna badalta hai: aakhri output se ek loss banaiye aur input ke liye uska gradient nikaliye.',
    shapes="x (B, L, d) ki ek detached copy jo gradient maange; layer(x) (B, L, d'); loss = aakhri position ka output jod (ek number). ∂loss/∂x (B, L, d) → features par norm (B, L) → batch par mean → (L,). x 3-D na ho to ValueError.",
    code='x ki detached copy par `requires_grad_(True)` lagaiye, `loss = layer(x)[:, -1].sum()`, `torch.autograd.grad(loss, x)` se gradient (B, L, d) lijiye, phir `.norm(dim=-1).mean(dim=0)`. x 3-D na ho to ValueError raise kijiye.')


def check_gradient_norm_per_position(fn) -> bool:
    """Check the learner's gradient-per-position on RNN, LSTM, attention, edge and bad inputs."""
    torch.manual_seed(0)
    layers = flow_layers(d_model=8, nhead=2, seed=0)
    position_wise = nn.Linear(8, 8)  # every position on its own: only the last one gets gradient
    g = torch.Generator().manual_seed(1)
    x = torch.randn(3, 12, 8, generator=g)
    cases = [
        Case("vanilla RNN, B=3, L=12", (layers["vanilla RNN"], x)),
        Case("LSTM, B=3, L=12", (layers["LSTM"], x)),
        Case("Transformer encoder layer, B=3, L=12", (layers["Transformer"], x)),
        Case("position-wise Linear (sirf last position ko gradient)", (position_wise, x)),
        Case("batch 1, L=1 (edge case)", (layers["LSTM"], torch.randn(1, 1, 8, generator=g))),
        Case("galat input: x 2-D hai (ValueError chahiye)", (layers["LSTM"], x[0])),
    ]
    return check("gradient_norm_per_position", fn, gradient_norm_per_position, cases,
                 atol=1e-6, rtol=1e-4,
                 hint=first_level(GRADIENT_NORM_PER_POSITION_HINT))
