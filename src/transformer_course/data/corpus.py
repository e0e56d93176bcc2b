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


def split_lines(text: str, held_out_every: int = 10) -> tuple[str, str]:
    """Every ``held_out_every``-th line goes to the held-out text, the rest to training."""
    lines = text.strip("\n").split("\n")
    train = [line for i, line in enumerate(lines) if i % held_out_every != held_out_every - 1]
    held = [line for i, line in enumerate(lines) if i % held_out_every == held_out_every - 1]
    return "\n".join(train) + "\n", "\n".join(held) + "\n"


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
