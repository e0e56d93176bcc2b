"""Notebook 06b: model.training.lr_at, lessons.dynamics(_runs), grading.dynamics_checks.

Oracles: lr_at against the formula written out here and against PyTorch's own schedulers
(LambdaLR-free: LinearLR for the warmup, CosineAnnealingLR for the decay, step by step);
the clip_grad_norm check against torch.nn.utils.clip_grad_norm_; the ECE against a loop.
"""

from __future__ import annotations

import math

import pytest
import torch
from torch import nn

import transformer_course as tc
from transformer_course.grading import dynamics_checks as C
from transformer_course.lessons import dynamics as D
from transformer_course.lessons import dynamics_runs as R

# ---------------------------------------------------------------- lr_at


@pytest.mark.parametrize("warmup, total", [(0, 10), (1, 10), (10, 100), (25, 100), (99, 100)])
def test_lr_at_matches_pytorch_schedulers(warmup, total):
    """Warmup = LinearLR from 0; decay = CosineAnnealingLR over total − warmup steps."""
    peak = 0.5
    p = nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([p], lr=peak)
    warm = torch.optim.lr_scheduler.LinearLR(opt, start_factor=1e-12, end_factor=1.0, total_iters=warmup) \
        if warmup else None
    expected = []
    for _ in range(warmup):
        expected.append(opt.param_groups[0]["lr"])  # LinearLR: ~0, then + peak/warmup per step
        opt.step()  # no gradients: changes nothing, keeps PyTorch's step order
        warm.step()
    cos_opt = torch.optim.SGD([nn.Parameter(torch.zeros(1))], lr=peak)
    cosine = torch.optim.lr_scheduler.CosineAnnealingLR(cos_opt, T_max=total - warmup)
    for _ in range(warmup, total + 1):
        expected.append(cos_opt.param_groups[0]["lr"])
        cos_opt.step()
        cosine.step()
    got = [tc.lr_at(s, warmup, total, peak) for s in range(total + 1)]
    assert got == pytest.approx(expected, abs=1e-9)
    if warm is not None:  # LinearLR ends exactly at the peak
        assert opt.param_groups[0]["lr"] == pytest.approx(peak)


def test_lr_at_edges_and_after_the_end():
    assert tc.lr_at(0, 10, 100, 1e-3) == 0.0
    assert tc.lr_at(10, 10, 100, 1e-3) == pytest.approx(1e-3)
    assert tc.lr_at(55, 10, 100, 1e-3) == pytest.approx(5e-4)
    assert tc.lr_at(100, 10, 100, 1e-3) == pytest.approx(0.0, abs=1e-15)
    assert tc.lr_at(500, 10, 100, 1e-3) == pytest.approx(0.0, abs=1e-15)
    assert tc.lr_at(0, 0, 50, 3e-2) == pytest.approx(3e-2)


@pytest.mark.parametrize("args", [(5, 100, 100, 1e-3), (5, 200, 100, 1e-3), (-1, 10, 100, 1e-3),
                                  (5, 10, 100, 0.0), (5, 10, 100, -1.0), (1.5, 10, 100, 1e-3),
                                  (5, -1, 100, 1e-3), (True, 10, 100, 1e-3), (5, 10, 100, "1e-3")])
def test_lr_at_refuses_bad_inputs(args):
    with pytest.raises(ValueError):
        tc.lr_at(*args)


def test_inverse_sqrt_peaks_at_warmup():
    values = [D.inverse_sqrt_lr(s, 20, 1e-3) for s in range(200)]
    assert max(values) == pytest.approx(1e-3, rel=0.06)
    assert values.index(max(values)) in (18, 19)


# ---------------------------------------------------------------- checks: right answers pass, mistakes fail


def _learner_lr(step, warmup, total, peak):
    if step < 0 or warmup < 0 or warmup >= total or peak <= 0:
        raise ValueError("galat")
    if step < warmup:
        return peak * step / warmup
    t = min(1.0, (step - warmup) / (total - warmup))
    return peak * 0.5 * (1 + math.cos(math.pi * t))


def _learner_clip(parameters, max_norm):
    grads = [p.grad for p in parameters if p.grad is not None]
    total = torch.sqrt(sum((g ** 2).sum() for g in grads))
    factor = torch.clamp(max_norm / (total + 1e-6), max=1.0)
    for g in grads:
        g.mul_(factor)
    return total


def test_right_answers_pass(capsys):
    assert C.check_lr_at(_learner_lr)
    assert C.check_clip_grad_norm(_learner_clip)
    assert C.check_clip_grad_norm(lambda ps, m: nn.utils.clip_grad_norm_(ps, m))
    assert C.check_schedule_without_warmup(lambda s: _learner_lr(s, 0, 100, 3e-2), 100, 3e-2)


@pytest.mark.parametrize("diagnosis", list(C.LR_MISTAKES))
def test_lr_mistakes_fail_and_are_named(diagnosis, capsys):
    assert not C.check_lr_at(C.LR_MISTAKES[diagnosis])
    assert diagnosis in capsys.readouterr().out


@pytest.mark.parametrize("diagnosis", list(C.CLIP_MISTAKES))
def test_clip_mistakes_fail_and_are_named(diagnosis, capsys):
    assert not C.check_clip_grad_norm(C.CLIP_MISTAKES[diagnosis])
    assert diagnosis in capsys.readouterr().out


def test_schedule_still_with_warmup_fails(capsys):
    assert not C.check_schedule_without_warmup(lambda s: tc.lr_at(s, 25, 100, 3e-2), 100, 3e-2)
    assert not C.check_schedule_without_warmup(lambda s: 3e-2, 100, 3e-2)
    assert "decay bhi hata di" in capsys.readouterr().out


@pytest.mark.parametrize("diagnosis", list(C.NO_WARMUP_MISTAKES))
def test_no_warmup_mistakes_fail_and_are_named(diagnosis, capsys):
    wrong = C._no_warmup_with(C.NO_WARMUP_MISTAKES[diagnosis], 100, 3e-2)
    assert not C.check_schedule_without_warmup(wrong, 100, 3e-2)
    assert diagnosis in capsys.readouterr().out


def test_no_warmup_written_by_hand_passes(capsys):
    def mine(step):
        return 3e-2 * 0.5 * (1 + math.cos(math.pi * min(1.0, step / 100)))
    assert C.check_schedule_without_warmup(mine, 100, 3e-2)


def test_the_course_reference_passes_its_own_check(capsys):  # TC_REFERENCE_OK=1 in the tests
    assert C.check_lr_at(tc.lr_at)


# ---------------------------------------------------------------- the lesson's measurements


def test_expected_calibration_error_matches_a_loop():
    g = torch.Generator().manual_seed(0)
    probs = torch.softmax(torch.randn(50, 10, generator=g) * 3, -1)
    targets = torch.randint(0, 10, (50,), generator=g)
    conf, guess = probs.max(-1)
    ece = 0.0
    for b in range(10):
        lo, hi = b / 10, (b + 1) / 10
        idx = [i for i in range(50) if lo < conf[i] <= hi]
        if idx:
            acc = sum(float(guess[i] == targets[i]) for i in idx) / len(idx)
            ece += len(idx) / 50 * abs(acc - sum(float(conf[i]) for i in idx) / len(idx))
    assert R.expected_calibration_error(probs, targets) == pytest.approx(ece, abs=1e-6)


def test_small_train_set_is_disjoint_from_held_out():
    x, _ = R.small_train_set()
    xh, _ = R.held_out_set()
    assert not tc.tasks.is_reversal_held_out(x).any() and tc.tasks.is_reversal_held_out(xh).all()


def test_validation_set_is_held_out_and_disjoint_from_test():
    xv, _ = R.validation_set()
    xh, _ = R.held_out_set()
    assert tc.tasks.is_reversal_held_out(xv).all() and len(xv) == 256
    assert not {tuple(r) for r in xv.tolist()} & {tuple(r) for r in xh.tolist()}


def test_early_stop_picks_on_validation_and_reports_test():
    run = {"eval_steps": [10, 20, 30], "val_loss": [2.0, 0.5, 1.0], "held_out_loss": [0.1, 0.9, 0.2],
           "held_out_accuracy": [0.2, 0.4, 0.6]}
    assert R.early_stop(run) == {"step": 20, "loss": 0.9, "accuracy": 0.4}


def test_train_run_is_seeded_and_records_what_it_says():
    a = R.train_run(seed=3, lr=1e-2, steps=6, warmup=2, eval_every=3, clip=1.0)
    b = R.train_run(seed=3, lr=1e-2, steps=6, warmup=2, eval_every=3, clip=1.0)
    assert a == b
    assert a["lr"] == pytest.approx([tc.lr_at(s, 2, 6, 1e-2) for s in range(6)])
    assert a["eval_steps"] == [3, 6] and len(a["grad_norm"]) == 6


def test_schedule_overrides_lr_at():
    run = R.train_run(seed=0, lr=1.0, steps=4, schedule=lambda s: 0.1 * s, eval_every=4)
    assert run["lr"] == pytest.approx([0.0, 0.1, 0.2, 0.3])


def test_sweep_quick_runs():
    out = R.sweep_warmup(quick=True)
    arms = {r["arm"] for r in out["results"]["runs"]}
    assert len(arms) == 5 and out["seeds"] == [0]
    overfit = out["results"]["overfit"]
    assert set(overfit) == {"bina dropout", "dropout 0.2"}
    assert set(R.OVERFIT_KEYS) <= set(overfit["bina dropout"][0]) and overfit["bina dropout"][0]["seed"] == 0


def test_record_lines_and_live_slice_agree():
    record = tc.records.load_record("training_dynamics")
    lines = D.warmup_lines(record)
    assert any("0.03" in line and "bina warmup" in line for line in lines)
    recorded = D.record_arm(record, "post-norm, bina warmup", 3e-2)
    live = R.train_run(seed=0, lr=3e-2, steps=R.WARMUP["steps"], num_layers=R.WARMUP["num_layers"],
                       eval_every=R.WARMUP["steps"] // 4)
    assert tc.claims.agrees(D.final(live), recorded, slack=0.05)


def test_lines_say_what_the_numbers_say():
    fake = {"eval_steps": [10, 20, 30], "held_out_loss": [2.0, 1.0, 1.5], "train_loss": [1.0, 0.5, 0.1],
            "held_out_accuracy": [0.1, 0.3, 0.4], "val_loss": [2.0, 1.0, 1.4], "grad_norm": [1.0, None]}
    good = {**fake, "held_out_loss": [2.0, 1.0, 0.5], "val_loss": [2.0, 1.0, 0.6], "grad_norm": [1.0, 2.0]}
    lines = D.overfit_lines({"bina dropout": [fake], "dropout 0.2": [good]})
    assert "1/1 seeds" in lines[2] and "overfitting" in lines[2]
    assert "1 me se 1 me test accuracy usi dauraan phir bhi badhti rahi" in lines[2]
    assert "step validation loss par chuna: [20]" in lines[3] and "test LOSS 1/1" in lines[4]
    assert "ACCURACY 0/1" in lines[4]
    assert lines[6].startswith("   → 0/1 seeds")
    assert "test loss 1/1 seeds me bina dropout se kam" in lines[-2]
    assert "1/1 seeds me validation loss ka best aakhri step (30)" in lines[-1]
    assert D.best(fake) == (1.0, 20)
    assert D.diverged(fake) and not D.diverged(good)
    clip = D.clipping_lines({"bina clipping": [fake]})
    assert "NaN pehli baar step [2]" in clip[0] and "0%" in clip[1]
    assert D.clipped_share(good, 1.5) == 0.5


def test_record_lines_name_the_verdict():
    record = tc.records.load_record("training_dynamics")
    lines = D.warmup_lines(record)
    verdicts = [line for line in lines if line.startswith("   → LR")]
    assert "make-or-break nahi" in verdicts[0] and "warmup ne faisla kiya" in verdicts[1]
    clip = D.clip_record_lines(record)
    assert "NaN nahi" in clip[0] and "ne seekha" in clip[1]


def test_smoothing_lines_name_under_confidence():
    runs = {"a": [{"confidence": 0.99, "ece": 0.01, "held_out_accuracy": [0.99]}],
            "b": [{"confidence": 0.90, "ece": 0.09, "held_out_accuracy": [0.99]}]}
    lines = D.smoothing_lines(runs)
    assert "ECE: a 0.010 → b 0.090 (badha" in lines[2]
    assert "lagbhag barabar" in lines[4] and "under-confident" in lines[5]
