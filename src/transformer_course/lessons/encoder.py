"""Notebook 05_encoder_block: FFN, LayerNorm vs BatchNorm, dropout, parameter counts, pictures.

Also the exercises' experiments (which tokens a block mixes, a stack without residuals), the
notebook's pictures (post- vs pre-norm, the norm axes) and its explorer. The deep-stack
experiments (residuals and inits, post- vs pre-norm, warmup, the record ``encoder_depth``) live
in ``encoder_depth.py`` (``tc.encoder_depth``); this file draws their pictures."""

from __future__ import annotations

import math
from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
import torch
import torch.nn.functional as F
from matplotlib.patches import Rectangle
from torch import nn

from ..errors import require_positive_int, require_probability, require_tensor
from ..model.encoder_layers import Encoder, EncoderBlock
from .encoder_depth import INITS, at_step, lr_grid, plot_gradient_norms, select
from .plotting import COLORS, arrow, box, to_numpy

# ---------------------------------------------------------------- experiments

def position_wise_gap(ffn: nn.Module, x: torch.Tensor) -> float:
    """max |ffn(x)[..., i, :] − ffn(x[..., i, :])| over tokens: 0 means each token alone."""
    require_tensor("x", x, ndim=(2, 3))
    with torch.no_grad():
        together = ffn(x)
        alone = torch.stack([ffn(x[..., i, :]) for i in range(x.shape[-2])], dim=-2)
    return float((together - alone).abs().max())


def stack_gradient_norms(layers: Sequence[nn.Module], x: torch.Tensor, *, seed: int = 0
                         ) -> tuple[torch.Tensor, torch.Tensor]:
    """Run ``x`` through ``layers``; return (‖∂L/∂input‖ of every layer, the output)."""
    require_tensor("x", x, ndim=3)
    h = x.detach().clone().requires_grad_(True)
    inputs = []
    for layer in layers:
        h.retain_grad()
        inputs.append(h)
        h = layer(h)
    r = torch.randn(h.shape, generator=torch.Generator().manual_seed(seed + 1), dtype=h.dtype)
    (h * r).sum().backward()
    return torch.tensor([float(a.grad.norm()) for a in inputs]), h.detach()


def norm_padding_demo(seed: int = 0) -> dict[str, float]:
    """The same real sentence, normalized in two different batches: does its output change?

    Sentence A (3 real tokens, d=4) is batched (1) with a long sentence B, A padded with zeros,
    and (2) alone. BatchNorm (training mode) treats every token as a sample, pads included, so
    A's outputs depend on its neighbours; LayerNorm looks at one token only.
    """
    gen = torch.Generator().manual_seed(seed)
    a = torch.randn(3, 4, generator=gen) * 2 + 1
    b = torch.randn(6, 4, generator=gen)
    batch_with_b = torch.stack([torch.cat([a, torch.zeros(3, 4)]), b])  # (2, 6, 4)
    alone = a.unsqueeze(0)                                             # (1, 3, 4)
    layer_norm = nn.LayerNorm(4)
    batch_norm = nn.BatchNorm1d(4).train()

    def bn(x):  # every token is one sample: (B, L, d) → (B·L, d)
        return batch_norm(x.reshape(-1, 4)).reshape(x.shape)

    with torch.no_grad():
        ln_gap = (layer_norm(batch_with_b)[0, :3] - layer_norm(alone)[0]).abs().max()
        bn_gap = (bn(batch_with_b)[0, :3] - bn(alone)[0]).abs().max()
        stats_mean = batch_with_b.reshape(-1, 4).mean(0)  # what BatchNorm averaged
        real_mean = torch.cat([a, b]).mean(0)             # real tokens only
    return {"layernorm_gap": float(ln_gap), "batchnorm_gap": float(bn_gap),
            "pad_shift": float((stats_mean - real_mean).abs().max())}


def batchnorm_single_token_error() -> str:
    """The error BatchNorm gives in training for a batch of one sentence with one token."""
    try:
        nn.BatchNorm1d(4).train()(torch.randn(1, 4))
    except ValueError as error:
        return str(error)
    return ""


def dropout_stats(p: float, n: int = 100_000, seed: int = 0) -> dict[str, float]:
    """Dropout on a tensor of ones, in train and in eval mode: what survives, and the mean."""
    require_probability("p", p)
    require_positive_int("n", n)
    torch.manual_seed(seed)
    layer = nn.Dropout(p)
    x = torch.ones(n)
    train = layer.train()(x)
    evaluated = layer.eval()(x)
    kept = train[train != 0]
    return {"p": p, "zero_fraction": float((train == 0).float().mean()),
            "kept_value": float(kept[0]) if kept.numel() else float("nan"),
            "train_mean": float(train.mean()), "eval_mean": float(evaluated.mean()),
            "eval_unchanged": bool(torch.equal(evaluated, x))}


def changed_outputs(block: nn.Module, x: torch.Tensor, token: int, padding=None) -> list[bool]:
    """Add 10 to token ``token`` of one batch_first sentence ``x``: whose outputs changed?"""
    require_tensor("x", x, ndim=3)
    moved = x.clone()
    moved[:, token] += 10.0
    with torch.no_grad():
        gap = block(moved, src_key_padding_mask=padding) - block(x, src_key_padding_mask=padding)
    return (gap.abs().amax(dim=-1)[0] > 1e-6).tolist()


def token_spread(h: torch.Tensor) -> float:
    """How different a sentence's tokens are: mean ‖h_t − mean_t h‖ / mean ‖h_t‖ (0: all alike)."""
    centred = h - h.mean(dim=-2, keepdim=True)
    return float(centred.norm(dim=-1).mean() / h.norm(dim=-1).mean())


def residual_ablation(no_residual: type, depth: int = 6, *, d_model: int = 32, seed: int = 0
                      ) -> dict[str, dict[str, torch.Tensor]]:
    """``depth`` post-norm nn.TransformerEncoderLayer's (seeded, dropout 0) and the same weights
    in ``no_residual`` blocks, on 4 sentences of 10 random tokens. Per variant: "spread"
    (token_spread after each layer, index 0 = input) and "grads" (stack_gradient_norms)."""
    require_positive_int("depth", depth)
    torch.manual_seed(seed)
    config = {"d_model": d_model, "nhead": 4, "dim_feedforward": 4 * d_model, "dropout": 0.0,
              "batch_first": True}
    stacks = {"residual": [nn.TransformerEncoderLayer(**config) for _ in range(depth)],
              "no residual": [no_residual(**config) for _ in range(depth)]}
    for mine, theirs in zip(stacks["no residual"], stacks["residual"], strict=True):
        mine.load_state_dict(theirs.state_dict())
    x = torch.randn(4, 10, d_model, generator=torch.Generator().manual_seed(seed + 7))
    result = {}
    for name, layers in stacks.items():
        h, spread = x, [token_spread(x)]
        with torch.no_grad():
            for layer in layers:
                h = layer(h)
                spread.append(token_spread(h))
        result[name] = {"spread": torch.tensor(spread),
                        "grads": stack_gradient_norms(layers, x, seed=seed)[0]}
    return result


# ---------------------------------------------------------------- pictures

def plot_activations(ax=None):
    """ReLU and GELU (PyTorch's exact, erf-based GELU) on [-4, 4], with their slopes."""
    x = torch.linspace(-4, 4, 401, requires_grad=True)
    if ax is None:
        _, ax = plt.subplots(1, 2, figsize=(10, 3.6))
    left, right = ax
    for name, fn, color in (("ReLU", F.relu, COLORS["rnn"]), ("GELU", F.gelu, COLORS["transformer"])):
        y = fn(x)
        (slope,) = torch.autograd.grad(y.sum(), x)
        left.plot(to_numpy(x), to_numpy(y), color=color, linewidth=2, label=name)
        right.plot(to_numpy(x), to_numpy(slope), color=color, linewidth=2, label=name)
    left.set_title("activation(x): negative side par kya hota hai?")
    right.set_title("slope (gradient): ReLU 0 ya 1, GELU smooth")
    for a in (left, right):
        a.axhline(0, color=COLORS["muted"], linewidth=0.8)
        a.axvline(0, color=COLORS["muted"], linewidth=0.8)
        a.set_xlabel("x")
        a.grid(alpha=0.3)
        a.legend()
    left.annotate("GELU(x) = x·Φ(x)\nthoda sa negative bhi", xy=(-0.75, float(F.gelu(torch.tensor(-0.75)))),
                  xytext=(-3.9, 1.6), arrowprops={"arrowstyle": "->", "color": "#333333"})
    left.figure.tight_layout()
    return left.figure


def draw_norm_axes():
    """Picture: which numbers LayerNorm and BatchNorm average over, on a padded batch."""
    sentences, length, features = 2, 4, 6
    real = [4, 2]  # sentence 2 has two padding tokens
    fig, axes = plt.subplots(1, 2, figsize=(11, 4.4))
    titles = ["LayerNorm: har token (row) apne d_model features par",
              "BatchNorm: har feature (column) poore batch ke tokens par"]
    for panel, (ax, title) in enumerate(zip(axes, titles, strict=True)):
        for s in range(sentences):
            for t in range(length):
                row = s * length + t
                pad = t >= real[s]
                for f in range(features):
                    face = "#dddddd" if pad else "white"
                    ax.add_patch(Rectangle((f, row), 1, 1, facecolor=face, edgecolor="#999999",
                                           hatch="//" if pad else None, linewidth=0.6))
                    if pad:
                        ax.text(f + 0.5, row + 0.5, "0", ha="center", va="center", fontsize=7,
                                color="#666666")
        if panel == 0:  # one group = one row; draw two of them
            for row, color in ((1, COLORS["transformer"]), (5, COLORS["accent"])):
                ax.add_patch(Rectangle((0, row), features, 1, fill=False, edgecolor=color, linewidth=3))
            ax.text(features + 0.15, 1.5, "mean/std\nsirf is\ntoken ka", va="center", fontsize=8,
                    color=COLORS["transformer"])
        else:  # one group = one column, pads included
            for col, color in ((2, COLORS["rnn"]), (4, COLORS["lstm"])):
                ax.add_patch(Rectangle((col, 0), 1, sentences * length, fill=False,
                                       edgecolor=color, linewidth=3))
            ax.text(features + 0.15, 6.5, "padding ke\n0 bhi mean/std\nme gin liye!", va="center",
                    fontsize=8, color=COLORS["rnn"])
        ax.axhline(length, color="black", linewidth=1.5)
        ax.set_xlim(0, features + 1.6)
        ax.set_ylim(sentences * length, 0)
        ax.set_xticks(np.arange(features) + 0.5, [f"f{f}" for f in range(features)])
        labels = [f"s{s + 1}: token {t}" + (" (pad)" if t >= real[s] else "")
                  for s in range(sentences) for t in range(length)]
        ax.set_yticks(np.arange(sentences * length) + 0.5, labels)
        ax.set_xlabel("features (d_model)")
        ax.set_title(title, fontsize=10)
        for side in ("top", "right", "bottom", "left"):
            ax.spines[side].set_visible(False)
        ax.tick_params(length=0)
    fig.tight_layout()
    return fig


def _plus(ax, x, y):
    ax.add_patch(plt.Circle((x, y), 0.2, facecolor="white", edgecolor="#333333", linewidth=1.2))
    ax.text(x, y, "+", ha="center", va="center", fontsize=12, fontweight="bold")


def draw_post_vs_pre_norm():
    """Side-by-side block diagrams: post-norm (paper, PyTorch default) and pre-norm."""
    attn, ffn, norm = "#cfe2f3", "#d9ead3", "#fff2cc"
    fig, axes = plt.subplots(1, 2, figsize=(10, 6.2))
    layouts = {  # (boxes from bottom to top, residual branches as (fork after box i, the "+"))
        "Post-norm (paper, PyTorch default)\nx = LN(x + Sublayer(x))": (
            [("x", None), ("Multi-head attention", attn), ("+", None), ("LayerNorm", norm),
             ("Feed-forward (FFN)", ffn), ("+", None), ("LayerNorm", norm), ("output", None)],
            [(0, 2), (3, 5)]),
        "Pre-norm (norm_first=True)\nx = x + Sublayer(LN(x))": (
            [("x", None), ("LayerNorm", norm), ("Multi-head attention", attn), ("+", None),
             ("LayerNorm", norm), ("Feed-forward (FFN)", ffn), ("+", None), ("output", None)],
            [(0, 3), (3, 6)]),
    }
    for ax, (title, (items, branches)) in zip(axes, layouts.items(), strict=True):
        ys = np.arange(len(items)) * 0.95
        half = {i: 0.2 if label == "+" else 0.31 for i, (label, _) in enumerate(items)}
        for i, (label, face) in enumerate(items):
            if label == "+":
                _plus(ax, 0, ys[i])
            elif face is None:
                ax.text(0, ys[i], label, ha="center", va="center", fontsize=10, fontweight="bold")
            else:
                box(ax, -1.3, ys[i] - 0.31, 2.6, 0.62, label, face, rounding=0.1)
            if i:
                arrow(ax, (0, ys[i - 1] + half[i - 1]), (0, ys[i] - half[i]), shrinkA=0, shrinkB=0)
        for fork, plus in branches:
            y0, side = (ys[fork] + ys[fork + 1]) / 2, 1.75
            ax.plot([0, side, side], [y0, y0, ys[plus]], color=COLORS["rnn"], linewidth=2)
            ax.plot([0], [y0], "o", color=COLORS["rnn"], markersize=5)
            arrow(ax, (side, ys[plus]), (0.2, ys[plus]), color=COLORS["rnn"], shrinkA=0, shrinkB=0)
        fork, plus = branches[0]
        ax.text(1.85, (ys[fork] + ys[plus]) / 2, "residual\n(shortcut)", fontsize=8,
                color=COLORS["rnn"], va="center")
        ax.set_xlim(-1.8, 2.9)
        ax.set_ylim(-0.6, ys[-1] + 0.4)
        ax.set_title(title, fontsize=10)
        ax.axis("off")
    axes[0].text(0, -0.5, "har sub-layer ke baad LayerNorm: residual path par bhi", ha="center",
                 fontsize=8, color=COLORS["muted"])
    axes[1].text(0, -0.5, "residual path saaf: x seedha upar tak; stack ke end me ek final LayerNorm",
                 ha="center", fontsize=8, color=COLORS["muted"])
    fig.tight_layout()
    return fig


def plot_parameter_breakdown(groups: dict[str, int], extra: dict[str, int] | None = None, ax=None):
    """Horizontal bars: parameters per group, in millions, with each group's share."""
    items = dict(groups)
    if extra:
        items.update(extra)
    total = sum(items.values())
    names = list(items)[::-1]
    values = np.array([items[n] for n in names]) / 1e6
    if ax is None:
        _, ax = plt.subplots(figsize=(8.5, 0.42 * len(names) + 1.3))
    colors = [COLORS["accent"] if "FFN" in n else COLORS["transformer"] if "attention" in n
              else COLORS["lstm"] if "mbedding" in n else COLORS["muted"] for n in names]
    bars = ax.barh(names, values, color=colors)
    for bar, v in zip(bars, values, strict=True):
        label = f"{v:.2f}M" if v >= 0.1 else f"{v * 1e6:,.0f}"
        ax.text(bar.get_width() + values.max() * 0.01, bar.get_y() + bar.get_height() / 2,
                f"{label} ({100 * v * 1e6 / total:.1f}%)", va="center", fontsize=8)
    ax.set_xlim(0, values.max() * 1.3)
    ax.set_xlabel("parameters (millions)")
    ax.set_title(f"Paper ka base model: kul {total / 1e6:.2f}M parameters kahan hain?")
    ax.figure.tight_layout()
    return ax


def draw_encoder_explorer(num_layers: int = 6, ff_multiplier: int = 4, norm_first: bool = False,
                          activation: str = "relu", block: type = EncoderBlock) -> None:
    """Explorer body. Left: parameters of such a stack at paper size (d_model=512, 8 heads).
    Right: gradient per layer and output statistics of a small copy (d_model=32, 4 heads)."""
    require_positive_int("num_layers", num_layers)
    require_positive_int("ff_multiplier", ff_multiplier)
    with torch.device("meta"):  # paper size, shapes only
        big = nn.TransformerEncoderLayer(512, 8, ff_multiplier * 512, activation=activation,
                                         norm_first=norm_first)
    per = {"attention": 0, "FFN": 0, "LayerNorm": 0}
    for name, p in big.named_parameters():
        key = "attention" if name.startswith("self_attn") else "FFN" if "linear" in name else "LayerNorm"
        per[key] += p.numel() * num_layers
    torch.manual_seed(0)
    small = Encoder(block(32, 4, ff_multiplier * 32, dropout=0.0, activation=activation,
                          batch_first=True, norm_first=norm_first), num_layers)
    x = torch.randn(4, 10, 32, generator=torch.Generator().manual_seed(7))
    grads, out = stack_gradient_norms(list(small.layers), x)
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 3.8), gridspec_kw={"width_ratios": [1, 1.3]})
    total = sum(per.values())
    bars = left.bar(list(per), [v / 1e6 for v in per.values()],
                    color=[COLORS["transformer"], COLORS["accent"], COLORS["muted"]])
    for bar, v in zip(bars, per.values(), strict=True):
        left.text(bar.get_x() + bar.get_width() / 2, bar.get_height(), f"{v / 1e6:.2f}M",
                  ha="center", va="bottom", fontsize=8)
    left.set_ylabel("parameters (millions)")
    left.set_title(f"{num_layers} layers × d_model 512, d_ff = {ff_multiplier}×512: "
                   f"{total / 1e6:.1f}M", fontsize=9)
    right.semilogy(np.arange(1, num_layers + 1), to_numpy(grads), "o-", color=COLORS["transformer"])
    right.set_xlabel("layer (1 = input ke paas)")
    right.set_ylabel("‖∂L/∂x‖ (log)")
    kind = "pre-norm" if norm_first else "post-norm"
    token_std = out.std(dim=-1)
    right.set_title(f"chhota copy ({kind}, {activation}): output mean {float(out.mean()):+.2f}, "
                    f"har token ka std ≈ {float(token_std.mean()):.2f}", fontsize=9)
    right.set_xlim(0.5, max(num_layers, 2) + 0.5)
    low, high = float(grads.min()), float(grads.max())  # whole decades: readable ticks
    right.set_ylim(10 ** math.floor(math.log10(low) - 0.3), 10 ** math.ceil(math.log10(high) + 0.3))
    right.grid(True, which="major", alpha=0.3)
    fig.tight_layout()
    plt.show()


# ---------------------------------------------------------------- deep stacks (numbers: encoder_depth)

def _band(ax, x, rows, label, color, style="-"):
    """Mean over seeds (the rows) against x, the min–max range shaded."""
    rows = np.array(rows, dtype=float)
    ax.plot(x, rows.mean(0), style, color=color, label=label, marker="o", markersize=3)
    ax.fill_between(x, rows.min(0), rows.max(0), color=color, alpha=0.2)


def plot_init_comparison(curves: dict[str, dict[str, torch.Tensor]]):
    """Section 2: the gradient per layer of each wiring, one panel per init."""
    fig, axes = plt.subplots(1, len(curves), figsize=(12, 4.2), sharey=True)
    for ax, (init, by_variant) in zip(axes, curves.items(), strict=True):
        plot_gradient_norms(by_variant, ax=ax, title=f"32 FFN layers, {INITS[init]}")
    fig.tight_layout()
    return fig


def plot_lr_grid_and_curves(runs, arms, baselines: dict[str, float], ylabel: str, curve_lr=None):
    """Left: final value per LR (each arm: mean, min–max over seeds). Right: the curve over
    steps at ``curve_lr`` (None: each arm's best LR). ``arms``: (label, fields, color, style)."""
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4.4))
    for label, fields, color, style in arms:
        grid = lr_grid(runs, **fields)
        lrs = sorted(grid["by_lr"])
        _band(left, lrs, np.array([grid["by_lr"][lr] for lr in lrs]).T, label, color, style)
        lr = grid["best_lr"] if curve_lr is None else curve_lr
        chosen = select(runs, lr=lr, **fields)
        _band(right, chosen[0]["steps"], [[at_step(r, s) for s in r["steps"]] for r in chosen],
              f"{label} (LR {lr:g})", color, style)
    for ax in (left, right):
        for (name, value), line in zip(baselines.items(), (":", "--"), strict=False):
            ax.axhline(value, color="black", linestyle=line, linewidth=1, label=f"baseline: {name}")
        ax.set_yscale("log")
        ax.set_ylabel(ylabel)
        ax.grid(alpha=0.3, which="major")
        ax.legend(fontsize=7)
    left.set_xscale("log")
    left.set_xlabel("learning rate (har arm ka wahi grid)")
    left.set_title("aakhri step par held-out loss (band: seeds ka min–max)", fontsize=10)
    right.set_xlabel("training step")
    right.set_title("held-out loss, training ke dauraan", fontsize=10)
    fig.tight_layout()
    return fig


def plot_gradient_profiles(profiles: dict[str, list[dict]]):
    """Section 4: per layer, the gradient at its input and of its weights (band over seeds)."""
    fig, axes = plt.subplots(1, 2, figsize=(12, 4))
    colors = {"post-norm": COLORS["rnn"], "pre-norm": COLORS["transformer"]}
    for ax, key, ylabel in zip(axes, ("activation", "parameters"),
                               ("‖∂L/∂x‖ layer ke input par", "‖∂L/∂θ‖ layer ke weights"), strict=True):
        for norm, runs in profiles.items():
            rows = [r[key] for r in runs]
            _band(ax, np.arange(1, len(rows[0]) + 1), rows, f"{norm} ({len(rows)} seeds)", colors[norm])
        ax.set_yscale("log")
        ax.set_xlabel("layer (1 = input ke paas)")
        ax.set_ylabel(ylabel)
        ax.grid(alpha=0.3, which="major")
        ax.legend(fontsize=8)
    fig.tight_layout()
    return fig
