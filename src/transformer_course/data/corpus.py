"""The course's own small Hinglish corpus, its character vocabulary and training windows (notebook 08).

The corpus ships with the package (``hinglish_corpus.txt``: lowercase, one everyday sentence per
line), so nothing is downloaded at run time."""

from __future__ import annotations

import re
from importlib import resources

import torch

from ..errors import describe, fail, require_positive_int

CORPUS_FILE = "hinglish_corpus.txt"


# ---------------------------------------------------------------- the Hinglish corpus

def load_corpus() -> str:
    """The course's own small Hinglish corpus (lowercase, one everyday sentence per line)."""
    return resources.files(__package__).joinpath(CORPUS_FILE).read_text(encoding="utf-8")


def corpus_words(text: str | None = None) -> set[str]:
    """The set of words in the corpus (letters only)."""
    return set(re.findall(r"[a-z]+", load_corpus() if text is None else text))


class CharVocab:
    """Character-level tokens: one id per distinct character of the text (sorted)."""

    def __init__(self, text: str):
        if not isinstance(text, str) or len(set(text)) < 2:
            raise fail("`text`", "kam se kam 2 alag characters wali string", describe(text))
        self.chars = sorted(set(text))
        self._id = {c: i for i, c in enumerate(self.chars)}

    def __len__(self) -> int:
        return len(self.chars)

    def encode(self, text: str) -> torch.Tensor:
        unknown = sorted(set(text) - set(self._id))
        if unknown:
            raise fail("`text`", "sirf corpus ke characters", f"anjaane characters {unknown!r}",
                       "corpus lowercase hai: `.lower()` lagaiye.")
        return torch.tensor([self._id[c] for c in text], dtype=torch.long)

    def decode(self, ids) -> str:
        return "".join(self.chars[i] for i in (ids.tolist() if isinstance(ids, torch.Tensor) else ids))


def split_blocks(text: str, block_lines: int = 40, every: int = 10, gap_lines: int = 8
                 ) -> dict[str, str]:
    """Train / validation / test texts that share no line, and (nearly) no story, by construction.

    The lines are cut into contiguous blocks of ``block_lines``. Of every ``every`` blocks, the
    second-last goes to validation and the last to test; the rest is training text. The
    ``gap_lines`` training lines just before and after a held-out run are dropped, so a short
    story that starts in training cannot finish in a held-out block (the corpus has no story
    markers, only one sentence per line).
    """
    for name, value in (("block_lines", block_lines), ("every", every)):
        require_positive_int(name, value)
    if every < 3 or not isinstance(gap_lines, int) or gap_lines < 0:
        raise fail("`every`, `gap_lines`", "every ≥ 3 aur gap_lines ≥ 0", f"{every!r}, {gap_lines!r}")
    lines = text.strip("\n").split("\n")
    part = ["train"] * len(lines)
    for i in range(len(lines)):
        block = (i // block_lines) % every
        part[i] = {every - 2: "validation", every - 1: "test"}.get(block, "train")
    held = [i for i, p in enumerate(part) if p != "train"]
    near_held = {j for i in held for j in range(i - gap_lines, i + gap_lines + 1)}
    texts = {"train": [], "validation": [], "test": []}
    for i, (line, p) in enumerate(zip(lines, part, strict=True)):
        if p != "train" or i not in near_held:
            texts[p].append(line)
    return {name: "\n".join(chosen) + "\n" for name, chosen in texts.items()}


def char_windows(ids: torch.Tensor, context: int, batch_size: int, generator: torch.Generator
                 ) -> tuple[torch.Tensor, torch.Tensor]:
    """Random windows of ``context`` characters and the same windows shifted by one (the targets)."""
    require_positive_int("context", context)
    if ids.numel() <= context:
        raise fail("text ki lambai", f"context ({context}) se zyada characters", str(ids.numel()))
    starts = torch.randint(ids.numel() - context, (batch_size,), generator=generator)
    offsets = torch.arange(context)
    x = ids[starts[:, None] + offsets]
    y = ids[starts[:, None] + offsets + 1]
    return x, y


def real_word_fraction(text: str, words: set[str]) -> float:
    """Share of the complete words in ``text`` that are real corpus words (last word dropped if cut)."""
    found = re.findall(r"[a-z]+", text)
    if text and text[-1].isalpha():
        found = found[:-1]
    return sum(w in words for w in found) / len(found) if found else float("nan")


# ---------------------------------------------------------------- count baselines (n-grams)

class CharNGram:
    """The simplest baseline for "agla character": count what followed the last ``order - 1``
    characters in the training text, and nothing more (no parameters are trained).

    Smoothing, from short to long contexts (add-α toward the shorter context)::

        P_1(c)     = (count(c) + α / V) / (N + α)
        P_k(c | h) = (count(h, c) + α · P_{k-1}(c | h without its first char)) / (count(h) + α)

    A context never seen in training (count(h) = 0) simply gives the shorter context's answer,
    so every row is a proper distribution and the held-out cross-entropy is finite.
    """

    def __init__(self, train_ids: torch.Tensor, vocab_size: int, max_order: int = 5,
                 alpha: float = 1.0):
        require_positive_int("max_order", max_order)
        require_positive_int("vocab_size", vocab_size)
        if not alpha > 0:
            raise fail("`alpha`", "positive number", describe(alpha))
        self.vocab_size, self.max_order, self.alpha = vocab_size, max_order, float(alpha)
        ids = train_ids.tolist()
        # tables[k]: for each context of k - 1 chars, how often each next char followed it
        self.tables = [self._count(ids, k - 1) for k in range(1, max_order + 1)]

    def _count(self, ids: list[int], history: int) -> tuple[dict, torch.Tensor]:
        rows: dict[tuple, int] = {}
        pairs = [(rows.setdefault(tuple(ids[t - history:t]), len(rows)), ids[t])
                 for t in range(history, len(ids))]
        counts = torch.zeros(len(rows), self.vocab_size)
        index = torch.tensor(pairs, dtype=torch.long).reshape(-1, 2)
        counts.index_put_((index[:, 0], index[:, 1]), torch.ones(len(pairs)), accumulate=True)
        return rows, counts

    def context_counts(self, ids: torch.Tensor) -> list[torch.Tensor]:
        """For every position t of ``ids`` and each order k: how often each character followed
        the last k - 1 characters (ids[t - k + 2 .. t]) in training; zeros if never seen."""
        ids_list = ids.tolist()
        out = []
        for history, (rows, counts) in enumerate(self.tables):
            row_of = torch.tensor([rows.get(tuple(ids_list[t + 1 - history:t + 1]), -1)
                                   if t + 1 >= history else -1 for t in range(len(ids_list))],
                                  dtype=torch.long)
            seen = torch.zeros(len(ids_list), self.vocab_size)
            seen[row_of >= 0] = counts[row_of[row_of >= 0]]
            out.append(seen)
        return out

    def _smooth(self, counts: list[torch.Tensor], alpha: float | None) -> list[torch.Tensor]:
        alpha = self.alpha if alpha is None else alpha
        p = torch.full((len(counts[0]), self.vocab_size), 1.0 / self.vocab_size)
        out = []
        for seen in counts:   # order 1, 2, …: each falls back on the one before
            p = (seen + alpha * p) / (seen.sum(-1, keepdim=True) + alpha)
            out.append(p)
        return out

    def probabilities(self, ids: torch.Tensor, alpha: float | None = None) -> list[torch.Tensor]:
        """For every position t of ``ids``: P(next char | ids[..t]) for each order 1 … max_order,
        as a list of (len(ids), vocab) tensors (element k - 1 is the k-gram)."""
        return self._smooth(self.context_counts(ids), alpha)

    def scores(self, ids: torch.Tensor, alpha=None):
        """(cross-entropy in nats, next-char accuracy) of each order on the text ``ids``: every
        character after the first is predicted from the ones before it. ``alpha`` may be a list:
        then a dict α → scores, with the training counts looked up only once."""
        targets, counts = ids[1:], self.context_counts(ids[:-1])
        by_alpha = {}
        for a in (alpha if isinstance(alpha, (list, tuple)) else [alpha]):
            by_alpha[a] = []
            for p in self._smooth(counts, a):
                picked = p[torch.arange(len(targets)), targets]
                by_alpha[a].append((float(-picked.log().mean()),
                                    float((p.argmax(-1) == targets).float().mean())))
        return by_alpha if isinstance(alpha, (list, tuple)) else by_alpha[alpha]
