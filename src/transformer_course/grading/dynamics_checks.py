"""Notebook 06b's exercise checks: the LR schedule ``lr_at`` (warmup + cosine decay), the Modify
"warmup hata dijiye" (a schedule without warmup), ``clip_grad_norm`` by hand (checked against
``torch.nn.utils.clip_grad_norm_`` on random gradients) and the reasons of the predictions.

LR_MISTAKES, NO_WARMUP_MISTAKES and CLIP_MISTAKES are the catalogues of typical mistakes, each one
the reference with that mistake built in; a check names the one whose results equal the learner's.
"""

from __future__ import annotations

import math

import torch
from torch import nn

from ..model.training import lr_at
from .checks import Case, check
from .hints import first_level, register
from .predictions import explain

__all__ = ["check_lr_at", "check_schedule_without_warmup", "check_clip_grad_norm"]  # tc.<name>

# ---------------------------------------------------------------- Implement: lr_at

LR_AT_HINT = register(
    "lr_at",
    idea="Do hisse: warmup ke steps me LR 0 se peak tak seedhi line me chadhta hai; uske baad "
         "cosine ki tarah peak se 0 tak utarta hai, aur total ke baad 0 hi rehta hai.",
    shapes="Sab Python floats. step < warmup: peak · step / warmup. Warna progress = (step − warmup) "
           "/ (total − warmup), 1 par rok dijiye; LR = peak · ½ · (1 + cos(π · progress)). Galat "
           "input (warmup ≥ total, step < 0, peak ≤ 0) par ValueError.",
    code="if step < warmup: return peak * step / warmup; progress = min(1.0, (step - warmup) / "
         "(total - warmup)); return peak * 0.5 * (1 + math.cos(math.pi * progress)).")


def _lr_with(mistake: str):
    """``lr_at`` with one typical mistake built in (same input checks as the reference)."""
    def schedule(step, warmup, total, peak):
        lr_at(step, warmup, total, peak)  # the same ValueError on bad inputs
        if step < warmup:
            return peak * ((step + 1) if mistake == "step + 1" else step) / warmup
        progress = (step - warmup) / (total - warmup)
        if mistake == "progress over total":
            progress = step / total
        if mistake != "no clamp":
            progress = min(1.0, progress)
        if mistake == "linear decay":
            return peak * max(0.0, 1.0 - progress)
        if mistake == "no decay":
            return float(peak)
        return peak * 0.5 * (1.0 + math.cos(math.pi * progress))
    return schedule


LR_MISTAKES = {
    "warmup me (step + 1) / warmup liya: step 0 par LR 0 hona chahiye (step / warmup).":
        _lr_with("step + 1"),
    "decay seedhi line (linear) me kiya; yahan cosine chahiye: ½ · (1 + cos(π · progress)).":
        _lr_with("linear decay"),
    "decay ka progress step / total se naapa; warmup ke baad ginti shuru hoti hai: "
    "(step − warmup) / (total − warmup).": _lr_with("progress over total"),
    "total ke baad progress 1 par roka nahi: cosine wapas upar chadh jaata hai.": _lr_with("no clamp"),
    "warmup ke baad LR peak par hi ruka raha: decay bhi chahiye.": _lr_with("no decay"),
}


def check_lr_at(fn) -> bool:
    """The learner's ``lr_at(step, warmup, total, peak)`` against the reference, edges included."""
    cases = [
        Case("edge: step 0 (warmup 10) → 0", (0, 10, 100, 1e-3)),
        Case("warmup ke beech: step 5 of 10", (5, 10, 100, 1e-3)),
        Case("edge: step = warmup → peak", (10, 10, 100, 1e-3)),
        Case("decay ke beech: step 55 (aadha raasta)", (55, 10, 100, 1e-3)),
        Case("decay: step 30", (30, 10, 100, 2.0)),
        Case("edge: aakhri step 99", (99, 10, 100, 1e-3)),
        Case("edge: step = total → 0", (100, 10, 100, 1e-3)),
        Case("edge: total ke baad (step 150) → 0", (150, 10, 100, 1e-3)),
        Case("edge: warmup 0, step 0 → peak", (0, 0, 50, 3e-2)),
        Case("warmup 0, step 20", (20, 0, 50, 3e-2)),
        Case("galat: warmup ≥ total → ValueError", (5, 100, 100, 1e-3)),
        Case("galat: step −1 → ValueError", (-1, 10, 100, 1e-3)),
        Case("galat: peak 0 → ValueError", (5, 10, 100, 0.0)),
    ]
    return check("lr_at", fn, lr_at, cases, mistakes=LR_MISTAKES, atol=1e-12, rtol=1e-6,
                 hint=first_level(LR_AT_HINT))

# ---------------------------------------------------------------- Modify: remove the warmup

SCHEDULE_WITHOUT_WARMUP_HINT = register(
    "schedule_without_warmup",
    idea="Warmup nahi hai, to decay pehle step se hi shuru: LR peak se shuru hokar cosine ki tarah "
         "total steps me 0 tak utarta hai. Pehle socho: step par 'kitna raasta tay hua' (0 se 1).",
    shapes="Ek step (int) → ek float. progress = step / STEPS, 1 par roka hua (total ke baad bhi 1). "
           "Step 0 → PEAK, step STEPS/2 → PEAK/2, step STEPS aur uske baad → 0.",
    code="progress = min(1.0, step / STEPS); return PEAK * 0.5 * (1 + math.cos(math.pi * progress))")


def _no_warmup_with(mistake: str, total: int, peak: float):
    def schedule(step):
        if mistake == "warmup 1":
            return lr_at(step, 1, total, peak)
        if mistake == "no decay":
            return float(peak)
        progress = step / total if mistake == "no clamp" else min(1.0, step / total)
        if mistake == "linear decay":
            return peak * (1.0 - progress)
        if mistake == "no half":
            return peak * math.cos(math.pi * progress)
        return peak * 0.5 * (1.0 + math.cos(math.pi * progress))
    return schedule


NO_WARMUP_MISTAKES = {
    "warmup 1 step ka reh gaya: step 0 par LR 0 hai. Pehle step se hi PEAK chahiye.": "warmup 1",
    "decay bhi hata di: LR hamesha peak. Sirf warmup hatana tha, cosine decay rehne dijiye.": "no decay",
    "decay seedhi line (linear) me kiya; yahan cosine chahiye: ½ · (1 + cos(π · progress)).": "linear decay",
    "½ · (1 + …) bhool gaye: cos(π · progress) akela −1 tak jaata hai, LR negative ho jaata hai.": "no half",
    "total ke baad progress 1 par roka nahi: cosine wapas upar chadh jaata hai.": "no clamp",
}


def check_schedule_without_warmup(fn, total: int, peak: float) -> bool:
    """``fn(step)`` must equal ``lr_at(step, 0, total, peak)``: peak from step 0, the same decay."""
    steps = sorted({0, 1, 2, total // 10, total // 4, total // 2, total - 1, total, total + total // 5})
    cases = [Case(f"step {s}" + (" (pehla step: peak chahiye)" if s == 0 else
                                 " (total ke baad: 0)" if s > total else ""), (s,)) for s in steps]
    mistakes = {d: _no_warmup_with(kind, total, peak) for d, kind in NO_WARMUP_MISTAKES.items()}
    return check("schedule_without_warmup", fn, lambda step: lr_at(step, 0, total, peak), cases,
                 mistakes=mistakes, atol=1e-12, rtol=1e-6,
                 hint=first_level(SCHEDULE_WITHOUT_WARMUP_HINT))

# ---------------------------------------------------------------- Implement: clip_grad_norm

CLIP_GRAD_NORM_HINT = register(
    "clip_grad_norm",
    idea="Saare parameters ke gradients ko ek lamba vector maaniye. Uski lambai (L2 norm) max_norm "
         "se zyada ho to sab gradients ko ek hi factor se chhota kijiye; kam ho to kuch mat chhediye.",
    shapes="total_norm = √(Σ_p ‖p.grad‖²) (ek number; grad None wale parameters chhodiye). "
           "factor = max_norm / (total_norm + 1e-6), 1 se zyada nahi. Har p.grad in-place guna. "
           "Return: clip se *pehle* ka total_norm (tensor).",
    code="grads = [p.grad for p in parameters if p.grad is not None]; total = torch.sqrt(sum((g ** 2)."
         "sum() for g in grads)); factor = min(1.0, max_norm / (total + 1e-6)); for g in grads: "
         "g.mul_(factor); return total.")


def _run_clip(impl, seed: int, shapes, scale: float, max_norm: float, no_grad: tuple = ()):
    """Random parameters with random gradients (× scale); run ``impl(parameters, max_norm)``;
    return (the norm it returned, every gradient afterwards)."""
    g = torch.Generator().manual_seed(seed)
    params = [nn.Parameter(torch.randn(shape, generator=g)) for shape in shapes]
    for i, p in enumerate(params):
        if i not in no_grad:
            p.grad = torch.randn(p.shape, generator=g) * scale
    norm = impl(params, max_norm)
    norm = torch.as_tensor(norm, dtype=torch.float32).reshape(())
    return norm, tuple(p.grad.clone() for p in params if p.grad is not None)


def _clip_with(mistake: str):
    def clip(parameters, max_norm):
        grads = [p.grad for p in parameters if p.grad is not None]
        if mistake == "per tensor":
            norms = [g.norm() for g in grads]
            for g, n in zip(grads, norms, strict=True):
                g.mul_(torch.clamp(max_norm / (n + 1e-6), max=1.0))
            return torch.stack(norms).norm()
        squares = sum((g ** 2).sum() for g in grads)
        total = squares if mistake == "no sqrt" else torch.sqrt(squares)
        factor = max_norm / (total + 1e-6)
        if mistake != "always scale":
            factor = torch.clamp(factor, max=1.0)
        if mistake != "not in place":
            for g in grads:
                g.mul_(factor)
        if mistake == "norm after":
            return torch.sqrt(sum((g ** 2).sum() for g in grads))
        return total
    return clip


CLIP_MISTAKES = {
    "har tensor ko alag-alag clip kiya; norm saare gradients ka *ek saath* (ek lamba vector) "
    "naapna hai, aur sab ko ek hi factor se guna.": _clip_with("per tensor"),
    "factor ko 1 par roka nahi: norm max_norm se kam ho to bhi gradients bade kar diye. "
    "Tab gradients waise hi rehne chahiye.": _clip_with("always scale"),
    "square root bhool gaye: total_norm = √(Σ ‖g‖²).": _clip_with("no sqrt"),
    "gradients badle hi nahi (naya tensor bana kar chhod diya?): p.grad ko in-place guna "
    "kijiye (mul_).": _clip_with("not in place"),
    "clip ke *baad* ka norm lautaya; PyTorch clip se pehle ka norm lautata hai.": _clip_with("norm after"),
}


def check_clip_grad_norm(fn) -> bool:
    """The learner's ``clip_grad_norm(parameters, max_norm)`` vs ``torch.nn.utils.clip_grad_norm_``:
    the returned norm and every gradient afterwards, random gradients, clip and no-clip cases."""
    shapes = [(4, 3), (3,), (2, 2, 2)]
    cases = [
        Case("bade gradients (norm ≫ max_norm 1): clip hona chahiye", (0, shapes, 10.0, 1.0)),
        Case("chhote gradients (norm < max_norm 5): kuch nahi badalna chahiye", (1, shapes, 0.1, 5.0)),
        Case("ek hi parameter, max_norm 0.5", (2, [(6,)], 3.0, 0.5)),
        Case("ek parameter ka grad None (use chhodiye)", (3, shapes, 5.0, 1.0), {"no_grad": (1,)}),
        Case("bahut saare chhote tensors, max_norm 2", (4, [(2,)] * 8, 1.0, 2.0)),
    ]

    def reference(parameters, max_norm):
        return nn.utils.clip_grad_norm_(parameters, max_norm)

    return check("clip_grad_norm", fn, reference, cases, call=_run_clip, mistakes=CLIP_MISTAKES,
                 names=("total_norm", "gradients (clip ke baad)"), atol=1e-5, rtol=1e-4,
                 hint=first_level(CLIP_GRAD_NORM_HINT))

# ---------------------------------------------------------------- predictions (reasons shown after the guess)

explain("post_norm_without_warmup",
        "Bina warmup ke step 0 se hi poora LR {lr:g}, jab model abhi random hai. Is post-norm model "
        "ka held-out loss {loss:.3f} raha (ln 10 = {chance:.3f} = har digit ko barabar probability). "
        "Record ke {seeds} seeds me se {stuck} nahi seekhe (loss ≥ ln 10 / 2).",
        choices=["seekh gaya", "random guess ke paas"])
explain("smoothing_ece",
        "Smoothing (ε = {eps:g}) ka target khud 1 − ε + ε/10 = {cap:.2f} hai, to model ki confidence "
        "lagbhag wahin rukti hai ({smooth_conf:.3f}), jabki yeh aasaan task lagbhag poora sahi hai "
        "(accuracy {smooth_acc:.3f}). Confidence accuracy se ≈ ε kam: model under-confident, aur ECE "
        "isi faasle ko naapta hai. ECE: bina smoothing {plain:.3f}, smoothing ke saath {smooth:.3f}.",
        choices=["kam", "barabar", "zyada"])
