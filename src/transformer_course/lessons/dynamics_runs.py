"""Notebook 06b_training_dynamics, the runs: one small training loop with the knobs the notebook
turns (LR schedule, optimizer, gradient clipping, label smoothing, dropout, a fixed small train
set), the experiments built on it, and ``sweep_warmup`` (record ``training_dynamics``).
``dynamics.py`` prints the sentences and draws the pictures; it imports from here, not back."""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F
from torch import nn

from ..data.tasks import reversal_batch
from ..model.tiny_models import TinyTransformer
from ..model.training import lr_at

CHANCE_LOSS = math.log(10)  # 10 digits, uniform guess
HELD_OUT_SEED, SMALL_TRAIN_SEED, VALIDATION_SEED = 5, 7, 6


def held_out_set(n: int = 512) -> tuple[torch.Tensor, torch.Tensor]:
    """Reversal sequences from the held-out split (checksum 0): never in any training batch."""
    return reversal_batch(n, generator=torch.Generator().manual_seed(HELD_OUT_SEED), split="held_out")


def validation_set(n: int = 256) -> tuple[torch.Tensor, torch.Tensor]:
    """A second held-out-split set, for choosing a step (early stopping); the test set
    ``held_out_set`` only reports. Rows also in the test set are dropped (none for these seeds)."""
    x, y = reversal_batch(n, generator=torch.Generator().manual_seed(VALIDATION_SEED), split="held_out")
    test = {tuple(row) for row in held_out_set()[0].tolist()}
    keep = torch.tensor([tuple(row) not in test for row in x.tolist()])
    return x[keep], y[keep]


def small_train_set(n: int = 48) -> tuple[torch.Tensor, torch.Tensor]:
    """A fixed, small training set (train split only, so disjoint from ``held_out_set``)."""
    return reversal_batch(n, generator=torch.Generator().manual_seed(SMALL_TRAIN_SEED))


def expected_calibration_error(probs: torch.Tensor, targets: torch.Tensor, bins: int = 10) -> float:
    """ECE: Σ_bins (share of tokens in bin) · |accuracy − mean confidence|, confidence = max prob."""
    confidence, guess = probs.max(-1)
    confidence, right = confidence.flatten(), (guess == targets).flatten().float()
    edges = torch.linspace(0, 1, bins + 1)
    ece = 0.0
    for lo, hi in zip(edges[:-1], edges[1:], strict=True):
        inside = (confidence > lo) & (confidence <= hi)
        if inside.any():
            ece += float(inside.float().mean()) * abs(float(right[inside].mean() - confidence[inside].mean()))
    return ece


def _finite(value: float) -> float | None:
    return value if math.isfinite(value) else None


def train_run(*, seed: int, lr: float, steps: int = 100, warmup: int = 0, num_layers: int = 2,
              norm_first: bool = False, optimizer: str = "adam", clip: float | None = None,
              label_smoothing: float = 0.0, dropout: float = 0.0, train_set=None,
              batch: int = 64, eval_every: int = 25, schedule=None, d_model: int = 32,
              validation: bool = False, progress: bool = False) -> dict:
    """Train a TinyTransformer (the course's own Encoder of EncoderBlocks; post-norm unless
    ``norm_first``) on 8-digit reversal. The LR follows ``schedule(step)`` if given, else
    ``lr_at(step, warmup, steps, lr)``. Fresh batches each step, or batches drawn from a fixed
    ``train_set``. Per step: LR and the gradient norm *before* clipping. Every ``eval_every``
    steps: held-out (test) loss and token accuracy, the train-set loss when ``train_set`` is given,
    and with ``validation`` the loss and accuracy on ``validation_set`` too. A run
    whose loss or gradient turns NaN/inf is evaluated once more and stopped there."""
    from tqdm.auto import tqdm

    torch.manual_seed(seed)
    model = TinyTransformer(10, d_model=d_model, nhead=4, num_layers=num_layers,
                            dim_feedforward=2 * d_model, max_len=8, dropout=dropout,
                            norm_first=norm_first)
    opt = (torch.optim.Adam(model.parameters(), lr=lr) if optimizer == "adam"
           else torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9))
    data = torch.Generator().manual_seed(100 + seed)
    xh, yh = held_out_set()
    xv, yv = validation_set() if validation else (None, None)
    out = {"lr": [], "grad_norm": [], "eval_steps": [], "held_out_loss": [], "held_out_accuracy": [],
           "train_loss": [], **({"val_loss": [], "val_accuracy": []} if validation else {})}
    for step in tqdm(range(steps), desc="training", disable=not progress, leave=False):
        rate = schedule(step) if schedule is not None else lr_at(step, warmup, steps, lr)
        for group in opt.param_groups:
            group["lr"] = rate
        if train_set is None:
            x, y = reversal_batch(batch, generator=data)
        else:
            pick = torch.randint(0, len(train_set[0]), (batch,), generator=data)
            x, y = train_set[0][pick], train_set[1][pick]
        model.train()
        loss = F.cross_entropy(model(x).flatten(0, 1), y.flatten(), label_smoothing=label_smoothing)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        norm = float(nn.utils.clip_grad_norm_(model.parameters(), clip if clip else math.inf))
        opt.step()
        out["lr"].append(rate)
        out["grad_norm"].append(_finite(norm))
        blown = not (math.isfinite(norm) and math.isfinite(loss.item()))  # NaN from here on: stop
        if (step + 1) % eval_every == 0 or step + 1 == steps or blown:
            model.eval()
            with torch.no_grad():
                logits = model(xh)
                out["eval_steps"].append(step + 1)
                out["held_out_loss"].append(_finite(float(F.cross_entropy(logits.flatten(0, 1), yh.flatten()))))
                out["held_out_accuracy"].append(float((logits.argmax(-1) == yh).float().mean()))
                if validation:
                    val_logits = model(xv)
                    out["val_loss"].append(_finite(float(F.cross_entropy(val_logits.flatten(0, 1),
                                                                         yv.flatten()))))
                    out["val_accuracy"].append(float((val_logits.argmax(-1) == yv).float().mean()))
                if train_set is not None:
                    train_logits = model(train_set[0])
                    out["train_loss"].append(_finite(float(F.cross_entropy(
                        train_logits.flatten(0, 1), train_set[1].flatten()))))
        if blown:
            break
    probs = logits.float().softmax(-1)
    out["confidence"] = _finite(float(probs.max(-1).values.mean()))
    out["ece"] = expected_calibration_error(probs, yh) if torch.isfinite(probs).all() else None
    return out


def final(run: dict, key: str = "held_out_loss") -> float:
    """The last evaluation's value; a diverged (NaN) run counts as +inf loss."""
    value = run[key][-1]
    return math.inf if value is None else value


def best(run: dict, key: str = "held_out_loss") -> tuple[float, int]:
    """(lowest value of ``key``, the step it came at): what early stopping on ``key`` would keep."""
    values = [math.inf if v is None else v for v in run[key]]
    i = min(range(len(values)), key=values.__getitem__)
    return values[i], run["eval_steps"][i]


def at_step(run: dict, step: int, key: str = "held_out_loss") -> float:
    """``key``'s value at evaluation step ``step``."""
    value = run[key][run["eval_steps"].index(step)]
    return math.inf if value is None else value


def early_stop(run: dict) -> dict:
    """Early stopping done fairly: the step is chosen on the validation loss, and the test
    (held-out) loss and accuracy are read at that step."""
    _, step = best(run, "val_loss")
    return {"step": step, "loss": at_step(run, step), "accuracy": at_step(run, step, "held_out_accuracy")}


def _runs(arms: dict[str, dict], seeds, desc: str, progress: bool = True) -> dict[str, list[dict]]:
    """Every arm (name → train_run keywords) over every seed, with one progress bar."""
    from tqdm.auto import tqdm

    jobs = [(name, seed) for name in arms for seed in seeds]
    out: dict[str, list[dict]] = {name: [] for name in arms}
    for name, seed in tqdm(jobs, desc=desc, disable=not progress, leave=False):
        out[name].append(train_run(seed=seed, **arms[name]))
    return out

# ---------------------------------------------------------------- the live experiments

OVERFIT = {"lr": 3e-3, "steps": 240, "batch": 32, "eval_every": 20, "num_layers": 2, "validation": True}
OVERFIT_KEYS = ("eval_steps", "train_loss", "val_loss", "val_accuracy", "held_out_loss", "held_out_accuracy")


def overfit_runs(seeds=(0, 1), dropout: float = 0.2, train_size: int = 48, steps: int = OVERFIT["steps"],
                 progress=True):
    """48 fixed training sequences, 240 steps: without dropout vs with it (same everything else).
    Evaluated on train, validation (choose the step) and held-out test (report)."""
    train = small_train_set(train_size)
    cfg = {**OVERFIT, "steps": steps, "train_set": train}
    arms = {"bina dropout": cfg, f"dropout {dropout}": {**cfg, "dropout": dropout}}
    runs = _runs(arms, seeds, "overfitting", progress)
    return {arm: [{"seed": seed, **{k: r[k] for k in OVERFIT_KEYS}} for seed, r in zip(seeds, rs, strict=True)]
            for arm, rs in runs.items()}


CLIPPING = {"lr": 1.0, "steps": 100, "optimizer": "sgd", "num_layers": 2}


def clipping_runs(seeds=(0, 1, 2), clip: float = 1.0, low_lr: float = 0.3, progress=True):
    """SGD (momentum 0.9), post-norm: LR 1.0 without clipping and with clipping at ``clip``, and
    LR ``low_lr`` without clipping (does a smaller LR alone do what clipping did?)."""
    arms = {"bina clipping": dict(CLIPPING), f"clip {clip:g}": {**CLIPPING, "clip": clip},
            f"bina clipping, LR {low_lr:g}": {**CLIPPING, "lr": low_lr}}
    return _runs(arms, seeds, "clipping", progress)


SMOOTHING = {"lr": 1e-2, "steps": 100, "warmup": 10, "num_layers": 2}


def smoothing_runs(seeds=(0, 1, 2), smoothing: float = 0.1, progress=True):
    """Fresh batches, post-norm, warmup 10, 100 steps: plain cross-entropy vs label smoothing ``smoothing``."""
    arms = {"bina smoothing": dict(SMOOTHING),
            f"smoothing {smoothing:g}": {**SMOOTHING, "label_smoothing": smoothing}}
    return _runs(arms, seeds, "label smoothing", progress)


# ---------------------------------------------------------------- the sweep (record "training_dynamics")

WARMUP = {"steps": 100, "num_layers": 4, "warmup": 25, "lrs": [1e-2, 3e-2], "eval_every": 25}


def warmup_arms(lr: float, steps: int, num_layers: int, warmup: int) -> dict[str, dict]:
    """Post-norm (Adam) with/without warmup and with/without clipping at 1.0; pre-norm as a reference."""
    base = {"lr": lr, "steps": steps, "num_layers": num_layers, "eval_every": steps // 4}
    return {"post-norm, bina warmup": dict(base),
            f"post-norm, warmup {warmup}": {**base, "warmup": warmup},
            "post-norm, bina warmup, clip 1": {**base, "clip": 1.0},
            f"post-norm, warmup {warmup}, clip 1": {**base, "warmup": warmup, "clip": 1.0},
            "pre-norm, bina warmup": {**base, "norm_first": True}}


def sweep_warmup(quick: bool = False) -> dict:
    """Two experiments, 5 seeds each. (1) 4 post-norm encoder blocks, Adam, two LRs: with/without
    warmup × with/without clipping, and pre-norm without either; the same steps, data and
    held-out set for every arm. (2) ``overfit_runs``: 48 training sequences, without/with dropout,
    every curve (train, validation, test)."""
    seeds = [0] if quick else [0, 1, 2, 3, 4]
    cfg = {**WARMUP, "steps": 8, "num_layers": 2, "warmup": 2, "lrs": [3e-2]} if quick else dict(WARMUP)
    runs = []
    for lr in cfg["lrs"]:
        arms = warmup_arms(lr, cfg["steps"], cfg["num_layers"], cfg["warmup"])
        for arm, runs_of_arm in _runs(arms, seeds, f"LR {lr:g}").items():
            for seed, run in zip(seeds, runs_of_arm, strict=True):
                runs.append({"arm": arm, "lr": lr, "seed": seed,
                             **{k: run[k] for k in ("eval_steps", "held_out_loss", "held_out_accuracy")},
                             "max_grad_norm": max((g for g in run["grad_norm"] if g is not None),
                                                  default=None)})
    overfit = overfit_runs(seeds, steps=20 if quick else OVERFIT["steps"])
    return {"results": {"runs": runs, "overfit": overfit, "chance_loss": CHANCE_LOSS}, "seeds": seeds,
            "config": {**cfg, "overfit": {k: v for k, v in OVERFIT.items() if k != "validation"},
                       "overfit_sets": "train 48 (fixed), validation 256, test 512 (held-out split)", "d_model": 32, "nhead": 4, "dim_feedforward": 64, "batch": 64,
                       "optimizer": "Adam", "schedule": "lr_at: linear warmup, cosine decay to 0",
                       "task": "reverse 8 digits, held-out = checksum split (512)"}}
