"""Notebook 08_decoder_and_masking: the causal mask drawn, teacher forcing, cross-attention, sampling,
and the "mask hatao" experiment (``CharGeneratorWithMask``, ``writing_accuracy``)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import torch

from ..data.corpus import CharVocab
from ..grading.decoder_checks import CharGeneratorWithMask as CharGeneratorWithMask  # tc.decoder.…
from ..model.dot_product_attention import causal_mask
from ..model.generation import generate, sampling_probabilities
from ..model.tiny_models import CharGenerator
from .plotting import COLORS, heatmap, to_numpy


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
    heatmap(mask, labels, labels, ax=ax, cmap="Greens", vmin=0, vmax=1.3,
            title="Causal mask: 1 = dekh sakta hai, 0 = future (blocked)",
            xlabel="key (kis position ko dekhe)", ylabel="query (kaun likh raha hai)")
    return ax


def plot_masked_attention(weights_full, weights_causal, labels):
    """Attention weights without and with the causal mask, side by side."""
    fig, axes = plt.subplots(1, 2, figsize=(11, 3.8))
    heatmap(weights_full, labels, labels, ax=axes[0], title="Bina mask: future bhi dikhta hai")
    heatmap(weights_causal, labels, labels, ax=axes[1], title="Causal mask ke saath: sirf past")
    fig.tight_layout()
    return axes


def plot_cross_attention(weights, digit_labels, word_labels, ax=None, title=None):
    """Cross-attention (T words × S digits): which digit the decoder looks at for each word."""
    if ax is None:
        _, ax = plt.subplots(figsize=(0.9 * len(digit_labels) + 2.5, 0.55 * len(word_labels) + 1.5))
    heatmap(weights, digit_labels, word_labels, ax=ax, title=title, vmin=0, vmax=1,
            xlabel="encoder memory (input digit)", ylabel="decoder likh raha hai")
    return ax


def plot_next_char(logits, vocab: CharVocab, temperature: float, top_k, ax=None, show: int = 15):
    """Bar chart of the next-character probabilities for the given temperature and top-k."""
    probs = to_numpy(sampling_probabilities(logits, temperature, top_k))
    order = probs.argsort()[::-1][:show]
    names = [repr(vocab.chars[i])[1:-1] if vocab.chars[i].strip() else
             ("␣" if vocab.chars[i] == " " else "\\n") for i in order]
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 3))
    colors = [COLORS["transformer"] if probs[i] > 0 else COLORS["muted"] for i in order]
    ax.bar(range(len(order)), probs[order], color=colors)
    ax.set_xticks(range(len(order)), names)
    ax.set_ylim(0, 1)
    ax.set_ylabel("probability")
    ax.set_xlabel("agla character (top 15)")
    k_text = "sab" if top_k is None else str(top_k)
    ax.set_title(f"temperature = {temperature:g}, top_k = {k_text}")
    return ax


def draw_sampling(model: CharGenerator, vocab: CharVocab, prompt: str, temperature: float,
                  top_k: int | None, seed: int = 0, length: int = 100):
    """Explorer view: the next-character distribution after ``prompt`` and one seeded sample."""
    with torch.no_grad():
        model.eval()
        device = next(model.parameters()).device
        logits = model(vocab.encode(prompt)[None].to(device))[0, -1].cpu()
    plot_next_char(logits, vocab, temperature, top_k)
    plt.show()
    text = generate(model, vocab, prompt, length, temperature, top_k, seed=seed)
    print(f"seed {seed}: {text!r}")
