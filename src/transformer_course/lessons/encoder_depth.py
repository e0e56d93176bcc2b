"""Notebook 05_encoder_block: deep stacks: what residuals and norm placement buy in training.

Section 2: 32 FFN sub-layers, default vs He init: the gradient at init, training with/without
residuals. Section 4: real encoder blocks, post- vs pre-norm: the gradient per layer at init,
training with/without warmup. ``sweep_depth`` (record ``encoder_depth``) and the sentences printed
from the numbers are here; ``encoder.py`` draws the pictures and imports from here, not back."""

from __future__ import annotations

import math
import statistics

import matplotlib.pyplot as plt
import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from ..data.tasks import reversal_batch
from ..errors import fail, require_positive_int
from ..model.encoder_layers import FeedForward
from ..model.positional_encoding import sinusoidal_positional_encoding
from .claims import mean_range, ratio
from .plotting import COLORS, to_numpy

RESIDUAL_VARIANTS = {
    "plain": "bina residual: x ← FFN(x)",
    "layernorm": "bina residual, sirf LayerNorm: x ← LN(FFN(x))",
    "residual": "residual: x ← x + FFN(x)",
    "pre-norm": "residual + pre-norm: x ← x + FFN(LN(x))",
    "post-norm": "residual + post-norm: x ← LN(x + FFN(x))",
}
INITS = {"default": "PyTorch ka default init", "he": "He init"}
TEACHER_SEED, HELD_OUT_SEED = 1234, 999  # section 2's task: its fixed teacher, its held-out set

# ---------------------------------------------------------------- section 2: the FFN stack

def he_init_(ffn: FeedForward) -> FeedForward:
    """He (Kaiming) init, in place: var 2/fan_in before the ReLU, 1/fan_in after it; zero biases."""
    nn.init.kaiming_normal_(ffn.linear1.weight, nonlinearity="relu")
    nn.init.kaiming_normal_(ffn.linear2.weight, nonlinearity="linear")
    nn.init.zeros_(ffn.linear1.bias)
    nn.init.zeros_(ffn.linear2.bias)
    return ffn


_WIRING = {"plain": lambda h, ffn, norm: ffn(h), "layernorm": lambda h, ffn, norm: norm(ffn(h)),
           "residual": lambda h, ffn, norm: h + ffn(h), "pre-norm": lambda h, ffn, norm: h + ffn(norm(h)),
           "post-norm": lambda h, ffn, norm: norm(h + ffn(h))}


class FFNStack(nn.Module):
    """``depth`` FFN sub-layers (d_model → 4·d_model → d_model, no dropout) wired as ``variant``."""

    def __init__(self, depth: int, variant: str = "residual", init: str = "default",
                 d_model: int = 32):
        super().__init__()
        require_positive_int("depth", depth)
        if variant not in RESIDUAL_VARIANTS:
            raise fail("`variant`", " / ".join(RESIDUAL_VARIANTS), repr(variant))
        if init not in INITS:
            raise fail("`init`", " / ".join(INITS), repr(init))
        self.variant = variant
        self.ffns = nn.ModuleList(FeedForward(d_model, 4 * d_model, dropout=0.0) for _ in range(depth))
        self.norms = nn.ModuleList(nn.LayerNorm(d_model) for _ in range(depth))
        if init == "he":
            for ffn in self.ffns:
                he_init_(ffn)

    def forward(self, h: torch.Tensor, inputs: list | None = None) -> torch.Tensor:
        """``inputs``: a list that receives each sub-layer's input (with its grad retained)."""
        for ffn, norm in zip(self.ffns, self.norms, strict=True):
            if inputs is not None:
                h.retain_grad()
                inputs.append(h)
            h = _WIRING[self.variant](h, ffn, norm)
        return h


def residual_gradient_norms(depth: int, variant: str = "residual", *, init: str = "default",
                            d_model: int = 32, tokens: int = 16, seed: int = 0) -> torch.Tensor:
    """‖∂L/∂x_l‖ at the input of each of ``depth`` FFN sub-layers (index 0 = the stack's input).

    The loss is ⟨output, r⟩ for a fixed random r, so the gradient arriving at the top is the
    same for every variant and init."""
    require_positive_int("tokens", tokens)
    torch.manual_seed(seed)
    stack = FFNStack(depth, variant, init, d_model)
    inputs: list = []
    h = stack(torch.randn(tokens, d_model, requires_grad=True), inputs)
    r = torch.randn(h.shape, generator=torch.Generator().manual_seed(seed + 1))
    (h * r).sum().backward()
    return torch.tensor([float(x.grad.norm()) for x in inputs])


def per_layer_factor(grads) -> float:
    """How much one sub-layer scales the gradient passing down: (‖g_first‖ / ‖g_last‖)^(1/(n−1))."""
    grads = [float(g) for g in grads]
    if len(grads) < 2:
        raise fail("`grads`", "kam se kam 2 layers ke gradient", str(len(grads)))
    return (grads[0] / grads[-1]) ** (1 / (len(grads) - 1))


def product_task(n: int, generator: torch.Generator, d_model: int = 32):
    """x ~ N(0, I) and y_k = (a_k·x)(b_k·x) for fixed random a_k, b_k. E[y·x] = 0, so no linear
    model beats predicting the mean: something has to learn a product."""
    teacher = torch.Generator().manual_seed(TEACHER_SEED)
    a, b = (torch.randn(d_model, d_model, generator=teacher) / math.sqrt(d_model) for _ in range(2))
    x = torch.randn(n, d_model, generator=generator)
    return x, (x @ a.T) * (x @ b.T)


def product_baselines(d_model: int = 32) -> dict[str, float]:
    """Held-out MSE of the simplest models: the training mean, and least squares on x."""
    x, y = product_task(20_000, torch.Generator().manual_seed(1), d_model)
    xh, yh = product_task(2048, torch.Generator().manual_seed(HELD_OUT_SEED), d_model)
    w = torch.linalg.lstsq(torch.cat([x, torch.ones(len(x), 1)], 1), y).solution
    linear = torch.cat([xh, torch.ones(len(xh), 1)], 1) @ w
    return {"mean": float((yh - y.mean(0)).pow(2).mean()), "linear": float((yh - linear).pow(2).mean())}


def _finite(value: float) -> float | None:
    return value if math.isfinite(value) else None  # JSON has no NaN: None = "diverged"


def train_ffn_stack(depth: int, variant: str, init: str, lr: float, seed: int, *,
                    steps: int = 400, eval_every: int = 50, d_model: int = 32) -> dict:
    """Adam on the product task (fresh batches of 64); held-out MSE at step 0 and every
    ``eval_every`` steps, on 2048 samples of its own generator (never a training sample)."""
    torch.manual_seed(seed)
    model = FFNStack(depth, variant, init, d_model)
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    data = torch.Generator().manual_seed(10_000 + seed)
    xh, yh = product_task(2048, torch.Generator().manual_seed(HELD_OUT_SEED), d_model)
    out = {"steps": [], "loss": []}
    for step in range(steps + 1):
        if step % eval_every == 0:
            with torch.no_grad():
                out["steps"].append(step)
                out["loss"].append(_finite(float((model(xh) - yh).pow(2).mean())))
        if step == steps:
            break
        x, y = product_task(64, data, d_model)
        loss = (model(x) - y).pow(2).mean()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    return out

# ---------------------------------------------------------------- section 4: real encoder blocks

class ReversalEncoder(nn.Module):
    """Digits → embedding + sinusoidal positions → ``num_layers`` nn.TransformerEncoderLayer
    (each its own random init, dropout 0) → a final LayerNorm (pre-norm only) → a Linear head."""

    def __init__(self, num_layers: int, norm_first: bool, *, d_model: int = 32, length: int = 8):
        super().__init__()
        require_positive_int("num_layers", num_layers)
        self.embed = nn.Embedding(10, d_model)
        self.register_buffer("pe", sinusoidal_positional_encoding(length, d_model), persistent=False)
        self.layers = nn.ModuleList(
            nn.TransformerEncoderLayer(d_model, 4, 2 * d_model, dropout=0.0, batch_first=True,
                                       norm_first=norm_first) for _ in range(num_layers))
        self.final = nn.LayerNorm(d_model) if norm_first else nn.Identity()
        self.head = nn.Linear(d_model, 10)

    def forward(self, digits: torch.Tensor, inputs: list | None = None) -> torch.Tensor:
        h = self.embed(digits) + self.pe[: digits.shape[1]]
        for layer in self.layers:
            if inputs is not None:
                h.retain_grad()
                inputs.append(h)
            h = layer(h)
        return self.head(self.final(h))


def layer_gradient_profile(num_layers: int, norm_first: bool, seed: int = 0) -> dict[str, list]:
    """At init, the real loss on one reversal batch: per layer, ‖∂L/∂x‖ at its input
    ("activation") and ‖∂L/∂θ‖ of its parameters ("parameters")."""
    torch.manual_seed(seed)
    model = ReversalEncoder(num_layers, norm_first)
    digits, targets = reversal_batch(64, generator=torch.Generator().manual_seed(100 + seed))
    inputs: list = []
    F.cross_entropy(model(digits, inputs).flatten(0, 1), targets.flatten()).backward()
    params = [math.sqrt(sum(float(p.grad.pow(2).sum()) for p in layer.parameters()))
              for layer in model.layers]
    return {"activation": [float(x.grad.norm()) for x in inputs], "parameters": params}


def train_reversal(norm_first: bool, lr: float, warmup: int, seed: int, *, num_layers: int = 12,
                   steps: int = 200, checkpoints=(25, 50, 100, 150, 200)) -> dict:
    """Adam on digit reversal (batches of 64, 8 digits); ``warmup`` > 0: the LR rises linearly over
    that many steps. Held-out (checksum split, never trained on) loss and accuracy at checkpoints."""
    torch.manual_seed(seed)
    model = ReversalEncoder(num_layers, norm_first)
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min(1.0, (s + 1) / warmup) if warmup else 1.0)
    data = torch.Generator().manual_seed(100 + seed)
    xh, yh = reversal_batch(512, generator=torch.Generator().manual_seed(5), split="held_out")
    out = {"steps": [], "loss": [], "accuracy": []}
    for step in range(1, steps + 1):
        digits, targets = reversal_batch(64, generator=data)
        loss = F.cross_entropy(model(digits).flatten(0, 1), targets.flatten())
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        schedule.step()
        if step in checkpoints:
            with torch.no_grad():
                logits = model(xh)
                out["steps"].append(step)
                out["loss"].append(_finite(float(F.cross_entropy(logits.flatten(0, 1), yh.flatten()))))
                out["accuracy"].append(float((logits.argmax(-1) == yh).float().mean()))
    return out

# ---------------------------------------------------------------- the sweep (record "encoder_depth")

def sweep_depth(quick: bool = False) -> dict:
    """Section 2: the 32-layer FFN stack (plain / residual × default / He init) and a 1-layer FFN,
    an LR grid, 3 seeds. Section 4: 12 post- or pre-norm encoder layers, with and without warmup,
    an LR grid, 3 seeds. The same grid, steps and data for every arm."""
    seeds = [0] if quick else [0, 1, 2]
    ffn = {"depth": 2 if quick else 32, "lrs": [1e-3] if quick else [1e-4, 3e-4, 1e-3, 3e-3],
           "steps": 4 if quick else 400, "eval_every": 2 if quick else 50}
    enc = {"num_layers": 2 if quick else 12, "lrs": [1e-2] if quick else [1e-3, 3e-3, 1e-2],
           "steps": 4 if quick else 200, "warmup": 2 if quick else 50,
           "checkpoints": [2, 4] if quick else [25, 50, 100, 150, 200]}
    runs = []
    for depth, variants in ((ffn["depth"], ("plain", "residual")), (1, ("plain",))):
        for variant in variants:
            for init in INITS:
                for lr in ffn["lrs"]:
                    for seed in seeds:
                        curve = train_ffn_stack(depth, variant, init, lr, seed, steps=ffn["steps"],
                                                eval_every=ffn["eval_every"])
                        runs.append({"depth": depth, "variant": variant, "init": init, "lr": lr,
                                     "seed": seed, **curve})
    warm = []
    for norm in ("post-norm", "pre-norm"):
        for warmup in (0, enc["warmup"]):
            for lr in enc["lrs"]:
                for seed in seeds:
                    curve = train_reversal(norm == "pre-norm", lr, warmup, seed,
                                           num_layers=enc["num_layers"], steps=enc["steps"],
                                           checkpoints=enc["checkpoints"])
                    warm.append({"norm": norm, "warmup": warmup, "lr": lr, "seed": seed, **curve})
    results = {"residual_training": {"runs": runs, "baselines": product_baselines()},
               "warmup": {"runs": warm, "chance_loss": math.log(10), "chance_accuracy": 0.1}}
    return {"results": results, "seeds": seeds,
            "config": {"ffn_stack": {**ffn, "d_model": 32, "batch": 64, "optimizer": "Adam"},
                       "encoder": {**enc, "d_model": 32, "nhead": 4, "dim_feedforward": 64,
                                   "batch": 64, "optimizer": "Adam", "task": "reverse 8 digits"}}}


def select(runs: list[dict], **where) -> list[dict]:
    """The runs whose fields equal ``where`` (e.g. variant="plain", init="he", lr=1e-3)."""
    return [r for r in runs if all(r[k] == v for k, v in where.items())]


def at_step(run: dict, step: int, key: str = "loss") -> float:
    """A run's value at ``step`` (a diverged run's None counts as infinite)."""
    value = run[key][run["steps"].index(step)]
    return math.inf if value is None else value


def lr_grid(runs: list[dict], key: str = "loss", **arm) -> dict:
    """One arm over its LR grid: each LR's final values over seeds, and the LR with the best mean."""
    by_lr: dict[float, list[float]] = {}
    for run in select(runs, **arm):
        by_lr.setdefault(run["lr"], []).append(at_step(run, run["steps"][-1], key))
    if not by_lr:
        raise fail(f"arm {arm}", "record me kam se kam ek run", "koi nahi")
    best = min(by_lr, key=lambda lr: statistics.fmean(by_lr[lr]))
    return {"by_lr": by_lr, "best_lr": best, "values": by_lr[best]}


def describe(values) -> str:
    """Mean and range over seeds, readable for 0.005 and for 3e4 alike."""
    if not all(math.isfinite(v) for v in values):
        return "diverge (inf/NaN)"
    return mean_range(values, spec=".2f" if 0.01 <= statistics.fmean(values) < 100 else ".1e")


def verdict(values, baseline: float, slack: float = 0.1) -> str:
    """Where a loss stands next to the simplest baseline's loss, in words."""
    mean = statistics.fmean(values)
    if mean < (1 - slack) * baseline:
        return "baseline se neeche: kuch seekha"
    if mean <= (1 + slack) * baseline:
        return "baseline ke barabar: kuch khaas nahi seekha"
    return "baseline se bhi upar: training bigdi"


def _compare(name_a: str, a, name_b: str, b) -> str:
    """Two arms' values over seeds, in the direction their means took; says when ranges overlap."""
    if not all(math.isfinite(v) for v in [*a, *b]):
        return f"{name_a}: {describe(a)}, {name_b}: {describe(b)}"
    text = ratio(name_a, statistics.fmean(a), name_b, statistics.fmean(b), "zyada loss par", "kam loss par")
    if "barabar" in text:
        return text
    if max(min(a), min(b)) <= min(max(a), max(b)):
        return text + " (lekin seeds ki range overlap karti hai: yeh fark seed ke shor se alag nahi)"
    return text + " (seeds ki range alag-alag)"


FFN_ARMS = ((32, "plain", "default"), (32, "residual", "default"), (32, "plain", "he"),
            (32, "residual", "he"), (1, "plain", "default"), (1, "plain", "he"))


def arm_name(depth: int, variant: str, init: str) -> str:
    wiring = "1 FFN layer" if depth == 1 else f"{depth} layers, " + (
        "residual" if variant == "residual" else "bina residual")
    return f"{wiring}, {INITS[init]}"


def ffn_training_lines(results: dict) -> list[str]:
    """Section 2's record in sentences: each arm's best LR next to the baselines."""
    runs, base = results["runs"], results["baselines"]
    lines = [f"baseline: training ka mean → MSE {base['mean']:.2f}; linear regression → "
             f"{base['linear']:.2f}"]
    best = {arm: lr_grid(runs, depth=arm[0], variant=arm[1], init=arm[2])
            for arm in FFN_ARMS if select(runs, depth=arm[0], variant=arm[1], init=arm[2])}
    for arm, grid in best.items():
        lines.append(f"{arm_name(*arm)}: best LR {grid['best_lr']:g}, MSE "
                     f"{describe(grid['values'])} → {verdict(grid['values'], base['mean'])}")
    depth = max(arm[0] for arm in best)
    for init in INITS:
        plain, res = best.get((depth, "plain", init)), best.get((depth, "residual", init))
        if plain and res:
            lines.append(f"{INITS[init]}: " + _compare("residual wala stack", res["values"],
                                                       "bina residual wala", plain["values"]))
    return lines


def warmup_lines(results: dict) -> list[str]:
    """Section 4's record in sentences: per LR, each wiring with and without warmup."""
    runs, chance = results["runs"], results["chance_loss"]
    lines = [f"baseline: har digit random guess → loss ln 10 = {chance:.2f}, accuracy 10%"]
    for lr in sorted({r["lr"] for r in runs}):
        for norm in ("post-norm", "pre-norm"):
            finals = {}
            for warmup in sorted({r["warmup"] for r in runs}):
                arm = select(runs, norm=norm, warmup=warmup, lr=lr)
                finals[warmup] = [at_step(r, r["steps"][-1]) for r in arm]
                accuracy = statistics.fmean(at_step(r, r["steps"][-1], "accuracy") for r in arm)
                learned = sum(v < 0.9 * chance for v in finals[warmup])
                lines.append(f"LR {lr:g}, {norm}, " + (f"warmup {warmup} steps" if warmup else
                             "bina warmup") + f": loss {describe(finals[warmup])}, accuracy "
                             f"{accuracy:.0%}, {learned}/{len(arm)} seeds ne seekha → "
                             f"{verdict(finals[warmup], chance)}")
            (_, none), (_, warm) = sorted(finals.items())
            lines.append(f"   → {norm} @ LR {lr:g}: " + _compare("'bina warmup'", none,
                                                            "'warmup ke saath'", warm))
    return lines


def gradient_profiles(num_layers: int = 24, seeds=(0, 1, 2)) -> dict[str, list[dict]]:
    """layer_gradient_profile for post- and pre-norm, one per seed."""
    return {norm: [layer_gradient_profile(num_layers, norm == "pre-norm", s) for s in seeds]
            for norm in ("post-norm", "pre-norm")}


def profile_lines(profiles: dict[str, list[dict]]) -> list[str]:
    """Per wiring: the gradient at the bottom layer next to the top one, and the smallest/largest."""
    lines = []
    for norm, runs in profiles.items():
        n = len(runs[0]["activation"])
        for key, what in (("activation", "‖∂L/∂x‖"), ("parameters", "‖∂L/∂θ‖")):
            bottom, top = [r[key][0] for r in runs], [r[key][-1] for r in runs]
            spread = min(min(r[key]) / max(r[key]) for r in runs)
            lines.append(f"{norm}, {what}: layer 1 par {mean_range(bottom, 4)}, layer {n} par "
                         f"{mean_range(top, 4)} → " + ratio("layer 1", statistics.fmean(bottom),
                         f"layer {n}", statistics.fmean(top), "bada", "chhota") +
                         f"; sabse chhota / sabse bada = {spread:.2f}")
    return lines

# ---------------------------------------------------------------- pictures

def plot_gradient_norms(curves: dict[str, torch.Tensor], ax=None, title=None):
    """Log-scale ‖gradient‖ per layer (1 = the stack's input) for several variants."""
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 4.2))
    styles = {"plain": (COLORS["rnn"], "-"), "layernorm": (COLORS["lstm"], "--"),
              "residual": (COLORS["transformer"], "-"), "pre-norm": (COLORS["accent"], "-."),
              "post-norm": (COLORS["muted"], ":")}
    for name, values in curves.items():
        color, style = styles.get(name, (None, "-"))
        layers = np.arange(1, len(values) + 1)
        ax.semilogy(layers, to_numpy(values), style, color=color, linewidth=2,
                    marker="o", markersize=3, label=RESIDUAL_VARIANTS.get(name, name))
    ax.set_xlabel("layer (1 = sabse neeche, input ke paas)")
    ax.set_ylabel("‖∂L/∂x‖ us layer ke input par (log scale)")
    ax.set_title(title or "Gradient neeche tak pahunchta hai?")
    ax.grid(True, which="major", alpha=0.3)
    ax.legend(fontsize=8, loc="lower right")
    return ax
