"""Text → tokens for notebook 01b: characters, words and byte-pair encoding (BPE), from scratch.

Standard library only (reached as ``tc.tokenizers``). The references the 01b exercises are
checked against live here: ``count_pairs`` and ``merge_pair`` (one BPE merge step) and
``train_bpe`` (the whole loop).

Conventions (kept simple on purpose):

* ``pretokenize`` cuts a text into *chunks*: runs of letters/digits, and every other
  non-space character (punctuation) on its own. Spaces are dropped; a merge never crosses a
  chunk (word) boundary. Real tokenizers also keep the space (GPT-2's "Ġ", SentencePiece's "▁").
* A corpus for BPE is ``word_counts``: ``{("n", "a", "h", "i"): 125, …}``, each chunk as a tuple
  of its symbols, with how often it occurs (first-seen order).
* The most frequent pair wins; a tie goes to the pair that sorts first (``best_pair``), so every
  run, on every machine, learns the same merges.
"""

from __future__ import annotations

import re
from collections import Counter

UNK = "<unk>"
_CHUNK = re.compile(r"[a-z0-9]+|[^\sa-z0-9]")


def pretokenize(text: str) -> list[str]:
    """Lowercased text → chunks: words (letters/digits) and punctuation marks, spaces dropped."""
    return _CHUNK.findall(text.lower())


def word_counts(text: str) -> dict[tuple[str, ...], int]:
    """Every chunk of ``text`` as a tuple of characters, with its count (first-seen order)."""
    counts = Counter(pretokenize(text))
    return {tuple(word): n for word, n in counts.items()}


def line_counts(text: str) -> dict[tuple[str, ...], int]:
    """No word boundaries (01b's Modify): every non-empty line, stripped, is one "word" of
    characters with each space written as "_"; equal lines are counted together. The text is
    taken as it is (the course corpus is already lowercase)."""
    counts: dict[tuple[str, ...], int] = {}
    for line in text.splitlines():
        line = line.strip()
        if line:
            word = tuple(line.replace(" ", "_"))
            counts[word] = counts.get(word, 0) + 1
    return counts


def count_pairs(counts: dict[tuple[str, ...], int]) -> dict[tuple[str, str], int]:
    """How often each adjacent pair of symbols occurs, inside words only (weighted by count)."""
    pairs: dict[tuple[str, str], int] = {}
    for word, n in counts.items():
        for pair in zip(word[:-1], word[1:], strict=True):          # len(word) - 1 pairs, overlaps included
            pairs[pair] = pairs.get(pair, 0) + n
    return pairs


def merge_pair(word: tuple[str, ...], pair: tuple[str, str]) -> tuple[str, ...]:
    """Replace every occurrence of ``pair`` in ``word`` by one symbol, left to right, without
    overlaps: ("a", "a", "a") with ("a", "a") → ("aa", "a")."""
    out, i = [], 0
    while i < len(word):
        if i + 1 < len(word) and word[i] == pair[0] and word[i + 1] == pair[1]:
            out.append(word[i] + word[i + 1])
            i += 2
        else:
            out.append(word[i])
            i += 1
    return tuple(out)


def best_pair(pairs: dict[tuple[str, str], int]) -> tuple[str, str]:
    """The most frequent pair; a tie goes to the pair that sorts first."""
    return min(pairs, key=lambda p: (-pairs[p], p))


def merge_everywhere(counts: dict[tuple[str, ...], int], pair: tuple[str, str]
                     ) -> dict[tuple[str, ...], int]:
    """``counts`` with ``pair`` merged in every word (words that become equal are added up)."""
    merged: dict[tuple[str, ...], int] = {}
    for word, n in counts.items():
        new = merge_pair(word, pair)
        merged[new] = merged.get(new, 0) + n
    return merged


def train_bpe(counts: dict[tuple[str, ...], int], num_merges: int) -> list[tuple[str, str]]:
    """Learn up to ``num_merges`` merges (fewer if no pair is left): count, pick, merge, repeat."""
    if not isinstance(num_merges, int) or num_merges < 0:
        raise ValueError(f"num_merges ek 0 ya positive int chahiye, mila {num_merges!r}")
    merges = []
    for _ in range(num_merges):
        pairs = count_pairs(counts)
        if not pairs:
            break
        pair = best_pair(pairs)
        merges.append(pair)
        counts = merge_everywhere(counts, pair)
    return merges


def bpe_curve(counts: dict[tuple[str, ...], int], merges: list[tuple[str, str]]
              ) -> list[tuple[int, int]]:
    """(vocabulary size, total tokens) after 0, 1, …, len(merges) merges of ``counts``."""
    vocab = len({s for word in counts for s in word})
    total = sum(len(w) * n for w, n in counts.items())
    curve = [(vocab, total)]
    words = list(counts.items())
    for pair in merges:
        vocab += 1
        for k, (word, n) in enumerate(words):
            if pair[0] in word and pair[1] in word:   # skip words that cannot hold the pair
                new = merge_pair(word, pair)
                total -= (len(word) - len(new)) * n
                words[k] = (new, n)
        curve.append((vocab, total))
    return curve


class BPETokenizer:
    """Apply learned merges (in order) to any text; characters never seen in training → ``<unk>``."""

    def __init__(self, merges: list[tuple[str, str]], alphabet: set[str]):
        self.merges = list(merges)
        self.alphabet = set(alphabet)
        self.vocab = sorted(self.alphabet) + [a + b for a, b in self.merges]
        self._cache: dict[str, tuple[str, ...]] = {}

    @classmethod
    def train(cls, text: str, num_merges: int, trainer=train_bpe) -> BPETokenizer:
        counts = word_counts(text)
        return cls(trainer(counts, num_merges), {s for word in counts for s in word})

    def split_word(self, chunk: str) -> tuple[str, ...]:
        if chunk not in self._cache:
            word = tuple(c if c in self.alphabet else UNK for c in chunk)
            for pair in self.merges:
                if len(word) == 1:
                    break
                word = merge_pair(word, pair)
            self._cache[chunk] = word
        return self._cache[chunk]

    def tokenize(self, text: str) -> list[str]:
        return [piece for chunk in pretokenize(text) for piece in self.split_word(chunk)]


def word_vocab(text: str, min_count: int = 1) -> list[str]:
    """Word-level vocabulary: ``<unk>`` first, then every chunk seen ``min_count`` times (sorted)."""
    counts = Counter(pretokenize(text))
    return [UNK] + sorted(w for w, n in counts.items() if n >= min_count)


def word_tokenize(text: str, vocab) -> list[str]:
    """Word-level tokens; a word missing from ``vocab`` becomes ``<unk>``."""
    known = set(vocab)
    return [w if w in known else UNK for w in pretokenize(text)]


def char_tokenize(text: str) -> list[str]:
    """Character-level tokens (spaces dropped, like the other two views)."""
    return [c for chunk in pretokenize(text) for c in chunk]
