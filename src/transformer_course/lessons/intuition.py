"""Notebook 01_transformer_intuition: shapes, parameter counts and the big-picture figures.

* ``build_encoder`` / ``draw_encoder_summary``: the explorer (counts by ``model.encoder_param_breakdown``).
* ``draw_dependencies``: the code-level proof of "RNN step by step, Transformer sab ek saath".
* ``encoder_layer_flops`` / ``cost_rows`` / ``crossover_length`` / ``draw_flops_vs_length``: the
  honest price of attention: which matmuls grow with n², which with n, and where n² takes over
  (``pytorch_encoder_layer_flops`` asks PyTorch's own FLOP counter; ``recurrent_layer_flops`` the RNN side).
  The counting lives in ``intuition_cost.py``; this module draws it and re-exports its names.
* ``inputs_seen`` (from the checks of the batch_first exercise): how many input vectors one
  output vector depends on; it shows what a layout means.
* ``draw_rnn_vs_transformer`` / ``draw_encoder_decoder``: the two overview pictures."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import torch
from matplotlib.patches import FancyBboxPatch
from torch import nn

from ..errors import fail, require_layer_sizes, require_positive_int, require_tensor
from ..grading.intuition_checks import inputs_seen as inputs_seen  # tc.intuition.inputs_seen
from ..grading.intuition_checks import (  # tc.intuition.pytorch_encoder_layer_flops
    pytorch_encoder_layer_flops as pytorch_encoder_layer_flops,
)
from ..model.param_counts import encoder_param_breakdown
from .intuition_cost import (  # noqa: F401 (re-exported: tc.intuition.<name>)
    LINEAR_PARTS,
    QUADRATIC_PARTS,
    cheaper_than_recurrent_below,
    cost_rows,
    cost_sentence,
    crossover_length,
    encoder_layer_flops,
    flops_split,
    recurrent_layer_flops,
)
from .plotting import COLORS, arrow, box

# The seed's example sentence: exactly 10 words, the seed encoder's seq_len.
SENTENCE = "The cat sat on the mat because it was warm".split()


def build_encoder(d_model: int = 512, nhead: int = 8, num_layers: int = 2,
                  dim_feedforward: int = 2048, *, batch_first: bool = True,
                  device: str | torch.device = "meta") -> nn.TransformerEncoder:
    """A real ``nn.TransformerEncoder``, by default on the ``meta`` device.

    On ``meta`` tensors have shapes but no data, so even a huge encoder is built instantly and
    a forward pass only works out the output shape. ``enable_nested_tensor=False`` keeps
    PyTorch quiet about its inference fast path (it warns, e.g., when nhead is odd).
    """
    require_layer_sizes(d_model, nhead, dim_feedforward)
    require_positive_int("num_layers", num_layers)
    with torch.device(device):
        layer = nn.TransformerEncoderLayer(d_model, nhead, dim_feedforward,
                                           batch_first=batch_first)
        return nn.TransformerEncoder(layer, num_layers, enable_nested_tensor=False)


# ------------------------------------------------------------------ explorer

def _count_formatter(top: float):
    """Axis labels like 2M / 40K / 300 instead of matplotlib's 1e6 offset."""
    from matplotlib.ticker import FuncFormatter

    scale, unit = (1e6, "M") if top >= 1e6 else (1e3, "K") if top >= 1e3 else (1, "")
    return FuncFormatter(lambda v, _: "0" if v == 0 else f"{v / scale:g}{unit}")


def draw_encoder_summary(d_model: int = 512, nhead: int = 8, num_layers: int = 2,
                         seq_len: int = 10, dim_feedforward: int = 2048, batch: int = 1) -> None:
    """Explorer body: shapes, per-head size and parameters of a real encoder on ``meta``.

    Prints a friendly note (instead of raising) when d_model does not split into nhead heads.
    """
    for name, value in (("d_model", d_model), ("nhead", nhead), ("num_layers", num_layers),
                        ("seq_len", seq_len), ("dim_feedforward", dim_feedforward),
                        ("batch", batch)):
        require_positive_int(name, value)
    if d_model % nhead != 0:
        valid = [h for h in range(1, min(d_model, 16) + 1) if d_model % h == 0]
        print(f"⚠️  d_model={d_model} ko nhead={nhead} heads me barabar nahi baant sakte "
              f"({d_model} % {nhead} = {d_model % nhead}).\n"
              f"   Har head ko d_model // nhead dimensions milte hain, isliye poora bantna zaroori hai.\n"
              f"   d_model={d_model} ke liye valid nhead (16 tak): {valid}")
        return
    encoder = build_encoder(d_model, nhead, num_layers, dim_feedforward)
    x = torch.empty(batch, seq_len, d_model, device="meta")
    out = encoder(x)
    parts = encoder_param_breakdown(encoder)
    total = sum(parts.values())
    print(f"input  x.shape   = {tuple(x.shape)}   (batch, seq_len, d_model)   [batch_first=True]")
    print(f"output out.shape = {tuple(out.shape)}   ← wahi shape: transform hota hai, shrink nahi")
    print(f"har head ko      = {d_model} // {nhead} = {d_model // nhead} dimensions")
    print(f"parameters       = {total // num_layers:,} har layer × {num_layers} layers = {total:,}")
    print(f"attention scores = {nhead} heads × {seq_len}×{seq_len} = "
          f"{nhead * seq_len * seq_len:,} har layer, har sentence (seq_len² se badhta hai)")
    quadratic, linear = flops_split(seq_len, d_model, dim_feedforward)
    print(f"matmul FLOPs     = n² hissa (QKᵀ, AV) {quadratic:,} + linear hissa (proj, FFN) "
          f"{linear:,} har layer → n² ka share {quadratic / (quadratic + linear):.1%}")

    labels = {"attention": "self-attention\n(Q, K, V, out)", "ffn": "feed-forward\n(2 Linear)",
              "layernorm": "LayerNorm\n(2 per layer)"}
    colors = [COLORS["transformer"], COLORS["lstm"], COLORS["accent"]]
    fig, ax = plt.subplots(figsize=(7.5, 2.6))
    names = list(labels)
    values = [parts[n] for n in names]
    bars = ax.barh([labels[n] for n in names], values, color=colors)
    ax.invert_yaxis()
    for bar, value in zip(bars, values, strict=True):
        ax.text(bar.get_width(), bar.get_y() + bar.get_height() / 2,
                f"  {value:,} ({100 * value / total:.1f}%)", va="center", fontsize=9)
    ax.set_xlim(0, max(values) * 1.55)
    ax.xaxis.set_major_formatter(_count_formatter(max(values)))
    ax.set_xlabel("parameters (saare layers milakar)")
    ax.set_title(f"Parameters kahan hain? d_model={d_model}, nhead={nhead}, "
                 f"ff={dim_feedforward}, layers={num_layers}")
    fig.tight_layout()  # no plt.show(): tc.explore embeds/updates the figure itself


def draw_dependencies(rnn_dep: torch.Tensor, encoder_dep: torch.Tensor,
                      words: Sequence[str] = SENTENCE):
    """Two panels: which output (row) depends on which input (column), RNN vs encoder."""
    for name, dep in (("rnn_dep", rnn_dep), ("encoder_dep", encoder_dep)):
        require_tensor(name, dep, ndim=2)
        if dep.shape != (len(words), len(words)):
            raise fail(f"`{name}` ka shape", f"({len(words)}, {len(words)})", str(tuple(dep.shape)))
    fig, axes = plt.subplots(1, 2, figsize=(10.5, 4.6))
    panels = [(rnn_dep, "RNN: sirf pichhle words (step by step)", COLORS["rnn"]),
              (encoder_dep, "Transformer encoder: har word, ek saath", COLORS["transformer"])]
    for ax, (dep, title, color) in zip(axes, panels, strict=True):
        seen = (dep > 0).float().cpu().numpy()
        ax.imshow(seen, cmap=plt.matplotlib.colors.ListedColormap(["#f2f2f2", color]),
                  vmin=0, vmax=1)
        ax.set_xticks(range(len(words)), words, rotation=45, ha="right")
        ax.set_yticks(range(len(words)), words)
        ax.set_xticks([i - 0.5 for i in range(1, len(words))], minor=True)
        ax.set_yticks([i - 0.5 for i in range(1, len(words))], minor=True)
        ax.grid(which="minor", color="white", linewidth=1.2)
        ax.tick_params(which="minor", length=0)
        ax.set_xlabel("input word (kisko dekh sakta hai)")
        ax.set_ylabel("output position (kaun dekh raha hai)")
        n = int(seen.sum())
        ax.set_title(f"{title}\n{n} / {seen.size} jode judey hain", fontsize=10)
    fig.tight_layout()
    return fig


# ------------------------------------------------------------------ the price of attention



def draw_flops_vs_length(d_models: Sequence[int] = (64, 512), seed_length: int = 10):
    """Left: both parts' FLOPs against n at the largest d (log–log), crossovers marked.
    Right: the n² part's share of a whole layer (f = 4d) for each d, with the 50 % line."""
    import numpy as np

    if not d_models:
        raise fail("`d_models`", "kam se kam ek d_model", "khaali")
    big, lengths = max(d_models), np.unique(np.logspace(0, 5, 200).astype(int))
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4.4))
    parts = [encoder_layer_flops(int(n), big) for n in lengths]
    for label, keys, style in (("n² hissa: QKᵀ + AV  (4·n²·d)", QUADRATIC_PARTS, "-r"),
                               ("Q, K, V, out projections  (8·n·d²)", LINEAR_PARTS[:1], "--b"),
                               ("projections + FFN  (24·n·d²)", LINEAR_PARTS, "-b")):
        left.loglog(lengths, [sum(p[k] for k in keys) for p in parts], style, label=label)
    for ffn, what, offset in ((False, "sirf attention", (-95, 8)), (True, "poori layer", (8, -16))):
        n_cross = crossover_length(big, ffn=ffn)
        left.plot([n_cross], [flops_split(n_cross, big)[0]], "ok", ms=5)
        left.annotate(f"n={n_cross} ({what})", (n_cross, flops_split(n_cross, big)[0]),
                      textcoords="offset points", xytext=offset, fontsize=8)
    for ax in (left, right):
        ax.axvline(seed_length, color=COLORS["accent"], lw=0.8)
        ax.set_xlabel("sequence length n (tokens)")
    left.text(seed_length * 1.1, 1e3, f"seed: n={seed_length}", fontsize=8, color=COLORS["accent"])
    left.set_ylabel("FLOPs, ek layer, ek sentence")
    left.set_title(f"d_model={big}, d_ff={4 * big}: kaun sa hissa kitna kaam?", fontsize=10)
    left.legend(fontsize=8, loc="upper left")
    for d, color in zip(sorted(d_models), ["tab:orange", "tab:blue", "tab:purple"] * 4, strict=False):
        split = [flops_split(int(n), d) for n in lengths]
        right.semilogx(lengths, [100 * q / (q + li) for q, li in split], color=color,
                       label=f"d_model={d}")
        right.plot([crossover_length(d)], [50], "o", color=color)
        right.annotate(f"n={crossover_length(d)}", (crossover_length(d), 50), color=color,
                       textcoords="offset points", xytext=(5, -14), fontsize=8)
    right.axhline(50, color=COLORS["muted"], lw=0.8, ls=":")
    right.set_ylim(0, 100)
    right.set_ylabel("n² hisse ka share (%)")
    right.set_title("Poori layer (d_ff = 4·d) me n² hisse ka share", fontsize=10)
    right.legend(fontsize=8, loc="upper left")
    fig.tight_layout()
    return fig


def format_bytes(n: int) -> str:
    """1536 → '1.54 KB': three significant digits, powers of 1000 (like disk sizes)."""
    for unit in ("B", "KB", "MB", "GB"):
        if (rounded := float(f"{n:.3g}")) < 1000:
            return f"{rounded:g} {unit}"
        n /= 1000
    return f"{n:,.0f} TB"


# ------------------------------------------------------------------ overview pictures


def draw_rnn_vs_transformer(words: Sequence[str] = SENTENCE, source: int = 1, target: int = 7):
    """Left: an RNN chain h1 → h2 → … (n steps one after another). Right: every word linked to
    every word in one step. The path from ``words[source]`` to ``words[target]`` is highlighted.
    """
    n = len(words)
    if n < 2:
        raise fail("`words`", "kam se kam 2 words", str(n))
    if not (0 <= source < target < n):
        raise fail("source, target", f"0 <= source < target < {n}", f"{source}, {target}")
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4.0))
    red, blue, grey = COLORS["rnn"], COLORS["transformer"], "#b0b0b0"

    # RNN: words below, hidden states above, a chain of arrows between hidden states.
    for i, word in enumerate(words):
        on_path = source <= i <= target
        left.text(i, 0, word, ha="center", va="center", fontsize=9, rotation=40,
                  fontweight="bold" if i in (source, target) else "normal")
        arrow(left, (i, 0.35), (i, 0.82), color=grey, width=1.0)
        left.add_patch(FancyBboxPatch((i - 0.32, 0.85), 0.64, 0.42, boxstyle="round,pad=0.02",
                                      facecolor="#fde0dd" if on_path else "white",
                                      edgecolor=red if on_path else "#555555"))
        left.text(i, 1.06, f"h{i + 1}", ha="center", va="center", fontsize=9)
        left.text(i, 1.45, f"t={i + 1}", ha="center", va="center", fontsize=7, color="#777777")
        if i + 1 < n:
            inside = source <= i < target
            arrow(left, (i + 0.33, 1.06), (i + 0.67, 1.06), color=red if inside else "#555555",
                   width=2.0 if inside else 1.0)
    hops = target - source
    left.annotate("", xy=(target, 1.75), xytext=(source, 1.75),
                  arrowprops=dict(arrowstyle="-|>", color=red, lw=1.5))
    left.text((source + target) / 2, 1.9, f"'{words[source]}' ki baat '{words[target]}' tak: "
              f"{hops} steps", ha="center", color=red, fontsize=9)
    left.set_title(f"RNN / LSTM: {n} steps, ek ke baad ek\n({n} steps one after another)",
                   fontsize=11)

    # Transformer: the same words below (inputs) and above (outputs); every pair is linked.
    for i in range(n):
        for j in range(n):
            highlight = (j == source and i == target)
            if not highlight:
                right.plot([j, i], [0.35, 1.55], color=grey, lw=0.5, alpha=0.6, zorder=1)
    right.plot([source, target], [0.35, 1.55], color=blue, lw=2.6, zorder=2)
    for i, word in enumerate(words):
        weight = "bold" if i in (source, target) else "normal"
        right.text(i, 0, word, ha="center", va="center", fontsize=9, rotation=40, fontweight=weight)
        right.text(i, 1.75, word, ha="center", va="center", fontsize=9, rotation=40,
                   fontweight=weight, color=blue if i == target else "black")
    right.text((n - 1) / 2, 2.12, f"'{words[source]}' → '{words[target]}': 1 step (seedha raasta)"
               f"   ·   keemat: {n}×{n} = {n * n} jode", ha="center", color=blue, fontsize=9)
    right.set_title("Transformer: 1 step, sab ek saath\n(1 step, all together)", fontsize=11)
    right.text(-0.9, 0.95, "input → output", rotation=90, ha="center", va="center",
               fontsize=8, color="#777777")

    for ax in (left, right):
        ax.set_xlim(-1.0, n - 0.3)
        ax.set_ylim(-0.45, 2.3)
        ax.axis("off")
    fig.tight_layout()
    return fig


def draw_encoder_decoder():
    """Overview: input → encoder (self-attention + FFN, ×N) → memory → decoder (masked
    self-attention, cross-attention, FFN, ×N) → next word. A translation example.
    """
    fig, ax = plt.subplots(figsize=(11, 6.2))
    enc_face, dec_face, part = "#dbe9f6", "#fde9d9", "white"
    blue, orange = COLORS["transformer"], COLORS["lstm"]

    # Encoder stack (left).
    box(ax, 0.4, 2.0, 3.6, 4.4, "", enc_face, edge=blue)
    ax.text(2.2, 6.1, "ENCODER  (input ko samajhta hai)", ha="center", fontsize=10,
            fontweight="bold", color=blue)
    box(ax, 0.8, 2.5, 2.8, 1.0, "Self-attention\n(har word → har word)", part)
    box(ax, 0.8, 4.2, 2.8, 1.0, "Feed-forward (FFN)\n(har word alag se)", part)
    arrow(ax, (2.2, 3.55), (2.2, 4.15))
    ax.text(3.8, 4.0, "× N", fontsize=13, fontweight="bold", color=blue, ha="center")
    ax.text(2.2, 5.55, "(har hisse ke baad residual + LayerNorm: notebook 05)", ha="center",
            fontsize=7, color="#555555")
    box(ax, 0.8, 0.95, 2.8, 0.7, "Embedding + positional encoding", "#f2f2f2", fontsize=8)
    arrow(ax, (2.2, 1.7), (2.2, 2.45))
    ax.text(2.2, 0.35, "Input: \"I love India\"", ha="center", fontsize=10)
    arrow(ax, (2.2, 0.55), (2.2, 0.9))

    # Memory: encoder output goes to every decoder layer's cross-attention.
    box(ax, 4.55, 5.35, 1.9, 0.95, "memory\n(har input word ka\ncontext vector)", "#eeeeee",
         fontsize=8)
    arrow(ax, (4.05, 5.8), (4.5, 5.8), color=blue, width=1.8)
    ax.plot([5.5, 5.5], [5.3, 3.78], color=blue, lw=1.8, zorder=3)
    arrow(ax, (5.5, 3.78), (7.25, 3.78), color=blue, width=1.8)
    ax.text(6.35, 3.9, "K, V", ha="center", fontsize=8, color=blue)

    # Decoder stack (right).
    box(ax, 6.9, 1.3, 3.8, 5.3, "", dec_face, edge=orange)
    ax.text(8.8, 6.3, "DECODER  (output banata hai)", ha="center", fontsize=10,
            fontweight="bold", color=orange)
    box(ax, 7.3, 1.8, 2.8, 0.95, "Masked self-attention\n(sirf pichhle words)", part)
    box(ax, 7.3, 3.3, 2.8, 0.95, "Cross-attention\n(memory ko dekhta hai)", part)
    box(ax, 7.3, 4.8, 2.8, 0.95, "Feed-forward (FFN)", part)
    arrow(ax, (8.7, 2.8), (8.7, 3.25))
    arrow(ax, (8.7, 4.3), (8.7, 4.75))
    ax.text(10.4, 3.9, "× N", fontsize=13, fontweight="bold", color=orange, ha="center")
    box(ax, 7.3, 0.45, 2.8, 0.6, "Embedding + positional encoding", "#f2f2f2", fontsize=8)
    arrow(ax, (8.7, 1.1), (8.7, 1.75))
    ax.text(8.7, -0.15, "Ab tak ka output: \"<start> Mujhe India\"", ha="center", fontsize=10)
    arrow(ax, (8.7, 0.05), (8.7, 0.4))

    # Output head.
    box(ax, 7.3, 7.0, 2.8, 0.6, "Linear + softmax", "#f2f2f2", fontsize=9)
    arrow(ax, (8.7, 6.65), (8.7, 6.95))
    ax.text(8.7, 7.95, "Agla word: \"se\"  (phir \"pyaar\", \"hai\", … ek-ek karke)",
            ha="center", fontsize=10, color=orange, fontweight="bold")
    arrow(ax, (8.7, 7.65), (8.7, 7.85))

    ax.set_xlim(0, 11)
    ax.set_ylim(-0.4, 8.3)
    ax.axis("off")
    ax.set_title("Encoder–decoder Transformer (translation ka example)", fontsize=12)
    fig.tight_layout()
    return fig
