"""Notebook 06b_training_dynamics: LR schedules (warmup + decay), overfitting and its cures,
gradient clipping, label smoothing: the sentences printed from the measured numbers and the
pictures. The training loop, the experiments and ``sweep_warmup`` (record ``training_dynamics``)
are in ``dynamics_runs.py``; this module imports from there, not back."""

from __future__ import annotations

import math
import statistics

import matplotlib.pyplot as plt
import numpy as np

from ..model.training import lr_at
from .claims import mean_range
from .dynamics_runs import (  # noqa: F401 (tc.dynamics.<name> for the notebook)
    CHANCE_LOSS,
    CLIPPING,
    OVERFIT,
    SMOOTHING,
    WARMUP,
    at_step,
    best,
    clipping_runs,
    early_stop,
    expected_calibration_error,
    final,
    held_out_set,
    overfit_runs,
    small_train_set,
    smoothing_runs,
    train_run,
    validation_set,
    warmup_arms,
)
from .plotting import COLORS

ARM_COLORS = [COLORS["rnn"], COLORS["transformer"], COLORS["lstm"], COLORS["accent"], COLORS["muted"]]

# ---------------------------------------------------------------- schedules

def inverse_sqrt_lr(step: int, warmup: int, peak: float) -> float:
    """The paper's schedule, scaled to reach ``peak`` at ``warmup``: linear rise, then ∝ 1/√step
    (paper: d_model^-0.5 · min(s^-0.5, s · warmup^-1.5), s = step + 1)."""
    s, w = step + 1, max(warmup, 1)
    return peak * math.sqrt(w) * min(s ** -0.5, s * w ** -1.5)


def schedule_table(lr_fn, warmup: int, total: int, peak: float) -> str:
    """The schedule at its landmarks: step 0, the middle of warmup, warmup, the middle of the
    decay, the last step and the end."""
    steps = sorted({0, warmup // 2, warmup, (warmup + total) // 2, total - 1, total})
    return "\n".join(f"step {s:>4}: lr = {lr_fn(s, warmup, total, peak):.6f}" for s in steps)


def plot_schedule(lr_fn, warmup: int, total: int, peak: float, ax=None, *, paper: bool = True,
                  title: str | None = None):
    """The LR over steps: ``lr_fn`` (warmup + cosine) and, faint, the paper's inverse-√ schedule."""
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 3.4))
    steps = np.arange(total + 1)
    ax.plot(steps, [lr_fn(int(s), warmup, total, peak) for s in steps], color=COLORS["transformer"],
            lw=2, label="warmup + cosine decay (lr_at)")
    if paper:
        ax.plot(steps, [inverse_sqrt_lr(int(s), warmup, peak) for s in steps], color=COLORS["muted"],
                ls="--", label="paper: warmup + 1/√step")
    if warmup:
        ax.axvline(warmup, color=COLORS["accent"], lw=1, ls=":")
        ax.annotate(f"warmup = {warmup}", (warmup, peak * 0.1), xytext=(6, 0), textcoords="offset points",
                    color=COLORS["accent"], fontsize=9)
    ax.set_xlabel("step")
    ax.set_ylabel("learning rate")
    ax.set_ylim(0, peak * 1.15)
    ax.set_title(title or f"LR schedule: peak {peak:g}, {total} steps")
    ax.legend(loc="upper right", fontsize=8)
    return ax


def draw_schedule(warmup: int, peak: float, total: int) -> None:
    """Explorer: the schedule for the sliders' values, and its landmarks (no training)."""
    warmup = min(warmup, total - 1)
    plot_schedule(lr_at, warmup, total, peak)
    plt.tight_layout()
    plt.show()
    print(schedule_table(lr_at, warmup, total, peak))

# ---------------------------------------------------------------- sentences from the numbers

def _fmt(values, spec=".3f") -> str:
    values = [math.inf if v is None else v for v in values]
    if not all(math.isfinite(v) for v in values):
        bad = sum(not math.isfinite(v) for v in values)
        finite = [v for v in values if math.isfinite(v)]
        return f"{bad}/{len(values)} seeds NaN/inf (diverge)" + (
            f", baaki: {mean_range(finite, spec=spec)}" if finite else "")
    return mean_range(values, spec=spec)


def overfit_summary(runs: dict[str, list[dict]], rise: float = 0.1) -> dict[str, dict]:
    """Per arm, per seed: did the test loss rise ``rise`` above its lowest (overfitting by loss)?
    Did test accuracy still grow from that lowest-loss step to the end? Early stopping with the
    step chosen on validation loss, read on test; and the last step's test loss and accuracy."""
    out = {}
    for arm, rs in runs.items():
        lowest = [best(r) for r in rs]
        stops = [early_stop(r) for r in rs]
        out[arm] = {
            "seeds": [r.get("seed", i) for i, r in enumerate(rs)],
            "overfit": [final(r) > b + rise for r, (b, _) in zip(rs, lowest, strict=True)],
            "acc_at_lowest": [at_step(r, s, "held_out_accuracy") for r, (_, s) in zip(rs, lowest, strict=True)],
            "last_loss": [final(r) for r in rs], "last_acc": [final(r, "held_out_accuracy") for r in rs],
            "train_loss": [final(r, "train_loss") for r in rs],
            "stop_step": [e["step"] for e in stops], "stop_loss": [e["loss"] for e in stops],
            "stop_acc": [e["accuracy"] for e in stops], "last_step": rs[0]["eval_steps"][-1]}
    return out


def overfit_lines(runs: dict[str, list[dict]], rise: float = 0.1) -> list[str]:
    """The overfitting experiment in sentences: loss AND token accuracy on the test set, early
    stopping (step chosen on validation, reported on test), and dropout vs none per seed."""
    summary = overfit_summary(runs, rise)
    lines = [f"baseline: random guess → loss ln 10 = {CHANCE_LOSS:.2f}, token accuracy 10%"]
    for arm, s in summary.items():
        n, k = len(s["seeds"]), sum(s["overfit"])
        grew = sum(last >= at for last, at, o in zip(s["last_acc"], s["acc_at_lowest"], s["overfit"],
                                                     strict=True) if o)
        lines.append(f"{arm}: train loss (aakhir me) {_fmt(s['train_loss'])} | test loss aakhir me "
                     f"{_fmt(s['last_loss'])}, test token-accuracy aakhir me {_fmt(s['last_acc'], '.2f')}")
        lines.append(f"   → {k}/{n} seeds me test loss apne sabse kam se {rise} se zyada upar gaya "
                     "(loss ke hisaab se overfitting)"
                     + (f"; un {k} me se {grew} me test accuracy usi dauraan phir bhi badhti rahi" if k else ""))
        lines.append(f"   → early stopping (step validation loss par chuna: {s['stop_step']}), test par: loss "
                     f"{_fmt(s['stop_loss'])}, accuracy {_fmt(s['stop_acc'], '.2f')}  |  aakhri step "
                     f"{s['last_step']}: loss {_fmt(s['last_loss'])}, accuracy {_fmt(s['last_acc'], '.2f')}")
        lower = sum(a < b for a, b in zip(s["stop_loss"], s["last_loss"], strict=True))
        higher = sum(a > b for a, b in zip(s["stop_acc"], s["last_acc"], strict=True))
        lines.append(f"   → early stopping vs aakhri step: test LOSS {lower}/{n} seeds me kam (behtar), test "
                     f"ACCURACY {higher}/{n} seeds me zyada (behtar); baaki seeds me barabar ya bura")
    (a, sa), (b, sb) = list(summary.items())[:2]
    n = len(sa["seeds"])
    loss_wins = sum(y < x for x, y in zip(sa["last_loss"], sb["last_loss"], strict=True))
    acc_wins = sum(y > x for x, y in zip(sa["last_acc"], sb["last_acc"], strict=True))
    lines.append(f"aakhri step par, seed-by-seed: {b} ka test loss {loss_wins}/{n} seeds me {a} se kam, "
                 f"test accuracy {acc_wins}/{n} me zyada")
    still = sum(step == sb["last_step"] for step in sb["stop_step"])
    lines.append(f"{b}: {still}/{n} seeds me validation loss ka best aakhri step ({sb['last_step']}) par: "
                 "model abhi bhi sudhar raha tha. Yeh tulna isi step budget par hai.")
    return lines


def diverged(run: dict) -> bool:
    """NaN/inf anywhere, or a final held-out loss above chance."""
    return (any(g is None for g in run["grad_norm"]) or not math.isfinite(final(run))
            or final(run) > CHANCE_LOSS)


def clipped_share(run: dict, max_norm: float = 1.0) -> float:
    """Share of the steps (before any NaN) whose gradient norm was above ``max_norm``."""
    norms = [g for g in run["grad_norm"] if g is not None]
    return sum(g > max_norm for g in norms) / max(len(norms), 1)


def clipping_lines(runs: dict[str, list[dict]], max_norm: float = 1.0) -> list[str]:
    """Per arm: how many seeds blew up or learned, the largest gradient norm, the share of steps
    above ``max_norm``, the final held-out loss and token accuracy."""
    lines = []
    for arm, rs in runs.items():
        norms = [max((g for g in r["grad_norm"] if g is not None), default=math.nan) for r in rs]
        nan_steps = [next((i + 1 for i, g in enumerate(r["grad_norm"]) if g is None), None) for r in rs]
        learned = sum(final(r) < 0.5 * CHANCE_LOSS for r in rs)
        lines.append(f"{arm}: sabse bada grad norm {_fmt(norms, '.2g')}, NaN pehli baar step "
                     f"{nan_steps} par (None = kabhi nahi), held-out loss aakhir me "
                     f"{_fmt([final(r) for r in rs])}, {sum(map(diverged, rs))}/{len(rs)} seeds "
                     f"bigde (NaN ya loss > ln 10), {learned}/{len(rs)} ne seekha (loss < ln 10 / 2)")
        lines.append(f"   → {arm}: steps jin par norm > {max_norm:g} (clip 1 hota to kadam chhota hota): "
                     f"{_fmt([clipped_share(r, max_norm) for r in rs], '.0%')}")
    return lines


def smoothing_summary(runs: dict[str, list[dict]]) -> dict[str, dict[str, float]]:
    """Per arm: mean confidence (max probability), accuracy and ECE on held-out, over seeds."""
    return {arm: {key: statistics.fmean(r[key] if key != "accuracy" else final(r, "held_out_accuracy")
                                        for r in rs) for key in ("confidence", "accuracy", "ece")}
            for arm, rs in runs.items()}


def smoothing_lines(runs: dict[str, list[dict]]) -> list[str]:
    """Per arm: confidence, accuracy and ECE over seeds; then both arms compared, in the
    direction the means took (ranges that overlap are said to overlap); then confidence vs
    accuracy (over- or under-confident)."""
    lines = []
    for arm, rs in runs.items():
        lines.append(f"{arm}: mean max-probability (confidence) {_fmt([r['confidence'] for r in rs])}, "
                     f"held-out token accuracy {_fmt([final(r, 'held_out_accuracy') for r in rs])}, "
                     f"ECE {_fmt([r['ece'] for r in rs])}")
    (a, ra), (b, rb) = list(runs.items())[:2]
    for key, label in (("ece", "ECE"), ("accuracy", "accuracy")):
        va = [final(r, "held_out_accuracy") if key == "accuracy" else r[key] for r in ra]
        vb = [final(r, "held_out_accuracy") if key == "accuracy" else r[key] for r in rb]
        lines.append(f"→ {label}: {a} {statistics.fmean(va):.3f} → {b} {statistics.fmean(vb):.3f} "
                     f"({_change(va, vb)})")
    for arm, s in smoothing_summary(runs).items():
        gap = s["confidence"] - s["accuracy"]
        word = ("over-confident (confidence > accuracy)" if gap > 0.02 else
                "under-confident (confidence < accuracy)" if gap < -0.02 else "lagbhag barabar (faasla < 0.02)")
        lines.append(f"→ {arm}: confidence − accuracy = {s['confidence']:.3f} − {s['accuracy']:.3f} = "
                     f"{gap:+.3f}: {word}")
    return lines


def _change(va, vb, same: float = 0.005) -> str:
    """'badha'/'ghata'/'lagbhag barabar' from a to b, and whether the seeds' ranges overlap."""
    ma, mb = statistics.fmean(va), statistics.fmean(vb)
    word = "lagbhag barabar" if abs(mb - ma) < same else ("badha" if mb > ma else "ghata")
    overlap = max(min(va), min(vb)) <= min(max(va), max(vb))
    return word + ("; seeds ki ranges overlap karti hain, pakka fark nahi" if overlap else
                   "; seeds ki ranges overlap nahi karti")


def warmup_lines(record: dict, learned_below: float = 0.5) -> list[str]:
    """The record per LR and arm: final held-out loss, token accuracy, seeds that learned (loss
    below ``learned_below`` · ln 10); then warmup vs none per LR: means, ranges (overlap or not),
    learned counts, and whether warmup decided learning or only helped."""
    runs = record["results"]["runs"]
    threshold = learned_below * CHANCE_LOSS
    lines = [f"baseline: random guess → loss ln 10 = {CHANCE_LOSS:.2f}, token accuracy 10%. "
             f"'seekh gaya' = held-out loss < {threshold:.2f} (ln 10 ka aadha)"]
    yes = [final(r, "held_out_accuracy") for r in runs if final(r) < threshold]
    no = [final(r, "held_out_accuracy") for r in runs if final(r) >= threshold]
    lines.append(f"   accuracy me: record ke 'seekh gaya' runs ki token accuracy {min(yes):.0%}–{max(yes):.0%}"
                 + (f", baaki runs ki {min(no):.0%}–{max(no):.0%}" if no else ""))
    for lr in sorted({r["lr"] for r in runs}):
        finals = {}
        for arm in dict.fromkeys(r["arm"] for r in runs):
            finals[arm] = record_arm(record, arm, lr)
            accuracy = record_arm(record, arm, lr, "held_out_accuracy")
            lines.append(f"LR {lr:g}, {arm}: held-out loss {_fmt(finals[arm])}, token accuracy "
                         f"{_fmt(accuracy, '.2f')}, {sum(v < threshold for v in finals[arm])}/"
                         f"{len(accuracy)} seeds ne seekha")
        none = finals["post-norm, bina warmup"]
        warm = next(v for k, v in finals.items() if k.startswith("post-norm, warmup") and "clip" not in k)
        n_none, n_warm = sum(v < threshold for v in none), sum(v < threshold for v in warm)
        overlap = max(min(none), min(warm)) <= min(max(none), max(warm))
        verdict = (f"warmup ne faisla kiya: {n_warm}/{len(warm)} vs {n_none}/{len(none)} seeds ne seekha"
                   if abs(n_warm - n_none) * 2 > len(warm) else
                   f"dono me {n_warm}/{len(warm)} vs {n_none}/{len(none)} ne seekha: warmup make-or-break nahi")
        worse = sorted(v for v in none if v > max(warm))
        lines.append(f"   → LR {lr:g}, post-norm: loss warmup ke saath {_fmt(warm)}, bina {_fmt(none)}; "
                     + ("ranges overlap karti hain" if overlap else "ranges overlap nahi karti")
                     + f"; bina warmup ke {len(worse)}/{len(none)} seeds warmup ke sabse bure seed "
                     f"({max(warm):.3f}) se bhi upar" + (f" ({worse[0]:.2f}–{worse[-1]:.2f})" if worse else "")
                     + "; " + verdict)
    return lines


def clip_record_lines(record: dict, lr: float = 3e-2, warmup: int = 25) -> list[str]:
    """What clip 1 did with Adam in the record: the no-warmup runs' loss vs ln 10 and their largest
    gradient norm; and clip 1 after warmup vs no clip after warmup."""
    threshold = 0.5 * CHANCE_LOSS
    arm = "post-norm, bina warmup, clip 1"
    loss, norm = record_arm(record, arm, lr), record_arm(record, arm, lr, "max_grad_norm")
    lines = [f"LR {lr:g}, {arm}: held-out loss {_fmt(loss)} (ln 10 = {CHANCE_LOSS:.3f}: har digit par "
             f"lagbhag barabar probability, yani model collapse hua; NaN "
             f"{'nahi' if all(map(math.isfinite, loss)) else 'bhi'}), sabse bada grad norm (clip se "
             f"pehle) {_fmt(norm, '.2f')}"]
    plain, clip = (record_arm(record, f"post-norm, warmup {warmup}{c}", lr) for c in ("", ", clip 1"))
    lines.append(f"LR {lr:g}, warmup {warmup} ke baad: clip 1 ke saath loss {_fmt(clip)}, "
                 f"{sum(v < threshold for v in clip)}/{len(clip)} ne seekha; bina clip {_fmt(plain)}, "
                 f"{sum(v < threshold for v in plain)}/{len(plain)} ne seekha ({_change(plain, clip)})")
    return lines


def record_arm(record: dict, arm: str, lr: float, key: str = "held_out_loss") -> list[float]:
    """One arm's final values over seeds, from the record (a number per run, e.g. max_grad_norm, as is)."""
    return [r[key] if not isinstance(r[key], list) else final(r, key)
            for r in record["results"]["runs"] if r["arm"] == arm and r["lr"] == lr]

# ---------------------------------------------------------------- pictures

def plot_overfit(runs: dict[str, list[dict]], rise: float = 0.1):
    """Per arm (columns): train and test loss over steps (top) and test token accuracy (bottom),
    every seed (seed 0 dark); a dot at the early-stopping step (chosen on validation). A panel
    says which seeds did not overfit (test loss never rose ``rise`` above its lowest)."""
    summary = overfit_summary(runs, rise)
    fig, axes = plt.subplots(2, len(runs), figsize=(10, 5.6), sharex=True, sharey="row")
    for col, (arm, rs) in enumerate(runs.items()):
        top, bottom = axes[0, col], axes[1, col]
        for i, r in enumerate(rs):
            alpha, first = (1.0, True) if i == 0 else (0.3, False)
            top.plot(r["eval_steps"], r["train_loss"], color=COLORS["transformer"], alpha=alpha,
                     label="train loss (48 fixed)" if first else None)
            top.plot(r["eval_steps"], r["held_out_loss"], color=COLORS["rnn"], alpha=alpha,
                     label="test loss (512)" if first else None)
            bottom.plot(r["eval_steps"], r["held_out_accuracy"], color=COLORS["accent"], alpha=alpha,
                        label="test token accuracy" if first else None)
            stop = early_stop(r)
            top.plot([stop["step"]], [stop["loss"]], "o", color=COLORS["rnn"], alpha=alpha,
                     label="early stop (validation se chuna)" if first else None)
            bottom.plot([stop["step"]], [stop["accuracy"]], "o", color=COLORS["accent"], alpha=alpha)
        top.axhline(CHANCE_LOSS, color=COLORS["muted"], ls=":", lw=1, label="random guess (ln 10)")
        calm = [seed for seed, o in zip(summary[arm]["seeds"], summary[arm]["overfit"], strict=True) if not o]
        note = ("test loss sab seeds me badha" if not calm else
                f"seed {', '.join(map(str, calm))} me test loss nahi badha (overfitting nahi)")
        top.set_title(f"{arm}\n{note}", fontsize=9)
        bottom.set_xlabel("step")
    axes[0, 0].legend(fontsize=7, loc="lower right", bbox_to_anchor=(1, 0.1))
    axes[0, 0].set_ylim(0, max(CHANCE_LOSS, *(v for rs in runs.values() for r in rs
                                              for v in r["held_out_loss"] if v is not None)) * 1.05)
    axes[0, 0].set_ylabel("loss")
    axes[1, 0].set_ylabel("test token accuracy")
    axes[1, 0].set_ylim(0, 1)
    fig.tight_layout()
    return axes


def plot_grad_norms(runs: dict[str, list[dict]], ax=None, max_norm: float = 1.0):
    """Gradient norm (before clipping) per step, log scale; a × where a run first hit NaN; a
    dashed line at ``max_norm`` (above it, clipping shortens the step)."""
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 3.8))
    for color, (arm, rs) in zip(ARM_COLORS, runs.items(), strict=False):
        for i, r in enumerate(rs):
            norms = [math.nan if g is None else g for g in r["grad_norm"]]
            ax.plot(range(1, len(norms) + 1), norms, color=color, alpha=0.9 if i == 0 else 0.4,
                    lw=1.2, label=arm if i == 0 else None)
            bad = next((k for k, g in enumerate(r["grad_norm"]) if g is None), None)
            if bad is not None and bad > 0:
                ax.plot([bad], [norms[bad - 1]], "x", color=color, ms=9, mew=2)
    ax.axhline(max_norm, color="black", ls="--", lw=1, label=f"max_norm = {max_norm:g} (iske upar clip)")
    ax.set_yscale("log")
    ax.set_xlabel("step")
    ax.set_ylabel("grad norm (clip se pehle)")
    ax.set_title("Gradient norm: × = yahan ke baad NaN")
    ax.legend(fontsize=8)
    plt.tight_layout()
    return ax


def plot_warmup_record(record: dict, ax=None):
    """Final held-out loss per arm and LR, one dot per seed (from the record)."""
    runs = record["results"]["runs"]
    arms = list(dict.fromkeys(r["arm"] for r in runs))
    lrs = sorted({r["lr"] for r in runs})
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 3.8))
    width = 0.8 / len(lrs)
    for j, lr in enumerate(lrs):
        for i, arm in enumerate(arms):
            values = [min(v, 3.0) for v in record_arm(record, arm, lr)]
            xs = i + (j - (len(lrs) - 1) / 2) * width + np.linspace(-0.08, 0.08, len(values))
            ax.plot(xs, values, "o", color=ARM_COLORS[j], alpha=0.75,
                    label=f"LR {lr:g}" if i == 0 else None)
    ax.axhline(CHANCE_LOSS, color=COLORS["muted"], ls=":", lw=1)
    ax.text(len(arms) - 0.5, CHANCE_LOSS * 1.03, "random guess", color=COLORS["muted"], fontsize=8,
            ha="right")
    ax.set_ylim(-0.1, CHANCE_LOSS * 1.12)
    ax.set_xticks(range(len(arms)))
    ax.set_xticklabels([a.replace(", ", ",\n", 1) for a in arms], fontsize=8)
    ax.set_ylabel("held-out loss (aakhir me)")
    cfg = record["config"]
    ax.set_title(f"{cfg['num_layers']} encoder blocks, Adam, {cfg['steps']} steps: har dot ek seed")
    ax.legend(fontsize=8, loc="center left")
    plt.tight_layout()
    return ax
