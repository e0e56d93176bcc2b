"""Notebook 04_multi_head_attention: the head split drawn, per-head heatmaps, hand-set heads, and
where the time of a forward pass goes (our module vs PyTorch's layer vs the fused kernel)."""

from __future__ import annotations

import math
import os
import statistics
import time
from collections.abc import Callable

import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F
from matplotlib.patches import Rectangle
from torch import nn

from ..errors import fail, require_divisible, require_positive_int, require_tensor
from ..grading.multihead_checks import randomised_torch_mha
from ..model.dot_product_attention import scaled_dot_product_attention
from ..model.multi_head_attention import MultiHeadAttention, SelfAttention, merge_heads, split_heads
from .claims import ratio
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


# ---------------------------------------------------------------- where does the time go?

def _timing_clock() -> Callable[[], float]:
    """This thread's CPU time where that clock is fine-grained, else wall time. With PyTorch on one
    thread it is the call's own work: time other programs hold the core does not count."""
    return time.thread_time if time.get_clock_info("thread_time").resolution <= 1e-6 else time.perf_counter


def _calls_per_block(fn: Callable[[], object], min_time: float, clock) -> int:
    """How many calls of ``fn`` last at least ``min_time`` seconds (doubling)."""
    number = 1
    while True:
        start = clock()
        for _ in range(number):
            fn()
        if clock() - start >= min_time or number >= 1 << 16:
            return number
        number *= 2


def median_seconds(ways: dict[str, Callable[[], object]], repeats: int = 7, min_time: float = 0.01,
                   clock: Callable[[], float] = time.perf_counter, samples: dict | None = None
                   ) -> dict[str, float]:
    """Median seconds per call of each function in ``ways`` (warm them up first), by ``clock``.
    The ways take turns (block of A, block of B, …, repeated ``repeats`` times: one round each),
    so a burst of other work slows all of them alike. ``samples`` receives {way: [s per round]}."""
    require_positive_int("repeats", repeats)
    numbers = {name: _calls_per_block(fn, min_time, clock) for name, fn in ways.items()}
    times: dict[str, list[float]] = {name: [] for name in ways}
    for _ in range(repeats):
        for name, fn in ways.items():
            start = clock()
            for _ in range(numbers[name]):
                fn()
            times[name].append((clock() - start) / numbers[name])
    if samples is not None:
        samples.update(times)
    return {name: statistics.median(values) for name, values in times.items()}


def _heads(module: nn.Module, x: torch.Tensor):
    """q, k, v (B, H, L, D/H) from ``module``'s stacked weights (nn.MultiheadAttention's names)."""
    q, k, v = F.linear(x, module.in_proj_weight, module.in_proj_bias).chunk(3, dim=-1)
    return (split_heads(t, module.num_heads) for t in (q, k, v))


def sdpa_by_hand(module: nn.Module, x: torch.Tensor) -> torch.Tensor:
    """Self-attention with ``module``'s weights (batch_first x): projections by hand, attention by
    F.scaled_dot_product_attention (PyTorch's fused kernel where one fits)."""
    q, k, v = _heads(module, x)
    return module.out_proj(merge_heads(F.scaled_dot_product_attention(q, k, v)))


def explicit_by_hand(module: nn.Module, x: torch.Tensor, full_mask: bool = False,
                     course_attention: bool = False) -> torch.Tensor:
    """The same self-attention written out: scores, softmax, ``weights @ v`` (the (B, H, L, L)
    weights are stored). ``full_mask``: add a zero float mask of that shape, as the challenge's
    solution does on every call. ``course_attention``: use notebook 02's
    ``tc.scaled_dot_product_attention`` (its checks, its passes for fully blocked rows)."""
    q, k, v = _heads(module, x)
    mask = torch.zeros(*q.shape[:-1], k.shape[-2], dtype=q.dtype) if full_mask else None
    if course_attention:
        context, _ = scaled_dot_product_attention(q, k, v, mask)
    else:
        scores = q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1])
        context = torch.softmax(scores if mask is None else scores + mask, dim=-1) @ v
    return module.out_proj(merge_heads(context))


# The ways, each one step simpler than the one above it; the last two are PyTorch's own layer.
OURS, TORCH_WEIGHTS, TORCH_FAST = "aapka module", "nn.MHA(need_weights=True)", "nn.MHA(need_weights=False)"
WAYS = (OURS, "02 ka attention + mask", "explicit + mask", "explicit", "F.sdpa (fused)",
        TORCH_WEIGHTS, TORCH_FAST)
# (from, to, what the step removes): the pieces of the gap between our module and PyTorch.
PIECES = ((WAYS[0], WAYS[1], "module ki checks aur plumbing"),
          (WAYS[1], WAYS[2], "02 ke function ki checks + blocked-row passes"),
          (WAYS[2], WAYS[3], "poora float mask (B, H, L, L)"),
          (WAYS[3], WAYS[4], "weights ki poori matrix store karna (vs fused)"))


def _ways(mine: nn.Module, torch_mha: nn.Module, x: torch.Tensor) -> dict[str, Callable]:
    """The ``WAYS`` as functions of no arguments, all with ``torch_mha``'s weights and input x."""
    return dict(zip(WAYS, (
        lambda: mine(x, x, x, need_weights=False)[0],
        lambda: explicit_by_hand(torch_mha, x, full_mask=True, course_attention=True),
        lambda: explicit_by_hand(torch_mha, x, full_mask=True),
        lambda: explicit_by_hand(torch_mha, x),
        lambda: sdpa_by_hand(torch_mha, x),
        lambda: torch_mha(x, x, x, need_weights=True, average_attn_weights=False)[0],
        lambda: torch_mha(x, x, x, need_weights=False)[0]), strict=True))


def profile_call(fn: Callable[[], object]) -> dict:
    """One call of ``fn`` under PyTorch's profiler (CPU tensors): what it allocates and runs.
    Returns ``ops`` (PyTorch ops called from Python), ``total`` (bytes of all new memory),
    ``kernel`` (the fused attention op that ran, "softmax (poori matrix)" when the weights were
    built with a softmax, else "?") and ``output`` (what ``fn`` returned)."""
    from torch.autograd import profiler as autograd_profiler
    saved, quiet = os.dup(2), os.open(os.devnull, os.O_WRONLY)
    os.dup2(quiet, 2)  # the profiler's C++ side logs start/stop lines to stderr: hide them
    try:
        with autograd_profiler.profile(use_kineto=False, profile_memory=True) as prof:
            output = fn()
    finally:
        os.dup2(saved, 2), os.close(saved), os.close(quiet)
    events = [e for e in prof.function_events if not e.name.startswith("[")]
    sizes = [e.self_cpu_memory_usage for e in events if e.self_cpu_memory_usage > 0]
    names = {e.name.removeprefix("aten::") for e in events}
    fused = sorted(n for n in names if n.startswith("_scaled_dot_product") and "math" not in n)
    softmax = names & {"_softmax", "softmax", "_masked_softmax", "_safe_softmax"}
    kernel = fused[0] if fused else ("softmax (poori matrix)" if softmax else "?")
    return {"ops": sum(e.cpu_parent is None for e in events), "total": sum(sizes), "kernel": kernel,
            "output": output}


def measure_attention_ways(cls, sizes: dict[str, dict], repeats: int = 5, min_time: float = 0.005,
                           threads: int | None = 1) -> dict:
    """Time and profile the seven ``WAYS`` of one self-attention forward at each of ``sizes``
    ({label: dict(batch, seq_len, embed_dim, num_heads)}): same random weights (``cls`` has
    nn.MultiheadAttention's names) and input, eval, no_grad, outputs checked to agree first.
    Timing: medians of ``repeats`` interleaved blocks, by this thread's CPU clock with one PyTorch
    thread, else wall time. Returns {label: {"seconds": {way: median s}, "samples": {way: [s, …]},
    "profile": {way: profile_call}, "matrix_bytes": one (B, H, L, L) float32 tensor's bytes,
    "clock": "cpu" or "wall"}}."""
    previous_threads = torch.get_num_threads()
    if threads is not None:
        require_positive_int("threads", threads)
        torch.set_num_threads(threads)
    clock = _timing_clock() if threads == 1 else time.perf_counter
    results = {}
    try:
        with torch.no_grad():
            for label, size in sizes.items():
                batch, seq_len = size["batch"], size["seq_len"]
                embed_dim, num_heads = size["embed_dim"], size["num_heads"]
                torch_mha = randomised_torch_mha(embed_dim, num_heads, True, torch.float32, seed=0)
                mine = cls(embed_dim, num_heads, batch_first=True)
                mine.load_state_dict(torch_mha.state_dict())
                mine.eval()
                x = torch.randn(batch, seq_len, embed_dim, generator=torch.Generator().manual_seed(1))
                ways = _ways(mine, torch_mha, x)
                for fn in ways.values():
                    fn()  # warm-up: the first call of a way pays one-time costs
                profiles = {name: profile_call(fn) for name, fn in ways.items()}
                reference = profiles[TORCH_FAST]["output"]
                for name, p in profiles.items():
                    out = p.pop("output")
                    if not torch.allclose(out, reference, atol=1e-4, rtol=1e-4):
                        raise fail(f"benchmark: `{name}` ka output", "nn.MultiheadAttention jaisa",
                                   f"max fark {(out - reference).abs().max().item():.3g}")
                samples: dict[str, list[float]] = {}
                results[label] = {
                    "profile": profiles, "samples": samples,
                    "seconds": median_seconds(ways, repeats, min_time, clock, samples),
                    "matrix_bytes": batch * num_heads * seq_len * seq_len * 4,
                    "clock": "cpu" if clock is time.thread_time else "wall"}
    finally:
        torch.set_num_threads(previous_threads)
    return results


def _duration(seconds: float) -> str:
    return f"{seconds * 1e3:,.2f} ms" if seconds >= 1e-3 else f"{seconds * 1e6:,.0f} µs"


def compare_ways(result: dict, a: str, b: str, name_a: str | None = None,
                 name_b: str | None = None) -> str:
    """``tc.claims.ratio``'s sentence for ways ``a`` and ``b`` (median times), and in how many of
    the interleaved rounds ``a`` was on the same side of ``b``; not in all → "shor ke andar"."""
    t_a, t_b = result["seconds"][a], result["seconds"][b]
    runs_a, runs_b = result["samples"][a], result["samples"][b]
    words = ratio(name_a or a, t_a, name_b or b, t_b, "slow", "fast")
    if abs(t_a / t_b - 1) <= 0.1:  # ratio's "lagbhag barabar": no direction to back
        return words
    same_side = sum((x > y) == (t_a > t_b) for x, y in zip(runs_a, runs_b, strict=True))
    noise = "" if same_side == len(runs_a) else ": shor ke andar ho sakta hai"
    return f"{words} ({same_side}/{len(runs_a)} rounds me isi taraf{noise})"


def cost_pieces(result: dict) -> list[str]:
    """One line per step of ``PIECES``: the time and the memory (in (B, H, L, L) matrices) the
    piece adds, and ``compare_ways``'s words for the way with it against the way without it."""
    seconds, profiles, matrix = result["seconds"], result["profile"], result["matrix_bytes"]
    lines = []
    for slower, faster, piece in PIECES:
        added = seconds[slower] - seconds[faster]
        memory = (profiles[slower]["total"] - profiles[faster]["total"]) / matrix
        words = compare_ways(result, slower, faster, "iske saath", "iske bina")
        lines.append(f"{piece:<48}{'+' if added >= 0 else '−'}{_duration(abs(added)):>10}"
                     f"{memory:>+6.1f} × matrix  ({words})")
    return lines


def speed_report(label: str, result: dict) -> str:
    """One size of ``measure_attention_ways``: a table of the ways, then the pieces of the gap."""
    seconds, profiles, matrix = result["seconds"], result["profile"], result["matrix_bytes"]
    clock = "CPU time" if result["clock"] == "cpu" else "wall time"
    size = f"{matrix / 2**20:.2f} MB" if matrix >= 2**17 else f"{matrix / 2**10:.1f} KB"
    lines = [f"{label} · ek (B, H, L, L) float32 matrix = {size} · {clock}, median",
             f"  {'tarika':<28}{'time/call':>11}{'max÷min':>8}{'÷ nn.MHA(nw=False)':>20}{'ops':>5}"
             f"{'nayi memory':>17}  attention kaise"]
    for name in WAYS:
        p, runs = profiles[name], result["samples"][name]
        lines.append(f"  {name:<28}{_duration(seconds[name]):>11}{max(runs) / min(runs):>7.2f}×"
                     f"{seconds[name] / seconds[TORCH_FAST]:>19.2f}×{p['ops']:>5}"
                     f"{p['total'] / matrix:>8.1f} × matrix  {p['kernel']}")
    lines.append("  Tukdon me (har step upar wale tarike se ek cheez hatata hai):")
    lines += [f"    {line}" for line in cost_pieces(result)]
    return "\n".join(lines)


def biggest_piece(seconds: dict[str, float]) -> str:
    """Which of the ``PIECES`` added the most time here, and its share of the whole gap to PyTorch."""
    added = {piece: seconds[slower] - seconds[faster] for slower, faster, piece in PIECES}
    piece = max(added, key=added.get)
    if added[piece] <= 0:
        return "kisi tukde ne time nahi badhaya: yahan fark naap ke shor ke andar hai"
    gap = seconds[OURS] - seconds[TORCH_FAST]
    share = f", poore fark ({_duration(gap)}) ka {added[piece] / gap:.0%}" if added[piece] <= gap else ""
    return f"sabse bada tukda: {piece} (+{_duration(added[piece])}{share})"
