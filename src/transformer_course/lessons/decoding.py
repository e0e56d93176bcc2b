"""Notebook 08b_generation: the sampling explorer (temperature, top-k, top-p, with the
probabilities behind each pick) and the KV cache timed against recomputing.

Greedy vs beam search on notebook 08's digits → number-words translator (its training, the
sweep ``sweep_translator`` and its checkpoint, the attention grids) lives in
``decoding_translator.py`` and is re-exported here, so the notebook writes
``tc.decoding.<name>`` for both."""

from __future__ import annotations

import statistics
import time

import matplotlib.pyplot as plt
import torch

from ..data.corpus import CharVocab
from ..model.generation import next_token, sampling_probabilities
from ..model.kv_cache import cached_step, empty_cache
from ..model.tiny_models import CharGenerator
from .decoding_translator import (  # noqa: F401 (tc.decoding.<name>)
    BEAM_WIDTHS,
    EARLY_STEPS,
    TIE,
    TRANSLATOR_CONFIG,
    TRANSLATOR_RECORD,
    answer_log_prob,
    beam_break_rows,
    beam_report,
    beam_sentence,
    beam_table,
    error_kind,
    load_translator,
    model_or_search_error,
    number_task,
    plot_translator_attention,
    step_probs,
    sweep_translator,
    train_translator,
    translate,
    translator_attention,
)
from .plotting import COLORS, to_numpy

# ---------------------------------------------------------------- sampling explorer

def char_label(char: str) -> str:
    """A character as a bar label: a space as ␣, a newline as \\n."""
    return {" ": "␣", "\n": "\\n"}.get(char, char)


@torch.no_grad()
def next_logits(model: CharGenerator, vocab: CharVocab, text: str) -> torch.Tensor:
    """The model's next-character logits (vocab,) after ``text`` (its last max_len characters)."""
    model.eval()
    device = next(model.parameters()).device
    return model(vocab.encode(text)[-model.max_len:][None].to(device))[0, -1].cpu()


def sample_with_reasons(model: CharGenerator, vocab: CharVocab, prompt: str, length: int,
                        temperature: float, top_k=None, top_p=None, seed: int = 0) -> list[dict]:
    """Write ``length`` characters and keep, for every pick, its probability (after the
    filters) and how many characters were still allowed."""
    generator, text, picks = torch.Generator().manual_seed(seed), prompt, []
    for _ in range(length):
        logits = next_logits(model, vocab, text)
        probs = sampling_probabilities(logits, temperature, top_k, top_p)
        pick = int(next_token(logits, temperature, top_k, generator, top_p))
        picks.append({"char": vocab.chars[pick], "prob": float(probs[pick]),
                      "allowed": int((probs > 0).sum()), "probs": probs})
        text += vocab.chars[pick]
    return picks


def plot_pick(probs: torch.Tensor, raw: torch.Tensor, vocab: CharVocab, pick: int, ax=None,
              show: int = 15, title: str | None = None):
    """Bars: the distribution a pick was drawn from (grey outline: the model's own T = 1
    probabilities), the picked character marked in red."""
    probs, raw = to_numpy(probs), to_numpy(raw)
    order = list(raw.argsort()[::-1][:show])
    if pick not in order:
        order[-1] = pick
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 3))
    x = range(len(order))
    ax.bar(x, raw[order], color="none", edgecolor=COLORS["muted"], linewidth=1.0,
           label="model (T = 1, bina filter)")
    colors = [COLORS["rnn"] if i == pick else COLORS["transformer"] if probs[i] > 0
              else COLORS["muted"] for i in order]
    ax.bar(x, probs[order], color=colors, alpha=0.85, width=0.6, label="filter ke baad")
    ax.set_xticks(list(x), [char_label(vocab.chars[i]) for i in order])
    where = order.index(pick)
    ax.annotate("chuna", (where, probs[pick]), xytext=(0, 12), textcoords="offset points",
                ha="center", color=COLORS["rnn"], fontsize=9,
                arrowprops={"arrowstyle": "->", "color": COLORS["rnn"]})
    ax.set_ylim(0, 1.12)
    ax.set_ylabel("probability")
    ax.set_xlabel(f"agla character (model ke top {show})")
    ax.legend(loc="upper right", fontsize=8)
    if title:
        ax.set_title(title)
    return ax


def draw_sampling(model: CharGenerator, vocab: CharVocab, prompt: str, temperature: float,
                  top_k=None, top_p=None, seed: int = 0, length: int = 60, steps: int = 3):
    """Explorer view: the first ``steps`` picks with the distribution behind each, then the
    whole seeded sample and each pick's probability."""
    picks = sample_with_reasons(model, vocab, prompt, length, temperature, top_k, top_p, seed)
    fig, axes = plt.subplots(1, steps, figsize=(4.6 * steps, 3.3), sharey=True)
    text = prompt
    for step, ax in enumerate(axes):
        raw = sampling_probabilities(next_logits(model, vocab, text), 1.0)
        pick = vocab.chars.index(picks[step]["char"])
        plot_pick(picks[step]["probs"], raw, vocab, pick, ax=ax, show=12,
                  title=f"step {step + 1}: ...{char_label(text[-8:])!s}")
        if step:
            ax.set_ylabel("")
            ax.get_legend().remove()
        text += picks[step]["char"]
    k_text = "sab" if top_k is None else str(top_k)
    p_text = "nahi" if top_p is None else f"{top_p:g}"
    fig.suptitle(f"temperature {temperature:g}, top-k {k_text}, top-p {p_text}, seed {seed}")
    fig.tight_layout()
    plt.show()
    sample = "".join(p["char"] for p in picks)
    print(f"{prompt!r} + {sample!r}")
    first = " ".join(f"{char_label(p['char'])}:{p['prob']:.2f}" for p in picks[:12])
    print(f"pehle 12 picks (character:probability): {first}")
    print(f"har pick ke waqt allowed characters: kam se kam {min(p['allowed'] for p in picks)}, "
          f"zyada se zyada {max(p['allowed'] for p in picks)}; chune gaye character ki "
          f"average probability {statistics.fmean(p['prob'] for p in picks):.2f}")


# ---------------------------------------------------------------- KV cache vs recomputing

def _median_time(fn, repeats: int) -> float:
    fn()   # warm-up, not counted
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


@torch.no_grad()
def time_next_token(model: CharGenerator, lengths=(32, 64, 128, 256, 512), repeats: int = 20,
                    seed: int = 0) -> dict:
    """Median seconds (after one warm-up call) to get the next token's logits when the text
    already has L tokens: by recomputing (the model on all L tokens) and with a cache of L
    tokens (one cached step). Always on the CPU: on a GPU a call returns before the work is
    done (async launches), so this clock would time only the launch."""
    model = model.cpu().eval()
    vocab_size = model.head.out_features
    ids = torch.randint(0, vocab_size, (1, max(lengths) + 1),
                        generator=torch.Generator().manual_seed(seed))
    out = {"length": list(lengths), "recompute_s": [], "cache_s": [], "repeats": repeats}
    for length in lengths:
        _, cache = cached_step(model, ids[:, :length], empty_cache(model))   # prefill once
        whole, new = ids[:, :length + 1], ids[:, length:length + 1]
        out["recompute_s"].append(_median_time(lambda whole=whole: model(whole), repeats))
        out["cache_s"].append(_median_time(
            lambda new=new, cache=cache: cached_step(model, new, cache), repeats))
    out["speedup"] = [r / c for r, c in zip(out["recompute_s"], out["cache_s"], strict=True)]
    return out


def plot_kv_speed(timing: dict):
    """Left: ms per next token vs length, both ways; right: the speed ratio."""
    fig, (ax_t, ax_r) = plt.subplots(1, 2, figsize=(10, 3.4))
    lengths = timing["length"]
    ax_t.plot(lengths, [1e3 * t for t in timing["recompute_s"]], "o-", color=COLORS["rnn"],
              label="har baar poora recompute")
    ax_t.plot(lengths, [1e3 * t for t in timing["cache_s"]], "o-", color=COLORS["transformer"],
              label="KV cache (sirf naya token)")
    ax_r.plot(lengths, timing["speedup"], "o-", color=COLORS["accent"])
    ax_r.axhline(1.0, color=COLORS["muted"], linestyle="--", linewidth=1)
    for ax in (ax_t, ax_r):
        ax.set_xscale("log", base=2)
        ax.set_yscale("log")
        ax.set_xticks(lengths, [str(n) for n in lengths])
        ax.set_xlabel("text me pehle se tokens (L)")
    ax_t.set_ylabel("ms per agla token (CPU, median, log)", fontsize=9)
    ax_t.legend(fontsize=8)
    ax_r.set_ylabel("recompute / cache (log)")
    ax_t.set_title("Agla token: kitna time?")
    ax_r.set_title("KV cache kitne guna tez (1 = barabar)")
    fig.tight_layout()
    return fig


def speed_sentence(timing: dict) -> str:
    """The ratios at every length, and which way they went (printed, never asserted)."""
    parts = ", ".join(f"L={n}: {s:.1f}×" for n, s in zip(timing["length"], timing["speedup"],
                                                         strict=True))
    first, last = timing["speedup"][0], timing["speedup"][-1]
    trend = ("lambe text par fayda badhta gaya" if last > first * 1.2 else
             "lambai ke saath fayda khaas nahi badla" if last >= first / 1.2 else
             "lambe text par fayda ghat gaya")
    slower = [n for n, s in zip(timing["length"], timing["speedup"], strict=True) if s < 1]
    note = f"; L = {slower} par cache ulta dheema tha" if slower else ""
    return (f"recompute / cache (is machine ke CPU par): {parts} → L={timing['length'][0]} se "
            f"L={timing['length'][-1]} tak {trend}{note}")
