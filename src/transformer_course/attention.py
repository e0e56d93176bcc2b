"""Notebook 02: scaled dot-product attention, from scratch, plus the masks it uses.

Mask convention (the same as ``torch.nn.functional.scaled_dot_product_attention``):
a boolean mask is True where a query *may* look at a key; a float mask is added to the scores
(0 = allowed, -inf = blocked). A query row whose keys are all blocked gets zero weights and a
zero output (F.scaled_dot_product_attention does the same; nn.MultiheadAttention gives NaN).

Besides the reference and the masks, the module holds what notebook 02 draws and checks:
hand-made toy word vectors for "The cat sat on the mat because it was warm" (made by hand for
intuition; a real model learns its vectors, notebook 06), text tables, the √d_k saturation
experiment, the attention pictures and ``check_scaled_dot_product_attention``.
"""

from __future__ import annotations

import math
import numbers

import torch

from .errors import broadcast_shape, describe, fail, require_tensor


def _validate(q, k, v, mask):
    for name, x in (("q", q), ("k", k), ("v", v)):
        require_tensor(name, x)
        if x.dim() < 2:
            raise fail(f"`{name}`", "kam se kam 2-D tensor (seq_len, d)", f"{x.dim()}-D, shape {tuple(x.shape)}",
                       "ek sentence ke liye shape (seq_len, d) hota hai; batch ho to (batch, seq_len, d).")
    if not (q.dtype == k.dtype == v.dtype):
        raise fail("q, k, v ke dtypes", "teeno same", f"{q.dtype}, {k.dtype}, {v.dtype}",
                   "sab ko `.float()` (ya `.double()`) kar dijiye.")
    if q.shape[-1] != k.shape[-1]:
        raise fail("q aur k ki last dimension (d_k)", "barabar",
                   f"q: {q.shape[-1]}, k: {k.shape[-1]}",
                   "score = q · k, isliye dono vectors ki lambai same honi chahiye.")
    if k.shape[-2] != v.shape[-2]:
        raise fail("k aur v ki seq_len (dim -2)", "barabar", f"k: {k.shape[-2]}, v: {v.shape[-2]}",
                   "har key ke saath ek value hoti hai.")
    batch = broadcast_shape(q.shape[:-2], k.shape[:-2], v.shape[:-2])
    if batch is None:
        raise fail("q, k, v ki batch dimensions", "broadcast hone layak",
                   f"{tuple(q.shape)}, {tuple(k.shape)}, {tuple(v.shape)}")
    scores_shape = (*batch, q.shape[-2], k.shape[-2])
    if mask is not None:
        if not isinstance(mask, torch.Tensor):
            raise fail("`mask`", "bool ya float tensor (ya None)", describe(mask))
        if mask.dtype != torch.bool and not mask.is_floating_point():
            raise fail("`mask`", "dtype bool (True = dekh sakta hai) ya float (score me jodne ke liye)",
                       f"dtype {mask.dtype}", "`mask.bool()` ya `mask.float()` kijiye.")
        if broadcast_shape(mask.shape, scores_shape) != tuple(scores_shape):
            raise fail("`mask` ka shape", f"scores ke shape {scores_shape} par broadcast hone layak",
                       f"shape {tuple(mask.shape)}",
                       "mask ki last do dims (query_len, key_len) honi chahiye.")


def _scale(scale, d_k: int) -> float:
    """The factor the scores are multiplied by: 1/√d_k by default, else ``scale`` (a real number)."""
    if scale is None:
        return 1.0 / math.sqrt(d_k)
    if isinstance(scale, bool) or not isinstance(scale, numbers.Real) or not math.isfinite(scale):
        raise fail("`scale`", "ek finite number (ya None = 1/√d_k)", describe(scale))
    return float(scale)


def attention_scores(q: torch.Tensor, k: torch.Tensor, scale: float | None = None) -> torch.Tensor:
    """Scaled scores q·kᵀ / √d_k (or times ``scale``), shape (..., L_q, L_k)."""
    _validate(q, k, k, None)
    return (q @ k.transpose(-2, -1)) * _scale(scale, q.shape[-1])


def scaled_dot_product_attention(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor,
                                 mask: torch.Tensor | None = None, *, scale: float | None = None
                                 ) -> tuple[torch.Tensor, torch.Tensor]:
    """softmax(q·kᵀ/√d_k + mask)·v. Returns (output, weights).

    Shapes: q (..., L_q, d_k), k (..., L_k, d_k), v (..., L_k, d_v), mask broadcastable to
    (..., L_q, L_k). Output (..., L_q, d_v), weights (..., L_q, L_k), each row summing to 1
    (0 for a fully blocked row).
    """
    _validate(q, k, v, mask)
    scores = (q @ k.transpose(-2, -1)) * _scale(scale, q.shape[-1])
    if mask is not None:
        if mask.dtype == torch.bool:
            scores = scores.masked_fill(~mask, float("-inf"))
        else:
            scores = scores + mask.to(scores.dtype)
    blocked = torch.isneginf(scores).all(dim=-1, keepdim=True)
    # A fully blocked row would be softmax(-inf, …, -inf) = NaN (and NaN gradients through a
    # float mask); give softmax finite zeros there, then zero those weights.
    weights = torch.softmax(scores.masked_fill(blocked, 0.0), dim=-1).masked_fill(blocked, 0.0)
    return weights @ v, weights


def causal_mask(size: int, device=None) -> torch.Tensor:
    """Boolean (size, size) mask: position i may look at positions 0..i only (lower triangle)."""
    from .errors import require_positive_int
    require_positive_int("size", size)
    return torch.ones(size, size, dtype=torch.bool, device=device).tril()


def padding_mask(lengths, max_len: int | None = None) -> torch.Tensor:
    """Boolean (batch, 1, max_len) key mask: True for real tokens, False for padding.

    It broadcasts over the query axis of (batch, L_q, L_k) scores. For 4-D (batch, heads, L_q,
    L_k) scores add a heads axis: ``padding_mask(lengths)[:, None]``.
    """
    try:
        lengths = torch.as_tensor(lengths)
    except (TypeError, ValueError, RuntimeError):
        raise fail("`lengths`", "1-D integer list/tensor (har sentence ki lambai)",
                   describe(lengths)) from None
    if lengths.dim() != 1 or lengths.is_floating_point() or lengths.is_complex() \
            or lengths.dtype == torch.bool:
        raise fail("`lengths`", "1-D integer list/tensor (har sentence ki lambai)", describe(lengths))
    if (lengths < 0).any():
        raise fail("`lengths`", "non-negative lambaiyan", str(lengths.tolist()))
    longest = int(lengths.max()) if lengths.numel() else 0
    if max_len is None:
        max_len = longest
    elif isinstance(max_len, bool) or not isinstance(max_len, int):
        raise fail("`max_len`", "ek int (ya None)", describe(max_len))
    if max_len < longest:
        raise fail("`max_len`", f"kam se kam sabse lambi sentence ({longest})", str(max_len))
    return (torch.arange(max_len, device=lengths.device) < lengths[:, None])[:, None, :]


# ---------------------------------------------------------------- toy word vectors (hand-made)
# Made by hand so the story can be read off the numbers; a trained model learns its own
# vectors and projections, and they are rarely this tidy (notebook 06).

TOY_SENTENCE = ("The", "cat", "sat", "on", "the", "mat", "because", "it", "was", "warm")
TOY_FEATURES = ("noun", "jaandar", "pronoun", "verb", "function", "adjective")
TOY_KEY_DIMS = ("noun?", "jaandar?", "verb?")  # what a key announces, what a query asks for
PAD = "[PAD]"

_TOY_VOCAB = {  # word → its features (1 = yes)
    "the": "function", "cat": "noun jaandar", "sat": "verb", "on": "function",
    "mat": "noun", "because": "function", "it": "pronoun", "was": "verb", "warm": "adjective",
}
# W_K: a word announces "noun hoon", "jaandar hoon", "verb hoon".
_TOY_KEY = {"noun": (1, 0, 0), "jaandar": (0, 1, 0), "verb": (0, 0, 1)}
# W_Q: what each feature searches for, in the same three key dimensions.
_TOY_QUERY = {
    "noun": (0, 0, 2),       # noun apna verb dhoondhta hai
    "pronoun": (3, 3, 0),    # pronoun ek jaandar noun dhoondhta hai
    "verb": (2, 2, 0),       # verb apna subject (jaandar noun) dhoondhta hai
    "adjective": (2, 0, 0),  # adjective kisi noun ko describe karta hai
}


def toy_word_vectors(words=TOY_SENTENCE) -> torch.Tensor:
    """Hand-made feature vectors, shape (len(words), 6), columns TOY_FEATURES; "[PAD]" → zeros."""
    if isinstance(words, str) or not all(isinstance(w, str) for w in words):
        raise fail("`words`", "words ki list, jaise ['The', 'cat']", describe(words))
    rows = []
    for word in words:
        if word == PAD:
            rows.append([0.0] * len(TOY_FEATURES))
            continue
        if word.lower() not in _TOY_VOCAB:
            raise fail(f"word {word!r}", f"toy vocabulary ka word ({', '.join(sorted(_TOY_VOCAB))}"
                       f" ya {PAD})", repr(word))
        present = _TOY_VOCAB[word.lower()].split()
        rows.append([1.0 if f in present else 0.0 for f in TOY_FEATURES])
    return torch.tensor(rows, dtype=torch.float32).reshape(len(rows), len(TOY_FEATURES))


def toy_projections() -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Hand-made W_Q (6, 3), W_K (6, 3) and W_V (6, 6) = identity, so values stay readable."""
    w_q = torch.zeros(len(TOY_FEATURES), len(TOY_KEY_DIMS))
    w_k = torch.zeros(len(TOY_FEATURES), len(TOY_KEY_DIMS))
    for i, feature in enumerate(TOY_FEATURES):
        w_q[i] = torch.tensor(_TOY_QUERY.get(feature, (0, 0, 0)), dtype=torch.float32)
        w_k[i] = torch.tensor(_TOY_KEY.get(feature, (0, 0, 0)), dtype=torch.float32)
    return w_q, w_k, torch.eye(len(TOY_FEATURES))


def toy_qkv(words=TOY_SENTENCE) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """q = x·W_Q, k = x·W_K, v = x·W_V for the toy words: shapes (L, 3), (L, 3), (L, 6)."""
    x = toy_word_vectors(words)
    w_q, w_k, w_v = toy_projections()
    return x @ w_q, x @ w_k, x @ w_v


def format_table(matrix, row_labels, col_labels, digits: int = 2, corner: str = "") -> str:
    """A small aligned text table of a 1-D or 2-D tensor (a 1-D one is a single row)."""
    m = torch.as_tensor(matrix).detach().cpu().double()
    if m.dim() == 1:
        m = m[None]
    if m.dim() != 2 or m.shape != (len(row_labels), len(col_labels)):
        raise fail("format_table(matrix)", f"shape ({len(row_labels)}, {len(col_labels)})",
                   f"shape {tuple(m.shape)}")
    first = max([len(corner)] + [len(str(r)) for r in row_labels])
    widths = [max(len(str(c)), digits + 4) for c in col_labels]
    lines = [corner.ljust(first) + " | " + " ".join(str(c).rjust(w) for c, w in zip(col_labels, widths, strict=True))]
    lines.append("-" * len(lines[0]))
    for label, row in zip(row_labels, m.tolist(), strict=True):
        cells = " ".join(f"{x:.{digits}f}".replace("-0." + "0" * digits, "0." + "0" * digits).rjust(w)
                         for x, w in zip(row, widths, strict=True))
        lines.append(str(label).ljust(first) + " | " + cells)
    return "\n".join(lines)


# ---------------------------------------------------------------- why divide by √d_k

def softmax_saturation(d_ks=(1, 2, 4, 8, 16, 32, 64, 128, 256, 512), n_keys: int = 10,
                       trials: int = 500, seed: int = 0) -> dict:
    """How peaked softmax(q·k) gets as d_k grows, for random q, k ~ N(0, 1), with and without 1/√d_k.

    Returns lists by d_k: the variance of q·k, and for "unscaled" / "scaled" scores the mean
    largest weight, the mean entropy (nats; uniform = ln n_keys) and the mean 1 − Σp² (the
    trace of softmax's Jacobian: near 0 means almost no gradient flows).
    """
    generator = torch.Generator().manual_seed(seed)
    stats = {"d_k": list(d_ks), "n_keys": n_keys, "dot_var": []}
    for kind in ("unscaled", "scaled"):
        stats[kind] = {"max_weight": [], "entropy": [], "gradient": []}
    for d_k in d_ks:
        q = torch.randn(trials, 1, d_k, generator=generator, dtype=torch.float64)
        k = torch.randn(trials, n_keys, d_k, generator=generator, dtype=torch.float64)
        dots = (q @ k.transpose(-2, -1)).squeeze(1)  # (trials, n_keys)
        stats["dot_var"].append(dots.var().item())
        for kind, scores in (("unscaled", dots), ("scaled", dots / math.sqrt(d_k))):
            p = torch.softmax(scores, dim=-1)
            entropy = -(p * torch.log(p.clamp_min(1e-300))).sum(-1)
            stats[kind]["max_weight"].append(p.max(-1).values.mean().item())
            stats[kind]["entropy"].append(entropy.mean().item())
            stats[kind]["gradient"].append((1 - (p ** 2).sum(-1)).mean().item())
    return stats


def draw_saturation(stats: dict):
    """Three panels vs d_k: largest weight, entropy, 1 − Σp²; unscaled vs scaled. Returns the figure."""
    import matplotlib.pyplot as plt

    from .plotting import COLORS

    n = stats["n_keys"]
    panels = [("max_weight", "sabse bada weight (mean)", 1 / n, f"uniform = 1/{n}"),
              ("entropy", "entropy (nats)", math.log(n), f"uniform = ln {n}"),
              ("gradient", "1 − Σp²  (gradient ka size)", 1 - 1 / n, f"uniform = 1 − 1/{n}")]
    fig, axes = plt.subplots(1, 3, figsize=(13, 3.8))
    for ax, (key, label, uniform, uniform_label) in zip(axes, panels, strict=True):
        ax.plot(stats["d_k"], stats["unscaled"][key], "o-", color=COLORS["rnn"],
                label="bina scaling: q·k")
        ax.plot(stats["d_k"], stats["scaled"][key], "s-", color=COLORS["transformer"],
                label="scaled: q·k / √d_k")
        ax.axhline(uniform, color=COLORS["muted"], ls="--", lw=1)
        ax.text(stats["d_k"][-1], uniform, uniform_label, color=COLORS["muted"], fontsize=8,
                ha="right", va="bottom")
        ax.set_xscale("log", base=2)
        ticks = [d for d in stats["d_k"] if math.log2(d) % 2 == 0]
        ax.set_xticks(ticks, [str(d) for d in ticks])
        ax.set_xlabel("d_k (log scale)")
        ax.set_ylabel(label)
        ax.set_ylim(0, 1.08 * max(uniform, *stats["unscaled"][key], *stats["scaled"][key]))
    axes[1].legend(fontsize=9, loc="lower left")
    fig.suptitle(f"Random q, k ({n} keys): d_k badhne par bina scaling softmax 'one-hot' ban jaata hai")
    fig.tight_layout()
    return fig


# ---------------------------------------------------------------- pictures

def draw_weight_bars(weights_row, words, query_word: str, ax=None, title: str | None = None):
    """Bar chart of one query's attention weights over the key words; the largest bar is green."""
    import matplotlib.pyplot as plt

    from .plotting import COLORS, to_numpy

    w = to_numpy(weights_row)
    if w.ndim != 1 or len(w) != len(words):
        raise fail("draw_weight_bars(weights_row)", f"1-D, {len(words)} weights (har word ka ek)",
                   f"shape {w.shape}")
    if ax is None:
        _, ax = plt.subplots(figsize=(max(4.0, 0.6 * len(words) + 1), 3.2))
    top = w.max() if len(w) else 0.0
    flat = len(w) == 0 or top - w.min() < 1e-6  # all equal: no winner to colour
    colors = [COLORS["accent"] if not flat and x > top - 1e-6 else COLORS["transformer"] for x in w]
    ax.bar(range(len(w)), w, color=colors)
    for i, x in enumerate(w):
        ax.text(i, x + 0.01, f"{x:.2f}", ha="center", va="bottom", fontsize=8)
    ax.set_xticks(range(len(words)), list(words), rotation=45, ha="right")
    ax.set_ylim(0, max(1.0, float(w.max()) + 0.08))
    ax.set_ylabel("attention weight")
    ax.set_xlabel("key (kis word ko dekha)")
    ax.set_title(title or f'"{query_word}" kis word ko kitna dekhta hai (sum = {w.sum():.2f})')
    return ax


def draw_attention(weights, words, query_index: int, title: str | None = None, key_words=None):
    """Heatmap of all weights (the chosen query's row outlined) beside that row's bar chart."""
    import matplotlib.pyplot as plt
    from matplotlib.patches import Rectangle

    from .plotting import COLORS, heatmap

    key_words = list(words if key_words is None else key_words)
    fig, (left, right) = plt.subplots(1, 2, figsize=(13, 4.8), width_ratios=[1.25, 1])
    heatmap(weights, key_words, list(words), ax=left, vmax=1.0,
            title=title or "Attention weights (har row ka sum = 1)")
    left.add_patch(Rectangle((-0.5, query_index - 0.5), len(key_words), 1, fill=False,
                             edgecolor=COLORS["accent"], lw=2.5))
    draw_weight_bars(weights[query_index], key_words, words[query_index], ax=right)
    fig.tight_layout()
    return fig


# ---------------------------------------------------------------- exercise check

def _oracle(q, k, v, mask=None):
    """What the learner's function must return: F.sdpa's output and the reference weights."""
    import torch.nn.functional as F

    _, weights = scaled_dot_product_attention(q, k, v, mask)  # also raises on bad input
    return F.scaled_dot_product_attention(q, k, v, attn_mask=mask), weights


def check_scaled_dot_product_attention(fn) -> bool:
    """Check ``fn(q, k, v, mask=None) -> (output, weights)`` on shapes, masks and edge cases."""
    from .checks import Case, check

    g = torch.Generator().manual_seed(2)

    def rand(*shape, dtype=torch.float32):
        return torch.randn(*shape, generator=g, dtype=dtype)

    bool_mask = torch.tensor([[True, True, True, False, False]] * 3 + [[True] * 5] * 2)
    float_mask = torch.zeros(4, 6)
    float_mask[:, 0] = 1.5
    float_mask[:, 4:] = float("-inf")
    float_mask[2, 1] = -2.0
    blocked_row = torch.ones(4, 5, dtype=torch.bool)
    blocked_row[1] = False
    cases = [
        Case("ek sentence, 2-D: q, k, v (4, 8)", (rand(4, 8), rand(4, 8), rand(4, 8))),
        Case("batched 3-D, L_q ≠ L_k, d_v ≠ d_k: q (2, 3, 8), k (2, 6, 8), v (2, 6, 5)",
             (rand(2, 3, 8), rand(2, 6, 8), rand(2, 6, 5))),
        Case("4-D (batch, heads, seq, d_k): (2, 3, 5, 4)",
             (rand(2, 3, 5, 4), rand(2, 3, 5, 4), rand(2, 3, 5, 4))),
        Case("float64 inputs", (rand(3, 4, dtype=torch.float64), rand(5, 4, dtype=torch.float64),
                                rand(5, 2, dtype=torch.float64))),
        Case("bool mask (5, 5): True = dekh sakta hai", (rand(2, 5, 4), rand(2, 5, 4), rand(2, 5, 4),
                                                         bool_mask)),
        Case("additive float mask (4, 6): score me jodiye (0, 1.5, -2, -inf)",
             (rand(4, 8), rand(6, 8), rand(6, 3), float_mask)),
        Case("causal mask (6, 6)", (rand(1, 6, 4), rand(1, 6, 4), rand(1, 6, 4), causal_mask(6))),
        Case("ek query ki poori row blocked → weights aur output 0",
             (rand(4, 4), rand(5, 4), rand(5, 3), blocked_row)),
        Case("galat input: q ka d_k 8, k ka d_k 6 → ValueError", (rand(3, 8), rand(3, 6), rand(3, 8))),
    ]
    return check("scaled_dot_product_attention", fn, _oracle, cases,
                 hint="(output, weights) return kijiye. scores = q @ k.transpose(-2, -1) / "
                      "math.sqrt(d_k); bool mask: scores.masked_fill(~mask, float('-inf')); float "
                      "mask: scores + mask; softmax(dim=-1); jis row me sab -inf ho uske weights 0; "
                      "output = weights @ v. d_k alag ho to ValueError raise kijiye.")
