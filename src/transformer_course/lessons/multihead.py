"""Notebook 04_multi_head_attention: the head split drawn, per-head heatmaps, hand-set heads.

Where the time of a forward pass goes (the module vs PyTorch's layer vs the fused kernel) lives in
``multihead_speed.py``; its names are re-exported here as ``tc.multihead.<name>``."""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import torch
from matplotlib.patches import Rectangle

from ..errors import fail, require_divisible, require_positive_int, require_tensor
from ..model.multi_head_attention import MultiHeadAttention, SelfAttention
from .multihead_speed import (  # noqa: F401 (re-exported: tc.multihead.<name>)
    CHAIN,
    EXPLICIT,
    FUSED,
    MODULE,
    PIECES,
    REFERENCE_NAME,
    TORCH_FAST,
    TORCH_WEIGHTS,
    WAYS,
    biggest_piece,
    chain_gap,
    compare_ways,
    cost_pieces,
    enough_rounds,
    explicit_by_hand,
    measure_attention_ways,
    median_seconds,
    module_name,
    piece_rounds,
    profile_call,
    python_vs_cpp,
    round_ratios,
    sdpa_by_hand,
    size_line,
    speed_report,
)
from .plotting import heatmap

# ---------------------------------------------------------------- pictures

HEAD_COLORS = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#b07aa1", "#76b7b2", "#edc948",
               "#9c755f"]


def draw_head_split(seq_len: int = 4, d_model: int = 12, num_heads: int = 3):
    """Coloured blocks: one sentence's (L, D) features cut into H slices of (L, D/H).

    Every cell shows its feature number, so you can follow each number into its head.
    Returns the matplotlib Figure.
    """
    for name, value in (("seq_len", seq_len), ("d_model", d_model), ("num_heads", num_heads)):
        require_positive_int(name, value)
    require_divisible("d_model", d_model, "num_heads", num_heads)
    if d_model > 32 or seq_len > 12:
        raise fail("picture ka size", "d_model ≤ 32 aur seq_len ≤ 12 (warna dabbe padhe nahi jaate)",
                   f"d_model={d_model}, seq_len={seq_len}")
    head_dim, gap = d_model // num_heads, 4.0
    width = d_model + gap + num_heads * head_dim + (num_heads - 1)
    fig, ax = plt.subplots(figsize=(max(7.0, 0.42 * width + 1.5), 0.5 * seq_len + 2.6))

    def block(x0, feature, token):
        color = HEAD_COLORS[(feature // head_dim) % len(HEAD_COLORS)]
        ax.add_patch(Rectangle((x0, -token - 1), 1, 1, facecolor=color, alpha=0.8,
                               edgecolor="white", linewidth=1.5))
        ax.text(x0 + 0.5, -token - 0.5, str(feature), ha="center", va="center", fontsize=8,
                color="white")

    for token in range(seq_len):
        ax.text(-0.3, -token - 0.5, f"token {token}", ha="right", va="center", fontsize=9)
        for feature in range(d_model):
            block(feature, feature, token)
    ax.text(d_model / 2, 0.5, f"x: (L, D) = ({seq_len}, {d_model})", ha="center", va="bottom",
            fontsize=10, fontweight="bold")
    for h in range(num_heads):  # which columns go to which head, under the left block
        ax.text(h * head_dim + head_dim / 2, -seq_len - 0.4, f"head {h}", ha="center", va="top",
                fontsize=8, color=HEAD_COLORS[h % len(HEAD_COLORS)], fontweight="bold")

    start = d_model + gap
    middle = -seq_len / 2
    ax.annotate("", xy=(start - 0.4, middle + 0.35), xytext=(d_model + 0.4, middle + 0.35),
                arrowprops=dict(arrowstyle="->", lw=2, color="#333333"))
    ax.text(d_model + gap / 2, middle + 0.55, "split_heads", ha="center", va="bottom", fontsize=9)
    ax.annotate("", xy=(d_model + 0.4, middle - 0.35), xytext=(start - 0.4, middle - 0.35),
                arrowprops=dict(arrowstyle="->", lw=2, color="#999999"))
    ax.text(d_model + gap / 2, middle - 0.55, "merge_heads", ha="center", va="top", fontsize=9,
            color="#666666")
    for h in range(num_heads):
        x0 = start + h * (head_dim + 1)
        for token in range(seq_len):
            ax.text(x0 - 0.1, -token - 0.5, f"t{token}", ha="right", va="center", fontsize=7,
                    color="#555555")
            for j in range(head_dim):
                block(x0 + j, h * head_dim + j, token)
        ax.text(x0 + head_dim / 2, 0.5, f"head {h}: ({seq_len}, {head_dim})", ha="center",
                va="bottom", fontsize=9, color=HEAD_COLORS[h % len(HEAD_COLORS)],
                fontweight="bold")
    ax.text(start + (width - start) / 2, -seq_len - 0.4,
            f"(H, L, D/H) = ({num_heads}, {seq_len}, {head_dim})", ha="center", va="top",
            fontsize=10, fontweight="bold")
    ax.set_xlim(-2.2, width + 0.2)
    ax.set_ylim(-seq_len - 1.4, 1.4)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title("(B, L, D) → (B, H, L, D/H): har head ko features ka apna slice "
                 "(ek sentence dikhaya; B aage waise hi rehta hai)", fontsize=10)
    fig.tight_layout()
    return fig


def plot_heads(weights: torch.Tensor, tokens, head_names=None, title: str | None = None,
               ncols: int | None = None):
    """One heatmap per head: ``weights`` is (H, L, S) for one sentence. Returns the Figure."""
    require_tensor("weights", weights, ndim=3)
    heads, length, source = weights.shape
    tokens = list(tokens)
    if len(tokens) != length or length != source:
        raise fail("tokens", f"{length} words (weights ki L aur S ke barabar)",
                   f"{len(tokens)} words, weights shape {tuple(weights.shape)}")
    names = list(head_names) if head_names is not None else [f"head {h}" for h in range(heads)]
    if len(names) != heads:
        raise fail("head_names", f"{heads} naam", f"{len(names)}")
    ncols = ncols or min(heads, 2)
    nrows = math.ceil(heads / ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(4.6 * ncols, 3.9 * nrows), squeeze=False)
    for h, ax in enumerate(axes.flat):
        if h >= heads:
            ax.axis("off")
        else:
            heatmap(weights[h], tokens, tokens, ax=ax, title=names[h], vmax=1.0,
                    annotate=length <= 6, xlabel="key", ylabel="query")
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


# ---------------------------------------------------------------- a hand-set demo

DEMO_TOKENS = ("the", "small", "dog", "that", "chased", "the", "black", "cat", "was", "hungry")

# For each head: the key position every query position should look at (None = everyone evenly).
DEMO_HEADS = {
    "head 0: pichla word": [0, 0, 1, 2, 3, 4, 5, 6, 7, 8],
    "head 1: adjective ↔ noun": [0, 2, 1, 3, 4, 5, 7, 6, 8, 9],
    "head 2: long range (kaun hungry?)": [0, 1, 2, 2, 2, 5, 6, 7, 2, 2],
    "head 3: sab par thoda-thoda": None,
}


def _handmade_state(strength: float) -> dict[str, torch.Tensor]:
    """nn.MultiheadAttention-style weights of the hand-set heads (see ``handmade_heads``)."""
    length, heads = len(DEMO_TOKENS), len(DEMO_HEADS)
    dim = heads * length  # head_dim = L: each head sees the one-hot position
    w_in = torch.zeros(3 * dim, dim)
    eye = torch.eye(length)
    for h, targets in enumerate(DEMO_HEADS.values()):
        rows = slice(h * length, (h + 1) * length)
        pick = torch.zeros(length, length)
        if targets is not None:
            pick[targets, range(length)] = strength * math.sqrt(length)  # undo the 1/√d_k
        w_in[rows, :length] = pick                               # W_q
        w_in[dim:][rows, :length] = eye                          # W_k
        w_in[2 * dim:][rows, :length] = eye                      # W_v
    return {"in_proj_weight": w_in, "in_proj_bias": torch.zeros(3 * dim),
            "out_proj.weight": torch.eye(dim), "out_proj.bias": torch.zeros(dim)}


def handmade_heads(cls=MultiHeadAttention, strength: float = 4.0):
    """A module whose 4 heads were SET BY HAND (not trained) to look at different things.

    Tokens are one-hot positions; head h's W_q sends position i to the one-hot of the key it
    should look at, W_k and W_v are the identity, so score(i, j) = ``strength`` when j is the
    chosen key, else 0. Works for DEMO_TOKENS only. ``cls`` is built as
    ``cls(D, 4, batch_first=True)`` (nn.MultiheadAttention's names). Returns (module, x), x (1, L, D).
    """
    state = _handmade_state(strength)
    dim = state["out_proj.bias"].numel()
    module = cls(dim, len(DEMO_HEADS), batch_first=True)
    module.load_state_dict(state)
    x = torch.eye(len(DEMO_TOKENS), dim).unsqueeze(0)
    return module.eval(), x


def handmade_self_attention(cls=SelfAttention, strength: float = 4.0):
    """``handmade_heads`` for the core exercise's class: ``cls(D, 4)`` with q_proj, k_proj, v_proj,
    out_proj (the stacked W_q, W_k, W_v cut in three). Returns (module, x), x (1, L, D)."""
    state = _handmade_state(strength)
    dim = state["out_proj.bias"].numel()
    module = cls(dim, len(DEMO_HEADS))
    module.load_state_dict(SelfAttention.state_from_torch(state))
    x = torch.eye(len(DEMO_TOKENS), dim).unsqueeze(0)
    return module.eval(), x
