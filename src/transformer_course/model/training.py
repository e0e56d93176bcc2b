"""One small, seeded training loop with a progress bar, its loss and its accuracies (notebooks 06-08);
the learning-rate schedule `lr_at` (warmup + cosine decay, notebook 06b)."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import torch
import torch.nn.functional as F
from torch import nn

from ..errors import describe, fail, require_positive_int, require_tensor


def exact_match_accuracy(logits: torch.Tensor, targets: torch.Tensor) -> float:
    """Share of sequences whose every predicted token (argmax) equals the target.

    logits (B, L, V), targets (B, L); positions with IGNORE_INDEX do not count.
    """
    require_tensor("logits", logits, ndim=3)
    if not isinstance(targets, torch.Tensor) or targets.is_floating_point():
        raise fail("`targets`", "integer tensor (class ids)", describe(targets))
    if logits.shape[:2] != targets.shape:
        raise fail("logits aur targets ke shapes", "logits (B, L, V) aur targets (B, L)",
                   f"logits {tuple(logits.shape)}, targets {tuple(targets.shape)}")
    right = (logits.argmax(dim=-1) == targets) | (targets == IGNORE_INDEX)
    return float(right.all(dim=1).float().mean())


def predict(model: nn.Module, tokens: torch.Tensor) -> torch.Tensor:
    """Argmax predictions (B, L), in eval mode and without gradients."""
    model.eval()
    with torch.no_grad():
        return model(tokens).argmax(dim=-1)


IGNORE_INDEX = -100  # targets with this value are left out of the loss and the accuracy


@dataclass
class History:
    """What happened during training: loss per step, accuracy at each evaluation, wall time."""

    steps: list[int] = field(default_factory=list)
    losses: list[float] = field(default_factory=list)
    eval_steps: list[int] = field(default_factory=list)
    eval_times: list[float] = field(default_factory=list)
    accuracies: list[float] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def final_accuracy(self) -> float:
        return self.accuracies[-1] if self.accuracies else float("nan")


def token_accuracy(logits: torch.Tensor, targets: torch.Tensor) -> float:
    """Share of predicted tokens equal to the targets (IGNORE_INDEX positions skipped)."""
    keep = targets != IGNORE_INDEX
    if keep.sum() == 0:
        return float("nan")
    return float((logits.argmax(-1)[keep] == targets[keep]).float().mean())


def sequence_accuracy(logits: torch.Tensor, targets: torch.Tensor) -> float:
    """Share of sequences whose every (non-ignored) token is right: exact match."""
    right = (logits.argmax(-1) == targets) | (targets == IGNORE_INDEX)
    return float(right.all(dim=-1).float().mean())


def cross_entropy(logits: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    """Cross-entropy over the last axis of logits, for (B, V) or (B, L, V) outputs."""
    if logits.shape[:-1] != targets.shape:
        raise fail("logits aur targets ke shapes", "logits (..., vocab) aur targets (...) ek jaise",
                   f"logits {tuple(logits.shape)}, targets {tuple(targets.shape)}")
    return F.cross_entropy(logits.reshape(-1, logits.shape[-1]), targets.reshape(-1),
                           ignore_index=IGNORE_INDEX)


def fit(model: nn.Module, make_batch: Callable[[int], tuple], *, steps: int,
        lr: float = 3e-3, evaluate: Callable[[nn.Module], float] | None = None,
        eval_every: int = 50, target_accuracy: float | None = None,
        time_budget_s: float | None = None, clip_norm: float | None = 1.0,
        weight_decay: float = 0.0, desc: str = "training", progress: bool = True) -> History:
    """Train ``model`` with AdamW on batches from ``make_batch(step) -> (inputs, targets)``.

    ``model(inputs)`` returns logits (..., vocab); the loss is cross-entropy. Every
    ``eval_every`` steps ``evaluate(model)`` (run in eval mode, no gradients) gives an accuracy;
    training stops early at ``target_accuracy`` or after ``time_budget_s`` seconds.
    """
    from tqdm.auto import tqdm

    require_positive_int("steps", steps)
    require_positive_int("eval_every", eval_every)
    optimizer = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=weight_decay)
    history = History()
    start = time.perf_counter()
    bar = tqdm(range(1, steps + 1), desc=desc, disable=not progress, leave=True)
    for step in bar:
        model.train()
        inputs, targets = make_batch(step)
        loss = cross_entropy(model(inputs), targets)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        if clip_norm:
            nn.utils.clip_grad_norm_(model.parameters(), clip_norm)
        optimizer.step()
        history.steps.append(step)
        loss_value = loss.item()
        history.losses.append(loss_value)
        done = step == steps
        elapsed = time.perf_counter() - start
        if time_budget_s is not None and elapsed >= time_budget_s:
            done = True
        if evaluate is not None and (step % eval_every == 0 or done):
            model.eval()
            with torch.no_grad():
                accuracy = float(evaluate(model))
            history.eval_steps.append(step)
            history.eval_times.append(time.perf_counter() - start)
            history.accuracies.append(accuracy)
            bar.set_postfix(loss=f"{loss_value:.3f}", acc=f"{accuracy:.1%}")
            if target_accuracy is not None and accuracy >= target_accuracy:
                done = True
        if done:
            break
    bar.close()
    model.eval()
    history.seconds = time.perf_counter() - start
    return history


def lr_at(step: int, warmup: int, total: int, peak: float) -> float:
    """Learning rate at ``step`` (0-based): linear warmup 0 → ``peak`` over ``warmup`` steps,
    then cosine decay ``peak`` → 0 at ``total``; 0 after ``total`` (notebook 06b).

    ``lr_at(0, w, T, p) = 0`` when w > 0 (``p`` when w = 0), ``lr_at(w, w, T, p) = p``,
    ``lr_at(T, w, T, p) = 0``. Needs 0 ≤ warmup < total, peak > 0, step ≥ 0 (else ValueError).
    """
    for name, value in (("step", step), ("warmup", warmup), ("total", total)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise fail(f"`{name}`", "ek int ≥ 0", describe(value))
    if warmup >= total:
        raise fail("`warmup`", f"total ({total}) se kam", str(warmup),
                   "warmup ke baad decay ke liye steps bachne chahiye.")
    if isinstance(peak, bool) or not isinstance(peak, (int, float)) or not peak > 0:
        raise fail("`peak`", "ek positive number", describe(peak))
    if step < warmup:
        return peak * step / warmup
    progress = min(1.0, (step - warmup) / (total - warmup))
    return peak * 0.5 * (1.0 + math.cos(math.pi * progress))
