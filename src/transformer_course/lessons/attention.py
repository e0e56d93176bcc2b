"""Notebook 02_attention: the toy sentence, text tables, the √d_k experiment and the pictures.

The toy word vectors for "The cat sat on the mat because it was warm" are made by hand for
intuition; a real model learns its vectors (notebook 06)."""

from __future__ import annotations

import math
import re
import statistics

import matplotlib.pyplot as plt
import torch

from ..errors import describe, fail
from .claims import mean_range, ratio
from .plotting import COLORS, heatmap, to_numpy

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
                       trials: int = 500, seeds=(0,)) -> dict:
    """How peaked softmax(q·k) gets as d_k grows, for random q, k ~ N(0, 1), with and without 1/√d_k.

    Per d_k: the variance of q·k, and for "unscaled" / "scaled" scores, over all draws of all
    ``seeds`` (the two kinds see the same draws):

    * ``max_weight``, ``entropy`` (nats; uniform = ln n_keys): means;
    * ``jacobian_trace``: mean of 1 − Σp² = Σ_i ∂p_i/∂s_i, the trace of softmax's Jacobian (how
      much each weight moves with its own score, summed). It is *not* a gradient's size;
    * ``grad_*``: the gradient's size, measured: ‖∂L/∂q‖ by autograd for L = Σ_j g_j p_j with a
      random upstream gradient g ~ N(0, 1) per weight. ``grad_median``, ``grad_p10``,
      ``grad_p90``, ``grad_mean``, ``grad_tiny_share`` (share of draws with ‖∂L/∂q‖ < 0.01) and
      ``grad_median_by_seed`` (one list per d_k, one median per seed);
    * ``score_grad_median``, ``score_grad_mean``: ‖∂L/∂s‖ for the same L, where s is softmax's
      input (q·k, or q·k/√d_k): softmax's own share, without the ∂s/∂q = K (or K/√d_k) factor.
    """
    seeds = list(seeds)
    if not seeds:
        raise fail("`seeds`", "kam se kam ek seed", "khaali")
    keys = ("max_weight", "entropy", "jacobian_trace", "grad_median", "grad_p10", "grad_p90",
            "grad_mean", "grad_tiny_share", "grad_median_by_seed", "score_grad_median",
            "score_grad_mean")
    stats = {"d_k": list(d_ks), "n_keys": n_keys, "trials": trials, "seeds": seeds, "dot_var": []}
    for kind in ("unscaled", "scaled"):
        stats[kind] = {key: [] for key in keys}
    for d_k in d_ks:
        draws = {"unscaled": [], "scaled": []}  # per seed: (p, ‖∂L/∂q‖, ‖∂L/∂s‖)
        dot_vars = []
        for seed in seeds:
            generator = torch.Generator().manual_seed(seed)
            q = torch.randn(trials, 1, d_k, generator=generator, dtype=torch.float64)
            k = torch.randn(trials, n_keys, d_k, generator=generator, dtype=torch.float64)
            upstream = torch.randn(trials, n_keys, generator=generator, dtype=torch.float64)
            dot_vars.append((q @ k.transpose(-2, -1)).var().item())
            for kind, factor in (("unscaled", 1.0), ("scaled", 1 / math.sqrt(d_k))):
                q_leaf = q.clone().requires_grad_(True)
                scores = (q_leaf @ k.transpose(-2, -1)).squeeze(1) * factor
                scores.retain_grad()
                p = torch.softmax(scores, dim=-1)
                (p * upstream).sum().backward()
                draws[kind].append((p.detach(), q_leaf.grad.flatten(1).norm(dim=-1),
                                    scores.grad.norm(dim=-1)))
        stats["dot_var"].append(statistics.fmean(dot_vars))
        for kind, per_seed in draws.items():
            p = torch.cat([d[0] for d in per_seed])
            grad = torch.cat([d[1] for d in per_seed])
            entropy = -(p * torch.log(p.clamp_min(1e-300))).sum(-1)
            row = stats[kind]
            row["max_weight"].append(p.max(-1).values.mean().item())
            row["entropy"].append(entropy.mean().item())
            row["jacobian_trace"].append((1 - (p ** 2).sum(-1)).mean().item())
            row["grad_median"].append(grad.median().item())
            row["grad_p10"].append(grad.quantile(0.1).item())
            row["grad_p90"].append(grad.quantile(0.9).item())
            row["grad_mean"].append(grad.mean().item())
            row["grad_tiny_share"].append((grad < 0.01).double().mean().item())
            row["grad_median_by_seed"].append([d[1].median().item() for d in per_seed])
            score_grad = torch.cat([d[2] for d in per_seed])
            row["score_grad_median"].append(score_grad.median().item())
            row["score_grad_mean"].append(score_grad.mean().item())
    return stats


def gradient_summary(stats: dict) -> str:
    """The measured ‖∂L/∂q‖ at the largest d_k in words, in the direction the numbers took."""
    i = len(stats["d_k"]) - 1
    d_k, un, sc = stats["d_k"][i], stats["unscaled"], stats["scaled"]
    lines = [f"d_k = {d_k}, ‖∂L/∂q‖ ({len(stats['seeds'])} seeds × {stats['trials']} draws):",
             f"  median: bina scaling {mean_range(un['grad_median_by_seed'][i], 4)}, "
             f"÷√d_k {mean_range(sc['grad_median_by_seed'][i], 4)}",
             f"  mean:   bina scaling {un['grad_mean'][i]:.3f}, ÷√d_k {sc['grad_mean'][i]:.3f}",
             f"  draws jinka gradient < 0.01: bina scaling {un['grad_tiny_share'][i]:.0%}, "
             f"÷√d_k {sc['grad_tiny_share'][i]:.0%}",
             "→ typical draw (median): " + ratio("bina scaling", un["grad_median"][i], "÷√d_k",
                                                  sc["grad_median"][i], "bada", "chhota"),
             "→ average (mean): " + ratio("bina scaling", un["grad_mean"][i], "÷√d_k",
                                          sc["grad_mean"][i], "bada", "chhota")]
    median_small = un["grad_median"][i] < 0.1 * sc["grad_median"][i]
    mean_small = un["grad_mean"][i] < 0.1 * sc["grad_mean"][i]
    if median_small and not mean_small:
        lines.append("Aadha sach: typical draw (median) ka gradient bahut chhota hai, lekin average "
                     "nahi: kuch draws (jab do scores lagbhag barabar hon) bahut bada gradient dete "
                     "hain. Signal ya to ≈ 0 ya bada: bahut noisy.")
    elif median_small:
        lines.append("Typical aur average, dono me bina scaling gradient ÷√d_k se 10× se zyada chhota.")
    else:
        lines.append("Is measurement me bina scaling typical gradient 10× se zyada chhota nahi hua.")
    if "score_grad_mean" in un:
        lines.append(f"Sirf softmax ka hissa, ‖∂L/∂s‖ (s = softmax ka input): median bina scaling "
                     f"{un['score_grad_median'][i]:.2g}, ÷√d_k {sc['score_grad_median'][i]:.2g}; "
                     f"mean {un['score_grad_mean'][i]:.3f} vs {sc['score_grad_mean'][i]:.3f}")
        lines.append("→ score tak, average (mean): " + ratio(
            "bina scaling", un["score_grad_mean"][i], "÷√d_k", sc["score_grad_mean"][i], "bada", "chhota"))
        if un["score_grad_mean"][i] < 0.5 * sc["score_grad_mean"][i] and not mean_small:
            lines.append("Score tak mean bhi gira: softmax sach me saturate hai. ‖∂L/∂q‖ ka mean isliye "
                         "nahi gira kyunki bina scaling ∂s/∂q = K hai, ÷√d_k wale K/√d_k se √d_k guna "
                         "bada: yeh factor chhote softmax gradient ki bharpai kar deta hai.")
    return "\n".join(lines)


def gradient_onsets(stats: dict, factor: float = 10.0, spread: float = 100.0) -> dict:
    """As d_k grows, the first d_k where the unscaled ‖∂L/∂q‖ median is below the scaled one
    (``below``), ``factor``× below (``far``), and where its 10–90 % band is wider than
    ``spread``× (p90/p10, ``wide``); None where it never happens in ``stats``."""
    un, sc = stats["unscaled"], stats["scaled"]
    rows = list(zip(stats["d_k"], un["grad_median"], sc["grad_median"], un["grad_p10"],
                    un["grad_p90"], strict=True))

    def first(test):
        return next((d for d, u, s, lo, hi in rows if test(u, s, lo, hi)), None)

    return {"below": first(lambda u, s, lo, hi: u < s),
            "far": first(lambda u, s, lo, hi: u * factor < s),
            "wide": first(lambda u, s, lo, hi: hi > spread * lo),
            "factor": factor, "spread": spread}


def gradient_onset_summary(stats: dict, factor: float = 10.0, spread: float = 100.0) -> str:
    """Where the unscaled gradient starts to go wrong as d_k grows, in words from the numbers."""
    on = gradient_onsets(stats, factor, spread)
    d_ks, un, sc = stats["d_k"], stats["unscaled"], stats["scaled"]

    def at(d):
        return "is range me kabhi nahi" if d is None else f"pehli baar d_k = {d} par"

    lines = [f"Median (typical draw), bina scaling: ÷√d_k wale se chhota {at(on['below'])}; "
             f"{factor:g}× se zyada chhota {at(on['far'])}."]
    if on["below"] is not None and on["below"] != d_ks[0]:
        j = d_ks.index(on["below"]) - 1
        lines.append(f"  Usse pehle median chhota nahi: d_k = {d_ks[j]} par bina scaling "
                     f"{un['grad_median'][j]:.3f}, ÷√d_k {sc['grad_median'][j]:.3f}.")
    widest = max(hi / lo for lo, hi in zip(sc["grad_p10"], sc["grad_p90"], strict=True))
    lines.append(f"Band (10–90 % draws) {spread:g}× se chauda (p90/p10), bina scaling: {at(on['wide'])} "
                 f"(÷√d_k ke saath sabse chauda band bhi sirf {widest:.0f}×).")
    if on["wide"] is not None and (on["far"] is None or on["wide"] < on["far"]):
        lines.append("→ Pehle band chauda hota hai (gradient bharosemand nahi rehta), median baad me girta hai.")
    elif on["wide"] is not None:
        lines.append("→ Median pehle gira, band baad me chauda hua.")
    return "\n".join(lines)


# ---------------------------------------------------------------- a fully blocked row

def row_state(row) -> str:
    """What a fully blocked row came out as: "0" (all zeros), "NaN" (any NaN) or "kuch aur"."""
    row = torch.as_tensor(row)
    if row.isnan().any():
        return "NaN"
    return "0" if bool((row == 0).all()) else "kuch aur"


def torch_minor_version(version: str) -> tuple[int, int]:
    """``"2.13.0+cpu"`` → ``(2, 13)``."""
    match = re.match(r"(\d+)\.(\d+)", str(version))
    if match is None:
        raise fail("`version`", "jaisa '2.5.1'", repr(version))
    return int(match.group(1)), int(match.group(2))


def mha_blocked_row_sentence(version: str, with_weights: str, without_weights: str) -> str:
    """What nn.MultiheadAttention gave a fully blocked row with need_weights=True and =False
    (states from ``row_state``), and why, in words that follow the measurement."""
    lines = [f"nn.MultiheadAttention (torch {version}), saari keys ignore:",
             f"  need_weights=True (default): output '{with_weights}'",
             f"  need_weights=False:          output '{without_weights}'"]
    if (with_weights, without_weights) == ("NaN", "0"):
        lines.append("Wajah: need_weights=True par MHA weights lautane ke liye apna plain softmax "
                     "chalata hai (saare -inf → 0/0 = NaN); need_weights=False par woh "
                     "F.scaled_dot_product_attention bulata hai, jo yahan 0 deta hai.")
    elif with_weights == without_weights:
        lines.append(f"Is setup par dono raaste '{with_weights}' dete hain.")
    else:
        lines.append("Dono raaste alag nikle (ek apna softmax, ek F.scaled_dot_product_attention); "
                     "apne setup par khud check kijiye.")
    return "\n".join(lines)


def sdpa_blocked_row_sentence(version: str, state: str) -> str:
    """One line on what this torch's F.sdpa gave a fully blocked row, next to what 2.5+ should do."""
    new = torch_minor_version(version) >= (2, 5)
    expected = "0" if new else "NaN"
    era = "2.5 ya naya" if new else "2.5 se purana"
    head = f"torch {version} ({era}): F.scaled_dot_product_attention ne blocked row ko '{state}' diya"
    if state == expected:
        return head + f", jaisa is version se ummeed thi ({'2.5 se 0' if new else '2.5 se pehle NaN'})."
    return head + f"; ummeed '{expected}' ki thi. Apne setup (device, backend) par yeh khud check kijiye."


def mean_max_weight(attention_fn, d_k: int, n_keys: int = 10, trials: int = 1000,
                    seed: int = 0) -> float:
    """Mean largest weight of ``attention_fn(q, k, v) -> (output, weights)`` over random draws.

    One query and ``n_keys`` keys per draw, every component N(0, 1), float64, seeded: the same
    draws for every function, so two versions are compared on equal terms.
    """
    generator = torch.Generator().manual_seed(seed)
    q = torch.randn(trials, 1, d_k, generator=generator, dtype=torch.float64)
    k = torch.randn(trials, n_keys, d_k, generator=generator, dtype=torch.float64)
    v = torch.randn(trials, n_keys, 2, generator=generator, dtype=torch.float64)
    _, weights = attention_fn(q, k, v)
    return weights.amax(dim=-1).mean().item()


def peak_kind(max_weight: float, n_keys: int = 10) -> str:
    """Name a mean largest weight: "flat" (≈ 1/n_keys), "one-hot" (> 0.9) or "beech me"."""
    if max_weight < 1.5 / n_keys:
        return "flat"
    return "one-hot" if max_weight > 0.9 else "beech me"


def draw_saturation(stats: dict):
    """Four panels vs d_k, unscaled vs scaled: largest weight, entropy, softmax Jacobian's trace
    (1 − Σp²) and the measured ‖∂L/∂q‖ (median, 10–90 % band, mean dotted). Returns the figure."""
    n = stats["n_keys"]
    styles = (("unscaled", "o-", COLORS["rnn"], "bina scaling: q·k"),
              ("scaled", "s-", COLORS["transformer"], "scaled: q·k / √d_k"))
    panels = [("max_weight", "sabse bada weight (mean)", 1 / n, f"uniform = 1/{n}"),
              ("entropy", "entropy (nats)", math.log(n), f"uniform = ln {n}"),
              ("jacobian_trace", "1 − Σp² = Σ ∂p_i/∂s_i\n(softmax Jacobian ka trace)", 1 - 1 / n,
               f"uniform = 1 − 1/{n}")]
    fig, axes = plt.subplots(2, 2, figsize=(12, 7.4))
    axes = axes.flatten()
    ticks = [d for d in stats["d_k"] if math.log2(d) % 2 == 0]
    for ax, (key, label, uniform, uniform_label) in zip(axes, panels, strict=False):
        for kind, marker, color, name in styles:
            ax.plot(stats["d_k"], stats[kind][key], marker, color=color, label=name)
        ax.axhline(uniform, color=COLORS["muted"], ls="--", lw=1)
        ax.text(stats["d_k"][-1], uniform, uniform_label, color=COLORS["muted"], fontsize=8,
                ha="right", va="bottom")
        ax.set_ylim(0, 1.08 * max(uniform, *stats["unscaled"][key], *stats["scaled"][key]))
        ax.set_ylabel(label)
    grad_ax = axes[3]
    for kind, marker, color, name in styles:
        row = stats[kind]
        grad_ax.fill_between(stats["d_k"], row["grad_p10"], row["grad_p90"], color=color, alpha=0.15)
        grad_ax.plot(stats["d_k"], row["grad_median"], marker, color=color, label=f"{name} (median)")
        grad_ax.plot(stats["d_k"], row["grad_mean"], ":", color=color, lw=1.5, label=f"{name} (mean)")
    grad_ax.set_yscale("log")
    grad_ax.set_ylabel("‖∂L/∂q‖, measured (log)\nband = 10–90 % draws")
    grad_ax.legend(fontsize=7, loc="lower left")
    for ax in axes:
        ax.set_xscale("log", base=2)
        ax.set_xticks(ticks, [str(d) for d in ticks])
        ax.set_xlabel("d_k (log scale)")
    axes[1].legend(fontsize=9, loc="lower left")
    fig.suptitle(f"Random q, k ({n} keys, {len(stats['seeds'])} seeds × {stats['trials']} draws): "
                 "bina scaling softmax 'one-hot' ban jaata hai")
    fig.tight_layout()
    return fig


# ---------------------------------------------------------------- pictures

def draw_weight_bars(weights_row, words, query_word: str, ax=None, title: str | None = None):
    """Bar chart of one query's attention weights over the key words; the largest bar is green."""
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
    from matplotlib.patches import Rectangle


    key_words = list(words if key_words is None else key_words)
    fig, (left, right) = plt.subplots(1, 2, figsize=(13, 4.8), width_ratios=[1.25, 1])
    heatmap(weights, key_words, list(words), ax=left, vmax=1.0,
            title=title or "Attention weights (har row ka sum = 1)")
    left.add_patch(Rectangle((-0.5, query_index - 0.5), len(key_words), 1, fill=False,
                             edgecolor=COLORS["accent"], lw=2.5))
    draw_weight_bars(weights[query_index], key_words, words[query_index], ax=right)
    fig.tight_layout()
    return fig
