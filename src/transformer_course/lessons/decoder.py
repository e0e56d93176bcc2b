"""Notebook 08_decoder_and_masking: the causal mask drawn, teacher forcing, cross-attention,
and the "mask hatao" experiment (``CharGeneratorWithMask``, ``writing_accuracy``).

The character generator's honest scorecard (held-out cross-entropy next to n-gram baselines,
the best validation checkpoint, the sweep that trains it, its plots) lives in
``decoder_scorecard.py`` and is re-exported here, so the notebook writes ``tc.decoder.<name>``
for both; the tables and sentences the notebook prints from those numbers are at the end of
this module."""

from __future__ import annotations

import math
import statistics

import matplotlib.pyplot as plt
import torch

from ..grading.decoder_checks import CharGeneratorWithMask as CharGeneratorWithMask  # tc.decoder.…
from ..model.dot_product_attention import causal_mask
from .claims import mean_range
from .decoder_scorecard import (  # noqa: F401
    GENERATOR_RECORD,
    HISTORY_POSITIONS,
    corpus_splits,
    history_scores,
    load_generator,
    new_generator,
    ngram_scores,
    plot_generator_record,
    plot_history_scores,
    seed_band,
    sweep_char_generator,
    text_scores,
    train_char_generator,
)
from .plotting import heatmap


def teacher_forcing_table(target_words: list[str], start: str = "<bos>") -> str:
    """Markdown table: at each step, what the decoder has been given and what it must predict."""
    inputs = [start, *target_words[:-1]]
    rows = ["| step | decoder ko input (ab tak ke sahi tokens) | predict karna hai |", "|---|---|---|"]
    for i, wanted in enumerate(target_words):
        rows.append(f"| {i} | {' '.join(inputs[:i + 1])} | **{wanted}** |")
    return "\n".join(rows)


@torch.no_grad()
def writing_accuracy(model, x: torch.Tensor, y: torch.Tensor) -> float:
    """Next-character accuracy as when *writing*: for every k the model gets only x[:, :k] (no
    future at all) and predicts y[:, k - 1] at its last position.

    For a causal model this equals the usual held-out accuracy (the mask hides the future
    anyway); a model that learned to peek at the next character loses that crutch here.
    """
    model.eval()
    right = [model(x[:, :k])[:, -1].argmax(-1) == y[:, k - 1] for k in range(1, x.shape[1] + 1)]
    return float(torch.stack(right, dim=1).float().mean())


# ---------------------------------------------------------------- pictures

def plot_causal_mask(size: int, labels=None, ax=None):
    """The causal mask as a picture: green = may look (past and itself), grey = blocked (future)."""
    mask = causal_mask(size).float()
    if ax is None:
        _, ax = plt.subplots(figsize=(0.5 * size + 2, 0.45 * size + 1.2))
    labels = list(labels) if labels is not None else [str(i) for i in range(size)]
    heatmap(mask, labels, labels, ax=ax, cmap="Greens", vmin=0, vmax=1,
            title="Causal mask: 1 = dekh sakta hai, 0 = future (blocked)",
            xlabel="key (kis position ko dekhe)", ylabel="query (kaun likh raha hai)")
    return ax


def plot_masked_attention(weights_full, weights_causal, labels):
    """Attention weights without and with the causal mask, side by side, on one colour scale."""
    fig, axes = plt.subplots(1, 2, figsize=(11, 3.8))
    heatmap(weights_full, labels, labels, ax=axes[0], title="Bina mask: future bhi dikhta hai",
            vmin=0, vmax=1)
    heatmap(weights_causal, labels, labels, ax=axes[1], title="Causal mask ke saath: sirf past",
            vmin=0, vmax=1)
    fig.tight_layout()
    return axes


def plot_cross_attention(weights, digit_labels, word_labels, ax=None, title=None):
    """Cross-attention (T words × S digits): which digit the decoder looks at for each word."""
    if ax is None:
        _, ax = plt.subplots(figsize=(0.9 * len(digit_labels) + 2.5, 0.55 * len(word_labels) + 1.5))
    heatmap(weights, digit_labels, word_labels, ax=ax, title=title, vmin=0, vmax=1,
            xlabel="encoder memory (input digit)", ylabel="decoder likh raha hai")
    return ax


# ---------------------------------------------------------------- Part A: what the notebook prints

def compare_with_baseline(name: str, values, baseline: str, baseline_value: float,
                          lower_is_better: bool = True, digits: int = 3) -> str:
    """One sentence, in the direction the numbers took: does ``name`` (one value per seed) beat
    ``baseline`` on every seed, on none, or on some?"""
    values = [float(v) for v in values]
    wins = [(v < baseline_value) if lower_is_better else (v > baseline_value) for v in values]
    gaps = [abs(v - baseline_value) for v in values]
    numbers = (f"{name}: {mean_range(values, digits)}, "
               f"{baseline}: {baseline_value:.{digits}f}")
    if all(wins):
        verdict = (f"har seed par {name} behtar (fark {min(gaps):.{digits}f}–"
                   f"{max(gaps):.{digits}f})")
    elif not any(wins):
        verdict = (f"kisi bhi seed par {name} {baseline} se behtar nahi (fark {min(gaps):.{digits}f}–"
                   f"{max(gaps):.{digits}f})")
    else:
        verdict = f"seed par nirbhar: {sum(wins)}/{len(wins)} seeds par {name} behtar"
    return f"{numbers} → {verdict}"


def overfitting_sentence(runs: list[dict]) -> str:
    """Where validation cross-entropy was lowest, and whether it rose again by the last step."""
    best_steps = [run["best_step"] for run in runs]
    rise = [run["validation_ce"][-1] - min(run["validation_ce"]) for run in runs]
    where = f"validation cross-entropy sabse kam step {sorted(set(best_steps))} par tha"
    if min(rise) > 0.02:
        return (f"{where}; aakhri step tak woh har seed par {min(rise):.2f}–{max(rise):.2f} nats "
                "badh gaya (overfitting), isliye best checkpoint rakha")
    if max(rise) <= 0.02:
        return f"{where}; aakhri step tak woh lagbhag wahin raha (≤ 0.02 nats upar)"
    return f"{where}; kuch seeds par baad me {max(rise):.2f} nats tak badha"


def ngram_table(ngram: dict) -> str:
    """Markdown table of the n-gram ladder: α, validation and test cross-entropy and accuracy."""
    rows = ["| model | α (validation se) | validation CE | validation acc | test CE | test acc |",
            "|---|---|---|---|---|---|"]
    for k, order in enumerate(ngram["order"]):
        mark = " **(sabse achha)**" if order == ngram["best_order"] else ""
        rows.append(f"| {order}-gram{mark} | {ngram['alpha'][k]} | {ngram['validation_ce'][k]:.3f} | "
                    f"{ngram['validation_acc'][k]:.1%} | {ngram['test_ce'][k]:.3f} | "
                    f"{ngram['test_acc'][k]:.1%} |")
    return "\n".join(rows)


def ladder_table(results: dict, vocab_size: int) -> str:
    """Test scores from the simplest guess up to the Transformer (mean and range over seeds)."""
    ngram, runs = results["ngram"], results["runs"]
    rows = ["| test text par | cross-entropy (nats, kam = behtar) | accuracy |", "|---|---|---|",
            f"| andha guess ({vocab_size} characters barabar) | {math.log(vocab_size):.3f} | "
            f"{1 / vocab_size:.1%} |"]
    for order in sorted({1, 3, ngram["best_order"]}):
        rows.append(f"| {order}-gram | {ngram['test_ce'][order - 1]:.3f} | "
                    f"{ngram['test_acc'][order - 1]:.1%} |")
    ce, acc = [r["test_ce"] for r in runs], [r["test_acc"] for r in runs]
    rows.append(f"| Transformer (best validation checkpoint, {len(runs)} seeds) | "
                f"{statistics.fmean(ce):.3f} ({min(ce):.3f}–{max(ce):.3f}) | "
                f"{statistics.fmean(acc):.1%} ({min(acc):.1%}–{max(acc):.1%}) |")
    return "\n".join(rows)


def history_sentence(history: dict, short: int = 8) -> str:
    """What a longer history bought each model, in the direction the numbers took (the
    Transformer: mean over seeds, and the gain's range), whether the longest window was worse
    than the one before it on every seed, and where the Transformer's lead over the n-gram comes
    from: the same short context used better, or the longer one."""
    hs = history["history"]
    model = {h: statistics.fmean(v) for h, v in zip(hs, zip(*history["transformer"], strict=True),
                                                     strict=True)}
    ngram = dict(zip(history["ngram_history"], history["ngram"], strict=True))
    longest, top, half = max(hs), max(ngram), short // 2
    where = f"test ki {history.get('positions', HISTORY_POSITIONS)} positions par"
    gains = [seed[hs.index(short)] - seed[hs.index(longest)] for seed in history["transformer"]]
    low, high = min(gains), max(gains)
    lines = [f"n-gram, {half} → {top} characters: {ngram[half]:.3f} → {ngram[top]:.3f} "
             f"({ngram[top] - ngram[half]:+.3f} nats); {top} characters wala context test ki "
             f"{history['ngram_seen'][top]:.0%} jagah hi training me dikha tha",
             f"Transformer, {short} → {longest} characters: {model[short]:.3f} → "
             f"{model[longest]:.3f} nats (seeds ka average)"]
    if low > 0.01:
        lines.append(f"→ har seed par Transformer ne {short} se aage ke characters se "
                     f"{low:.3f}–{high:.3f} nats kamaye: yeh hissa ginti wale model "
                     "ki pahunch ke bahar hai")
    elif max(abs(g) for g in gains) <= 0.01 + 1e-9:
        lines.append(f"→ Transformer ko bhi {short} se aage ke characters se koi khaas fayda "
                     "nahi (kisi seed par 0.01 nats se zyada nahi)")
    elif low > 0:
        lines.append(f"→ {short} se aage ke characters se har seed par chhota fayda: "
                     f"{low:.3f}–{high:.3f} nats kam (sabse kam wale seed par 0.01 se bhi kam)")
    elif high <= 0:
        lines.append(f"→ {short} se aage ke characters se kisi seed par fayda nahi: "
                     f"{-high:.3f}–{-low:.3f} nats zyada")
    else:
        better = sum(g > 0 for g in gains)
        lines.append(f"→ {short} se aage ke characters ka fayda seed par nirbhar: {better}/"
                     f"{len(gains)} seeds par kam hua ({low:+.3f} se {high:+.3f} nats)")
    if len(hs) >= 2:
        before = sorted(hs)[-2]
        worse = [seed[hs.index(longest)] - seed[hs.index(before)] for seed in history["transformer"]]
        if min(worse) > 0:
            lines.append(f"→ {longest} characters ka window {before} se har seed par thoda bura "
                         f"({min(worse):.3f}–{max(worse):.3f} nats): fayda lagbhag {before} "
                         "characters par ruk jaata hai")
    if short in ngram:
        same = ngram[short] - model[short]   # > 0: the Transformer is ahead at the same context
        lines.insert(0, f"{where}, dono ko {short} characters: n-gram {ngram[short]:.3f}, "
                        f"Transformer {model[short]:.3f} nats")
        longer = statistics.fmean(gains)
        if same > 0 and same > longer:
            lines.append(f"→ Transformer ki badhat ka bada hissa ({same:.3f} nats) wahi {short} "
                         f"characters behtar istemaal karne se hai, lambe context se sirf "
                         f"{longer:.3f}: 'lamba context samajhta hai' yahan aadha sach hai")
        elif longer > 0 and longer >= same:
            lines.append(f"→ Transformer ki badhat ka bada hissa lambe context se hai "
                         f"({longer:.3f} nats), {short} characters par woh {same:+.3f} nats aage")
    else:
        lines.insert(0, where)
    return "\n".join(lines)


def longest_training_piece(text: str, training: str) -> str:
    """The longest piece of ``text`` that occurs, character for character, in ``training``."""
    best = ""
    for start in range(len(text)):
        length = len(best) + 1
        while start + length <= len(text) and text[start:start + length] in training:
            best = text[start:start + length]
            length += 1
    return best


def copied_pieces_sentence(samples: dict[str, str], training: str) -> str:
    """For each sample: its longest piece found verbatim in the training text, how often that
    piece occurs there, next to the training text's average line length."""
    lines = training.strip().split("\n")
    average = statistics.fmean(len(line) for line in lines)
    rows, lengths = [], []
    for name, text in samples.items():
        piece = longest_training_piece(text, training)
        lengths.append(len(piece))
        rows.append(f"{name:>16}: {len(piece):>3} characters {piece!r}, training me "
                    f"{training.count(piece)} baar")
    verdict = ("poori line jitna lamba copy kisi sample me nahi, bas chhote tukde hoo-ba-hoo"
               if max(lengths) < average else "kam se kam ek sample me line jitna lamba tukda copy hua")
    rows.append(f"→ sabse lamba hoo-ba-hoo tukda {min(lengths)}–{max(lengths)} characters; "
                f"training ki ek line average {average:.0f} characters ki hai: {verdict}")
    return "\n".join(rows)
