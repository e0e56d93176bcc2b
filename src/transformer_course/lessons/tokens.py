"""Notebook 01b_tokens_embeddings: text → tokens → ids → vectors.

Its tables (char vs word vs BPE views), figures (vocabulary size vs sequence length over merges,
the 2-D map of word vectors), the merges explorer's drawing, and the small measurements of what
training does to embeddings (cosine neighbours, agreement with next-word counts). The tokenizers
themselves live in ``data/tokenizers.py`` (``tc.tokenizers``).
"""

from __future__ import annotations

import re
import statistics

import matplotlib.pyplot as plt
import torch

from ..data.tokenizers import (
    UNK,
    BPETokenizer,
    bpe_curve,
    char_tokenize,
    pretokenize,
    word_counts,
    word_tokenize,
    word_vocab,
)
from .plotting import use_course_style

# ---------------------------------------------------------------- spelling variants

def variant_counts(text: str, groups: list[list[str]]) -> list[tuple[str, int]]:
    """How often each spelling of each group occurs as a whole word in ``text``."""
    words = re.findall(r"[a-z]+", text.lower())
    counts = {w: 0 for group in groups for w in group}
    for w in words:
        if w in counts:
            counts[w] += 1
    return [(w, counts[w]) for group in groups for w in group]


# ---------------------------------------------------------------- three views side by side

def view_table(train: str, test: str, tokenizer: BPETokenizer) -> list[dict]:
    """Vocabulary size, tokens per held-out line and the held-out `<unk>` share of each view."""
    lines = [line for line in test.splitlines() if line.strip()]
    vocab = word_vocab(train)
    chars = set(char_tokenize(train))
    rows = []
    for name, size, tokenize in (
            ("character", len(chars), lambda s: [c if c in chars else UNK for c in char_tokenize(s)]),
            ("word", len(vocab), lambda s: word_tokenize(s, vocab)),
            (f"BPE ({len(tokenizer.merges)} merges)", len(tokenizer.vocab), tokenizer.tokenize)):
        tokens = [tokenize(line) for line in lines]
        flat = [t for line in tokens for t in line]
        rows.append({"view": name, "vocab": size,
                     "tokens_per_line": statistics.fmean(len(t) for t in tokens),
                     "unk_share": sum(t == UNK for t in flat) / len(flat)})
    return rows


def print_view_table(rows: list[dict]) -> None:
    print(f"{'view':<20}{'vocab size':>12}{'tokens/line':>14}{'<unk> share':>14}")
    for r in rows:
        print(f"{r['view']:<20}{r['vocab']:>12,}{r['tokens_per_line']:>14.1f}{r['unk_share']:>14.1%}")


def show_pieces(tokens: list[str]) -> str:
    """Tokens joined by '·' (one BPE piece each), e.g. 'nahi·n pa·ta'."""
    return " · ".join(tokens)


def heldout_unknown_words(train: str, test: str, tokenizer: BPETokenizer) -> dict:
    """Held-out words never seen in training: share, examples, and how BPE splits them."""
    known = set(pretokenize(train))
    words = [w for w in pretokenize(test) if w.isalpha()]
    unseen = [w for w in dict.fromkeys(words) if w not in known]
    return {"share": sum(w not in known for w in words) / len(words),
            "examples": [(w, tokenizer.split_word(w)) for w in unseen[:6]]}


# ---------------------------------------------------------------- vocab size vs sequence length

def merge_curve(train: str, merges) -> dict:
    """(merges, vocab size, tokens per line) after every merge, counted on the training text,
    and the word view's point (every chunk one token) for comparison."""
    counts = word_counts(train)
    lines = sum(1 for line in train.splitlines() if line.strip())
    curve = bpe_curve(counts, merges)
    return {"merges": list(range(len(curve))), "vocab": [v for v, _ in curve],
            "tokens_per_line": [t / lines for _, t in curve],
            "word_point": (len(counts), sum(counts.values()) / lines)}


def plot_merge_curve(curve: dict, ax=None):
    """Vocabulary size (x, log) vs average tokens per line (y), one dot per number of merges."""
    use_course_style()
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 4))
    points = ax.scatter(curve["vocab"], curve["tokens_per_line"], c=curve["merges"], cmap="viridis", s=8)
    plt.colorbar(points, ax=ax, label="merges")
    ax.scatter(*curve_point(curve, 0), color="tab:red", s=60, zorder=3, label="character (0 merges)")
    ax.scatter(*curve["word_point"], color="tab:orange", marker="s", s=60, zorder=3, label="word view")
    ax.set_xscale("log")
    ax.set_xlabel("vocabulary size (log scale)")
    ax.set_ylabel("tokens per line (train text)")
    ax.set_title("BPE: har merge vocab +1, sequence thoda chhota")
    ax.legend(loc="upper right")
    return ax


def curve_point(curve: dict, merges: int) -> tuple[int, float]:
    return curve["vocab"][merges], curve["tokens_per_line"][merges]


def draw_merges_explorer(merges, alphabet, sentence: str, curve: dict, num_merges: int):
    """Explorer: the sentence split with the first ``num_merges`` merges, and where that sits
    on the vocabulary-size vs sequence-length curve."""
    tokenizer = BPETokenizer(merges[:num_merges], alphabet)
    pieces = tokenizer.tokenize(sentence)
    print(f"{num_merges} merges → vocab {len(tokenizer.vocab)} | is sentence me {len(pieces)} tokens")
    print(show_pieces(pieces))
    ax = plot_merge_curve(curve)
    ax.scatter(*curve_point(curve, num_merges), s=160, facecolor="none", edgecolor="black",
               linewidth=2, zorder=4)
    plt.show()


# ---------------------------------------------------------------- embeddings: data and measurements

def next_word_pairs(text: str, vocab: list[str]) -> tuple[torch.Tensor, torch.Tensor]:
    """(current word id, next word id) for every neighbouring pair inside a line."""
    index = {w: i for i, w in enumerate(vocab)}
    xs, ys = [], []
    for line in text.splitlines():
        ids = [index.get(w, 0) for w in pretokenize(line)]
        xs += ids[:-1]
        ys += ids[1:]
    return torch.tensor(xs), torch.tensor(ys)


def next_word_counts(x: torch.Tensor, y: torch.Tensor, vocab_size: int) -> torch.Tensor:
    """Row w: how often each word followed w (the counting baseline, no training)."""
    counts = torch.zeros(vocab_size, vocab_size)
    counts.index_put_((x, y), torch.ones(len(x)), accumulate=True)
    return counts


def cosine_matrix(rows: torch.Tensor) -> torch.Tensor:
    unit = rows / rows.norm(dim=1, keepdim=True).clamp_min(1e-12)
    return unit @ unit.T


def neighbours(rows: torch.Tensor, vocab: list[str], word: str, k: int = 4) -> list[str]:
    """The k words whose rows have the highest cosine similarity with ``word``'s row
    (``<unk>`` left out: it is many words, not one)."""
    i = vocab.index(word)
    sims = cosine_matrix(rows)[i].clone()
    sims[i] = -2.0
    for j, w in enumerate(vocab):
        if w == UNK:
            sims[j] = -3.0
    return [vocab[j] for j in sims.topk(k).indices.tolist()]


def frequent_words(x: torch.Tensor, vocab: list[str], n: int) -> list[int]:
    """Ids of the n most frequent (alphabetic) words among the inputs x."""
    freq = torch.bincount(x, minlength=len(vocab))
    return [i for i in freq.argsort(descending=True).tolist() if vocab[i].isalpha()][:n]


def agreement(embedding: torch.Tensor, counts: torch.Tensor, ids: list[int]) -> float:
    """Pearson correlation, over all pairs of the words ``ids``, between the cosine of their
    vectors and the cosine of their next-word count rows."""
    a, b = cosine_matrix(embedding[ids].double()), cosine_matrix(counts[ids].double())
    upper = torch.triu_indices(len(ids), len(ids), 1)
    a, b = a[upper[0], upper[1]], b[upper[0], upper[1]]
    a, b = a - a.mean(), b - b.mean()
    return float((a * b).sum() / (a.norm() * b.norm()))


def agreement_sentence(before: list[float], shuffled: list[float], after: list[float],
                       steps: int) -> str:
    """A sentence printed from the numbers: did training move the agreement beyond both
    baselines (random init, and a model trained on shuffled next words), and how much."""
    from .claims import mean_range
    baseline = max(before + shuffled)
    if min(after) > baseline + 0.1:
        verdict = (f"{steps} steps par training ke baad har seed par dono baselines se saaf zyada: "
                   "vectors ne 'kiske baad kya aata hai' wali jaankari pakdi, aur shuffled wala "
                   "baseline dikhata hai ki yeh words ke order se aayi")
    elif min(after) > baseline:
        verdict = f"{steps} steps par baselines se thoda zyada, lekin fark chhota hai (aadha sach)"
    else:
        verdict = f"{steps} steps par baselines se koi saaf fark nahi dikha"
    return (f"agreement, baseline (random init):          {mean_range(before)}\n"
            f"agreement, baseline (shuffled agle words): {mean_range(shuffled)}\n"
            f"agreement, trained ({steps} steps):           {mean_range(after)}\n→ {verdict}.")


def unigram_nll(y: torch.Tensor, vocab_size: int, smoothing: float = 0.1) -> float:
    """Mean NLL (nats) of the targets y when every word is guessed from its overall frequency
    (add-``smoothing`` counts): the guess that ignores the current word."""
    freq = torch.bincount(y, minlength=vocab_size).double() + smoothing
    return float(-(freq / freq.sum())[y].log().mean())


def bigram_nll(counts: torch.Tensor, x: torch.Tensor, y: torch.Tensor, smoothing: float = 0.1
               ) -> float:
    """Mean NLL (nats) of y given x from the next-word count table (add-``smoothing`` counts).
    With ``smoothing=0`` on the pairs the table was counted from, this is the lowest loss any
    model that sees only the current word can reach on those pairs."""
    table = counts.double() + smoothing
    probs = table / table.sum(1, keepdim=True)
    return float(-probs[x, y].log().mean())


def loss_sentence(unigram: float, bigram: float, floor: float, model: list[float]) -> str:
    """Model loss next to the counting baselines, with a verdict that follows the numbers."""
    from .claims import mean_range
    mean = statistics.fmean(model)
    if mean < unigram - 0.3:
        first = "model unigram se saaf neeche: usne abhi wale word ka istemaal kiya"
    else:
        first = "model unigram se saaf neeche nahi: abhi wale word ka fayda nahi dikha"
    if abs(mean - bigram) <= 0.15:
        second = "aur bigram ginti ke aas-paas hai: itna hi seedha gin kar bhi milta hai"
    elif mean > bigram:
        second = "lekin bigram ginti se peeche hai: in steps me ginti tak nahi pahuncha"
    else:
        second = "aur bigram (add-0.1) se bhi neeche, lekin had (bina smoothing) se neeche kabhi nahi"
    return (f"unigram (abhi wala word dekhe bina, sirf aam-ginti): {unigram:.2f}\n"
            f"bigram ginti (add-0.1 smoothing, train pairs):      {bigram:.2f}\n"
            f"had: bigram ginti bina smoothing:                  {floor:.2f}\n"
            f"model (poore train pairs par):                     {mean_range(model)}\n"
            f"→ {first}, {second}.")


POSTPOSITIONS = ("ka", "ki", "ke", "ko", "ne", "se", "me", "par")


def plot_embeddings_2d(before: torch.Tensor, after: torch.Tensor, vocab: list[str], ids: list[int],
                       highlight=POSTPOSITIONS):
    """The word vectors ``ids`` projected to 2-D (PCA via SVD), before and after training;
    the ``highlight`` words in orange, labels nudged apart so they do not overlap."""
    use_course_style()
    fig, axes = plt.subplots(1, 2, figsize=(12, 5.5))
    for ax, rows, title in ((axes[0], before, "random init (training se pehle)"),
                            (axes[1], after, "training ke baad")):
        points = pca_2d(rows[ids])
        marked = [vocab[i] in highlight for i in ids]
        colours = ["tab:orange" if m else "tab:blue" for m in marked]
        ax.scatter(points[:, 0], points[:, 1], s=16, c=colours, zorder=3)
        span = (points.max(0).values - points.min(0).values).clamp_min(1e-6)
        labels = spread_labels(points / span) * span
        for (px, py), (lx, ly), i, m in zip(points.tolist(), labels.tolist(), ids, marked, strict=True):
            ax.annotate(vocab[i], (px, py), xytext=(lx, ly), fontsize=8.5, ha="center", va="center",
                        color="tab:orange" if m else "black", fontweight="bold" if m else "normal",
                        arrowprops={"arrowstyle": "-", "color": "0.6", "lw": 0.5})
        ax.set_title(title)
        ax.set_xticks([])
        ax.set_yticks([])
        ax.margins(0.08)
    fig.suptitle("Word vectors ka 2-D map (PCA): paas = milte-julte vectors (2-D me); "
                 "naranji = ka, ki, ke, ko, ne, se, me, par")
    fig.tight_layout()
    return fig


def spread_labels(points: torch.Tensor, gap=(0.09, 0.05), steps: int = 400) -> torch.Tensor:
    """Label positions near ``points`` (scaled to a ~unit box), pushed away from each other and
    from the other dots until none is closer than ``gap`` (x, y): a small hand-made adjustText."""
    scale = 1 / torch.tensor(gap, dtype=torch.float64)
    base = points.double() * scale                      # one label "box" = 1 unit
    n = len(base)
    turn = torch.arange(n, dtype=torch.float64) * 2.4     # tiny fixed jitter: equal spots can split
    labels = base + torch.tensor([0.0, 0.8], dtype=torch.float64) + 0.05 * torch.stack(
        [turn.cos(), turn.sin()], dim=1)
    for _ in range(steps):
        others = torch.cat([labels, base])              # labels repel labels and other dots
        diff = labels[:, None, :] - others[None, :, :]
        dist = diff.norm(dim=-1)
        dist[torch.arange(n), torch.arange(n)] = float("inf")
        reach = torch.ones_like(dist)
        reach[torch.arange(n), n + torch.arange(n)] = 0.6   # sits just above its own dot
        overlap = (reach - dist).clamp_min(0)
        if not (overlap > 0).any():
            break
        push = diff / dist[..., None].clamp_min(1e-6) * overlap[..., None]
        labels = labels + 0.3 * push.sum(1)
        labels = base + (labels - base).clamp(-2.5, 2.5)  # stay near the dot
    return (labels / scale).float()


def pca_2d(rows: torch.Tensor) -> torch.Tensor:
    """Project rows onto their two main directions (centred SVD)."""
    centred = rows.detach().double() - rows.detach().double().mean(0)
    _, _, v = torch.linalg.svd(centred, full_matrices=False)
    return (centred @ v[:2].T).float()
