"""Notebook 04: multi-head attention from scratch, a drop-in twin of nn.MultiheadAttention.

The parameters have PyTorch's names and shapes (``in_proj_weight``, ``in_proj_bias``,
``out_proj``), so ``mine.load_state_dict(torch_mha.state_dict())`` copies the weights and the
two give the same outputs. Masks follow nn.MultiheadAttention's convention: a boolean
``attn_mask`` or ``key_padding_mask`` is True where attention is NOT allowed; a float mask is
added to the scores. Unlike PyTorch (NaN), a query whose keys are all blocked gets zeros.

Also here: the exercise checks of notebook 04, the drawing of the head split, per-head
heatmaps, a hand-set demo whose heads look at different things, the comparison with PyTorch
over many settings, and a small CPU timing helper.
"""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Callable

import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F
from matplotlib.patches import Rectangle
from torch import nn

from .attention import scaled_dot_product_attention
from .checks import Case, check
from .errors import describe, fail, require_divisible, require_positive_int, require_tensor
from .plotting import heatmap

# ---------------------------------------------------------------- heads: split and merge


def split_heads(x: torch.Tensor, num_heads: int) -> torch.Tensor:
    """(B, L, D) → (B, H, L, D/H): each head gets its own slice of the features.

    Head h gets features h·D/H … (h+1)·D/H − 1 of every token.
    """
    require_tensor("x", x, ndim=3, floating=False)
    require_positive_int("num_heads", num_heads)
    batch, length, dim = x.shape
    require_divisible("x ki last dimension (D)", dim, "num_heads", num_heads)
    return x.reshape(batch, length, num_heads, dim // num_heads).transpose(1, 2)


def merge_heads(x: torch.Tensor) -> torch.Tensor:
    """(B, H, L, D/H) → (B, L, D): the heads' outputs side by side again."""
    require_tensor("x", x, ndim=4, floating=False)
    batch, heads, length, head_dim = x.shape
    return x.transpose(1, 2).reshape(batch, length, heads * head_dim)


def parameter_count(embed_dim: int) -> int:
    """Parameters of one multi-head attention layer: W_q, W_k, W_v, W_o (d×d) + 4 biases (d).

    4·d² + 4·d, the same for any number of heads: the heads share out the d features.
    """
    require_positive_int("embed_dim", embed_dim)
    return 4 * embed_dim * embed_dim + 4 * embed_dim


# ---------------------------------------------------------------- the module

def _as_additive(mask: torch.Tensor, dtype: torch.dtype) -> torch.Tensor:
    """PyTorch-style mask (bool True = blocked, or float) → float mask added to scores."""
    if mask.dtype == torch.bool:
        return torch.zeros(mask.shape, dtype=dtype, device=mask.device).masked_fill(mask, float("-inf"))
    return mask.to(dtype)


def _check_mask(name: str, mask, allowed_shapes: list[tuple[int, ...]]) -> None:
    if mask is None:
        return
    if not isinstance(mask, torch.Tensor):
        raise fail(f"`{name}`", "bool ya float tensor (ya None)", describe(mask))
    if mask.dtype != torch.bool and not mask.is_floating_point():
        raise fail(f"`{name}`", "dtype bool (True = block) ya float", f"dtype {mask.dtype}",
                   "nn.MultiheadAttention me True ka matlab hai 'yahan mat dekho'; `mask.bool()` kijiye.")
    if tuple(mask.shape) not in allowed_shapes:
        raise fail(f"`{name}` ka shape", " ya ".join(str(s) for s in allowed_shapes),
                   str(tuple(mask.shape)))


class MultiHeadAttention(nn.Module):
    """Multi-head attention with nn.MultiheadAttention's parameters, arguments and outputs."""

    def __init__(self, embed_dim: int, num_heads: int, dropout: float = 0.0, bias: bool = True,
                 batch_first: bool = False):
        super().__init__()
        require_positive_int("embed_dim", embed_dim)
        require_positive_int("num_heads", num_heads)
        require_divisible("embed_dim", embed_dim, "num_heads", num_heads)
        self.embed_dim, self.num_heads = embed_dim, num_heads
        self.head_dim = embed_dim // num_heads
        self.dropout, self.batch_first = dropout, batch_first
        # One matrix holds W_q, W_k, W_v stacked (3·D, D), exactly as in PyTorch.
        self.in_proj_weight = nn.Parameter(torch.empty(3 * embed_dim, embed_dim))
        self.in_proj_bias = nn.Parameter(torch.zeros(3 * embed_dim)) if bias else None
        self.out_proj = nn.Linear(embed_dim, embed_dim, bias=bias)
        nn.init.xavier_uniform_(self.in_proj_weight)
        if bias:
            nn.init.zeros_(self.out_proj.bias)

    def _check_inputs(self, query, key, value) -> None:
        for name, x in (("query", query), ("key", key), ("value", value)):
            require_tensor(name, x, ndim=(2, 3))
            if x.shape[-1] != self.embed_dim:
                raise fail(f"`{name}` ki last dimension", f"embed_dim = {self.embed_dim}",
                           f"{x.shape[-1]} (shape {tuple(x.shape)})")
        if not query.dim() == key.dim() == value.dim():
            raise fail("query, key, value ke dims", "teeno 3-D (batched) ya teeno 2-D (unbatched)",
                       f"{query.dim()}-D, {key.dim()}-D, {value.dim()}-D")
        if not query.dtype == key.dtype == value.dtype:
            raise fail("query, key, value ke dtypes", "teeno same",
                       f"{query.dtype}, {key.dtype}, {value.dtype}")
        weight_dtype = self.in_proj_weight.dtype
        if query.dtype != weight_dtype and not torch.is_autocast_enabled():
            raise fail("input ka dtype", f"module ke weights jaisa ({weight_dtype})", str(query.dtype),
                       "input par `.to(dtype)` kijiye, ya module par `.double()`/`.float()`.")

    def forward(self, query, key, value, key_padding_mask=None, need_weights: bool = True,
                attn_mask=None, average_attn_weights: bool = True, is_causal: bool = False):
        """Same arguments and outputs as nn.MultiheadAttention.forward.

        Returns (output, weights): output like ``query``; weights (B, L, S) averaged over heads,
        (B, H, L, S) with ``average_attn_weights=False``, or None with ``need_weights=False``.
        ``is_causal`` is only a hint, as in PyTorch: the causal ``attn_mask`` must be given too.
        """
        self._check_inputs(query, key, value)
        if is_causal and attn_mask is None:
            raise fail("`is_causal=True`", "saath me causal `attn_mask`", "attn_mask=None",
                       "PyTorch ki tarah is_causal sirf hint hai; mask bhi dijiye.")
        unbatched = query.dim() == 2
        if unbatched:  # (L, D) → (1, L, D)
            query, key, value = (x.unsqueeze(0) for x in (query, key, value))
        elif not self.batch_first:  # (L, B, D) → (B, L, D)
            query, key, value = (x.transpose(0, 1) for x in (query, key, value))
        if key.shape[:2] != value.shape[:2]:
            raise fail("key aur value ke (batch, seq_len)", "barabar",
                       f"{tuple(key.shape[:2])} aur {tuple(value.shape[:2])}")
        batch, target_len, source_len = query.shape[0], query.shape[1], key.shape[1]
        if key.shape[0] != batch:
            raise fail("query aur key ka batch size", "barabar", f"{batch} aur {key.shape[0]}")
        heads = self.num_heads
        _check_mask("attn_mask", attn_mask, [(target_len, source_len),
                                             (batch * heads, target_len, source_len)])
        padding_shapes = [(source_len,)] if unbatched else [(batch, source_len)]
        _check_mask("key_padding_mask", key_padding_mask, padding_shapes)

        # 1) Project once with the stacked weights, 2) cut the features into heads.
        w_q, w_k, w_v = self.in_proj_weight.chunk(3)
        b_q, b_k, b_v = self.in_proj_bias.chunk(3) if self.in_proj_bias is not None else (None,) * 3
        q = split_heads(F.linear(query, w_q, b_q), heads)
        k = split_heads(F.linear(key, w_k, b_k), heads)
        v = split_heads(F.linear(value, w_v, b_v), heads)

        # 3) One float mask, broadcast to (B, H, L, S): 0 = allowed, -inf = blocked.
        mask = None
        if attn_mask is not None:
            mask = _as_additive(attn_mask, q.dtype)
            if mask.dim() == 3:  # (B·H, L, S), batch-major as in PyTorch
                mask = mask.reshape(batch, heads, target_len, source_len)
        if key_padding_mask is not None:
            padding = _as_additive(key_padding_mask, q.dtype).reshape(batch, 1, 1, source_len)
            mask = padding if mask is None else mask + padding

        # 4) Every head attends on its own (all heads in one batched call), 5) merge, W_o.
        context, weights = scaled_dot_product_attention(q, k, v, mask)
        if self.training and self.dropout > 0:
            weights = F.dropout(weights, p=self.dropout)
            context = weights @ v
        output = self.out_proj(merge_heads(context))

        if unbatched:
            output, weights = output.squeeze(0), weights.squeeze(0)
        elif not self.batch_first:
            output = output.transpose(0, 1)
        if not need_weights:
            return output, None
        if average_attn_weights:
            weights = weights.mean(dim=-3)
        return output, weights


# ---------------------------------------------------------------- comparison with PyTorch

def _randomised_torch_mha(embed_dim: int, num_heads: int, batch_first: bool, dtype, seed: int):
    """nn.MultiheadAttention with random weights AND random biases (PyTorch starts biases at 0)."""
    generator = torch.Generator().manual_seed(seed)
    torch_mha = nn.MultiheadAttention(embed_dim, num_heads, batch_first=batch_first).to(dtype)
    with torch.no_grad():
        for parameter in torch_mha.parameters():
            parameter.copy_(torch.randn(parameter.shape, generator=generator, dtype=dtype)
                            / math.sqrt(embed_dim))
    return torch_mha.eval()


def _settings(dtype=torch.float32) -> list[tuple[str, dict, dict]]:
    """(label, constructor kwargs, forward kwargs) for the comparison cases.

    No query has all of its keys blocked: there PyTorch gives NaN and we give zeros.
    """
    g = torch.Generator().manual_seed(4)
    E, H, B, L, S = 16, 4, 3, 5, 7

    def rand(*shape):
        return torch.randn(*shape, generator=g, dtype=dtype)

    x_bf, x_sf = rand(B, L, E), rand(L, B, E)
    kv_bf = rand(B, S, E)
    padding = torch.tensor([[False] * 5, [False] * 3 + [True] * 2, [False] * 4 + [True]])
    causal = torch.ones(L, L, dtype=torch.bool).triu(1)  # True = future word, blocked
    float_mask = rand(L, L)
    per_head = torch.rand(B * H, L, S, generator=g) < 0.5
    per_head[..., 0] = False  # key 0 always visible → no fully blocked row
    first = dict(embed_dim=E, num_heads=H, batch_first=True)
    seq_first = dict(embed_dim=E, num_heads=H, batch_first=False)

    def self_attn(x, **kw):
        return dict(query=x, key=x, value=x, **kw)

    return [
        ("batch_first=True, self-attention", first, self_attn(x_bf)),
        ("batch_first=False (L, B, E)", seq_first, self_attn(x_sf)),
        ("cross-attention (L=5 queries, S=7 keys)", first, dict(query=x_bf, key=kv_bf, value=kv_bf)),
        ("key_padding_mask (bool)", first, self_attn(x_bf, key_padding_mask=padding)),
        ("key_padding_mask (float)", first,
         self_attn(x_bf, key_padding_mask=_as_additive(padding, dtype))),
        ("attn_mask bool (causal)", first, self_attn(x_bf, attn_mask=causal)),
        ("attn_mask float (score me joda)", first, self_attn(x_bf, attn_mask=float_mask)),
        ("attn_mask 3-D, har head ka alag (B·H, L, S)", first,
         dict(query=x_bf, key=kv_bf, value=kv_bf, attn_mask=per_head)),
        ("causal + padding saath me", first,
         self_attn(x_bf, attn_mask=causal, key_padding_mask=padding)),
        ("average_attn_weights=False (har head)", first,
         self_attn(x_bf, average_attn_weights=False)),
        ("need_weights=False (weights = None)", first, self_attn(x_bf, need_weights=False)),
        ("unbatched input (L, E)", first, self_attn(x_bf[1], key_padding_mask=padding[1])),
        ("unbatched, har head ke weights", seq_first,
         self_attn(x_bf[2], average_attn_weights=False, attn_mask=causal)),
    ]


def max_difference(a, b) -> float:
    """Largest |a − b| over (output, weights) pairs; weights None must match None."""
    worst = 0.0
    for x, y in zip(a, b, strict=True):
        if (x is None) != (y is None):
            return math.inf
        if x is not None:
            if x.shape != y.shape:
                return math.inf
            worst = max(worst, (x - y).abs().max().item() if x.numel() else 0.0)
    return worst


def compare_with_torch(cls=MultiHeadAttention, dtypes=(torch.float32, torch.float64),
                       seed: int = 0) -> list[tuple[str, float]]:
    """Run ``cls`` and nn.MultiheadAttention (same weights, eval) on every setting.

    Returns [(label, max |difference| over outputs and weights)], one row per setting and dtype.
    """
    rows = []
    for dtype in dtypes:
        for label, init, inputs in _settings(dtype):
            torch_mha = _randomised_torch_mha(init["embed_dim"], init["num_heads"],
                                              init["batch_first"], dtype, seed)
            mine = cls(**init).to(dtype)
            mine.load_state_dict(torch_mha.state_dict())
            mine.eval()
            with torch.no_grad():
                expected, got = torch_mha(**inputs), mine(**inputs)
            name = str(dtype).replace("torch.", "")
            rows.append((f"{label} [{name}]", max_difference(expected, got)))
    return rows


# ---------------------------------------------------------------- exercise checks

def _arange(*shape) -> torch.Tensor:
    return torch.arange(math.prod(shape), dtype=torch.float32).reshape(shape)


def check_split_heads(fn) -> bool:
    """(B, L, D) → (B, H, L, D/H); D not divisible by H, or a 4-D input, must raise ValueError."""
    cases = [
        Case("B=2, L=3, D=8, H=2", (_arange(2, 3, 8), 2)),
        Case("B=1, L=4, D=12, H=3", (_arange(1, 4, 12), 3)),
        Case("edge: H=1 (ek hi head, saare features)", (_arange(2, 3, 6), 1)),
        Case("edge: H=D (har head ko 1 feature)", (_arange(1, 2, 4), 4)),
        Case("random numbers, B=3, L=5, D=16, H=4",
             (torch.randn(3, 5, 16, generator=torch.Generator().manual_seed(0)), 4)),
        Case("galat: D=10, H=3 → ValueError", (_arange(1, 2, 10), 3)),
        Case("galat: 4-D input → ValueError", (_arange(1, 2, 3, 4), 2)),
    ]
    return check("split_heads", fn, split_heads, cases, atol=0.0, rtol=0.0,
                 hint="pehle `x.reshape(B, L, H, D // H)`, phir `.transpose(1, 2)` → (B, H, L, D/H). "
                      "Seedha `reshape(B, H, L, D // H)` galat hai: tokens aapas me mix ho jaate hain. "
                      "`D % H != 0` ya `x.dim() != 3` par `raise ValueError(...)`.")


def check_merge_heads(fn) -> bool:
    """(B, H, L, D/H) → (B, L, D), the exact inverse of split_heads; 3-D input → ValueError."""
    cases = [
        Case("B=2, H=2, L=3, D/H=4", (_arange(2, 2, 3, 4),)),
        Case("B=1, H=3, L=4, D/H=4", (_arange(1, 3, 4, 4),)),
        Case("edge: H=1", (_arange(2, 1, 3, 6),)),
        Case("edge: D/H=1", (_arange(1, 4, 2, 1),)),
        Case("split_heads ka output wapas", (split_heads(_arange(3, 5, 16), 4),)),
        Case("galat: 3-D input → ValueError", (_arange(2, 3, 8),)),
    ]
    return check("merge_heads", fn, merge_heads, cases, atol=0.0, rtol=0.0,
                 hint="pehle `.transpose(1, 2)` → (B, L, H, D/H), phir `.reshape(B, L, H * (D/H))`. "
                      "Input 4-D na ho to `raise ValueError(...)`.")


def _torch_twin(embed_dim, num_heads, batch_first=False):
    """The oracle of the module check: PyTorch's own layer (bad sizes → ValueError, like ours)."""
    require_positive_int("embed_dim", embed_dim)
    require_positive_int("num_heads", num_heads)
    require_divisible("embed_dim", embed_dim, "num_heads", num_heads)
    return nn.MultiheadAttention(embed_dim, num_heads, batch_first=batch_first)


def _run_module(cls, init: dict, inputs: dict | None = None, seed: int = 0):
    """Build ``cls(**init)``, copy a random nn.MultiheadAttention's weights in, eval, run.

    Without ``inputs`` it returns the parameter count instead of running forward.
    """
    module = cls(init["embed_dim"], init["num_heads"], batch_first=init["batch_first"])
    if inputs is None:
        return sum(p.numel() for p in module.parameters())
    source = _randomised_torch_mha(init["embed_dim"], init["num_heads"], init["batch_first"],
                                   torch.float32, seed)
    module.load_state_dict(source.state_dict())
    module.eval()
    with torch.no_grad():
        output = module(**inputs)
    return tuple(output) if isinstance(output, (tuple, list)) else output


def check_multi_head_attention(cls) -> bool:
    """Build the learner's class and nn.MultiheadAttention with the same weights; compare.

    Covers batch_first True/False, cross-attention, padding and attention masks (bool, float,
    per head), averaged and per-head weights, need_weights=False, unbatched input, the
    parameter count 4·d² + 4·d, and embed_dim not divisible by num_heads (→ ValueError).
    """
    cases = [Case(label, kwargs=dict(init=init, inputs=inputs))
             for label, init, inputs in _settings()]
    cases += [
        Case("parameter count, embed_dim=32 (4·d² + 4·d = 4224)",
             kwargs=dict(init=dict(embed_dim=32, num_heads=4, batch_first=True))),
        Case("galat: embed_dim=10, num_heads=3 → ValueError",
             kwargs=dict(init=dict(embed_dim=10, num_heads=3, batch_first=True))),
    ]
    return check("MultiHeadAttention", cls, _torch_twin, cases, call=_run_module,
                 atol=1e-5, rtol=1e-4,
                 hint="parameters ke naam PyTorch wale rakhiye (`in_proj_weight` (3·E, E), "
                      "`in_proj_bias` (3·E), `out_proj = nn.Linear(E, E)`). PyTorch ke mask me "
                      "True = BLOCK; bool mask ko float (-inf) me badal kar jodiye. batch_first=False "
                      "par input (L, B, E) hai; 2-D input par batch ka dim khud jodiye.")


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
            continue
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


def handmade_heads(cls=MultiHeadAttention, strength: float = 4.0):
    """A module whose 4 heads were SET BY HAND (not trained) to look at different things.

    Tokens are one-hot positions; head h's W_q sends position i to the one-hot of the key it
    should look at, W_k and W_v are the identity, so score(i, j) = ``strength`` when j is the
    chosen key, else 0. Works for DEMO_TOKENS only. Returns (module, x) with x (1, L, D).
    """
    length, heads = len(DEMO_TOKENS), len(DEMO_HEADS)
    dim = heads * length  # head_dim = L: each head sees the one-hot position
    module = cls(dim, heads, batch_first=True)
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
    state = {"in_proj_weight": w_in, "in_proj_bias": torch.zeros(3 * dim),
             "out_proj.weight": torch.eye(dim), "out_proj.bias": torch.zeros(dim)}
    module.load_state_dict(state)
    x = torch.eye(length, dim).unsqueeze(0)
    return module.eval(), x


# ---------------------------------------------------------------- timing

def _calls_per_block(fn: Callable[[], object], min_time: float) -> int:
    """How many calls of ``fn`` last at least ``min_time`` seconds (doubling, after a warm-up)."""
    fn()
    number = 1
    while True:
        start = time.perf_counter()
        for _ in range(number):
            fn()
        if time.perf_counter() - start >= min_time or number >= 1 << 16:
            return number
        number *= 2


def median_seconds(ways: dict[str, Callable[[], object]], repeats: int = 7,
                   min_time: float = 0.01) -> dict[str, float]:
    """Median seconds per call of each function in ``ways``, timed with time.perf_counter.

    The ways take turns (block of A, block of B, …, repeated ``repeats`` times), so a burst of
    other work on the machine slows all of them alike instead of one of them.
    """
    require_positive_int("repeats", repeats)
    numbers = {name: _calls_per_block(fn, min_time) for name, fn in ways.items()}
    times: dict[str, list[float]] = {name: [] for name in ways}
    for _ in range(repeats):
        for name, fn in ways.items():
            start = time.perf_counter()
            for _ in range(numbers[name]):
                fn()
            times[name].append((time.perf_counter() - start) / numbers[name])
    return {name: statistics.median(values) for name, values in times.items()}


def sdpa_by_hand(module: nn.Module, x: torch.Tensor) -> torch.Tensor:
    """Self-attention with ``module``'s weights (batch_first x), using F.scaled_dot_product_attention.

    The same projections, done by hand; the attention itself is PyTorch's fused kernel.
    """
    q, k, v = F.linear(x, module.in_proj_weight, module.in_proj_bias).chunk(3, dim=-1)
    heads = module.num_heads
    context = F.scaled_dot_product_attention(split_heads(q, heads), split_heads(k, heads),
                                             split_heads(v, heads))
    return module.out_proj(merge_heads(context))


def benchmark(cls=MultiHeadAttention, batch: int = 4, seq_len: int = 64, embed_dim: int = 128,
              num_heads: int = 8, repeats: int = 7, min_time: float = 0.01,
              threads: int | None = 1) -> dict[str, float]:
    """Median seconds per forward pass (eval, no_grad, self-attention, batch_first) of three ways.

    Keys: "nn.MultiheadAttention", "aapka module" (``cls``), "F.scaled_dot_product_attention".
    All three get the same weights; their outputs are checked to agree before timing.
    ``threads``: PyTorch CPU threads while timing (1 = steadier numbers on a busy machine;
    None = leave PyTorch's setting alone).
    """
    torch_mha = _randomised_torch_mha(embed_dim, num_heads, True, torch.float32, seed=0)
    mine = cls(embed_dim, num_heads, batch_first=True)
    mine.load_state_dict(torch_mha.state_dict())
    mine.eval()
    x = torch.randn(batch, seq_len, embed_dim, generator=torch.Generator().manual_seed(1))
    ways = {
        "nn.MultiheadAttention": lambda: torch_mha(x, x, x, need_weights=False)[0],
        "aapka module": lambda: mine(x, x, x, need_weights=False)[0],
        "F.scaled_dot_product_attention": lambda: sdpa_by_hand(torch_mha, x),
    }
    previous_threads = torch.get_num_threads()
    if threads is not None:
        require_positive_int("threads", threads)
        torch.set_num_threads(threads)
    try:
        with torch.no_grad():
            outputs = {name: fn() for name, fn in ways.items()}
            reference = outputs["nn.MultiheadAttention"]
            for name, out in outputs.items():
                if not torch.allclose(out, reference, atol=1e-4, rtol=1e-4):
                    raise fail(f"benchmark: `{name}` ka output", "nn.MultiheadAttention jaisa",
                               f"max fark {(out - reference).abs().max().item():.3g}")
            return median_seconds(ways, repeats, min_time)
    finally:
        torch.set_num_threads(previous_threads)
