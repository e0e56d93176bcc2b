"""Toy tasks generated on the fly, so training needs no download (notebooks 06 and 07).

* **Reversal**: a sequence of digits in, the same digits reversed out (a tagger: one output per
  position). Held-out sequences are the ones whose checksum ``Σ (i+1)·d_i`` is divisible by 10;
  training batches never contain one (they are nudged out), so the split is disjoint by
  construction, not by luck.
* **"it" corpus** (the seed's example, for real): "the cat sat on the mat because it was tired"
  (it → cat) vs "... because it was soft" (it → mat). Whether "it" means the animal or the
  object depends only on the adjective. Held-out (noun, adjective) pairs never meet in a
  training sentence, and held-out templates (new word orders) are never trained on.
* **Associative recall** (07): every position holds one (key, value) pair, like one entry of a
  dictionary; the last position holds only a key (the query) and the blank value ``n_values``.
  The answer is the value stored with that key. Inputs have shape (batch, n_pairs + 1, 2):
  ``[..., 0]`` the key ids, ``[..., 1]`` the value ids. Keys are distinct within a sequence, and
  so are values, so a model that copies *some* value from the sequence is right 1/n_pairs of
  the time, and a blind guess 1/n_values. ``recall_split_batch`` adds a split that is disjoint
  by construction (the sum of a sequence's keys mod 5 picks train, validation or test, so a
  test sequence's *set of keys* never occurs in training) and ``filler`` rows (key ``n_keys``,
  blank value) between the pairs and the query, to move the query away from the pairs.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

import torch

from ..errors import describe, fail, require_positive_int, require_recall_inputs
from ..model.training import IGNORE_INDEX

# ---------------------------------------------------------------- the associative-recall task

def _require_task(n_pairs, n_keys, n_values) -> None:
    require_positive_int("n_pairs", n_pairs)
    require_positive_int("n_keys", n_keys)
    require_positive_int("n_values", n_values)
    if n_pairs > n_keys:
        raise fail("`n_pairs`", f"n_keys ({n_keys}) se zyada nahi", str(n_pairs),
                   "har sequence me keys alag-alag honi chahiye, warna ek key ki do values ho jaayengi.")
    if n_pairs > n_values:
        raise fail("`n_pairs`", f"n_values ({n_values}) se zyada nahi", str(n_pairs),
                   "values bhi alag-alag chahiye, taaki 'koi bhi value copy karo' wala chance 1/n_pairs rahe.")


def make_recall_batch(batch_size: int, n_pairs: int, n_keys: int = 16, n_values: int = 16,
                      generator: torch.Generator | None = None
                      ) -> tuple[torch.Tensor, torch.Tensor]:
    """A batch of associative-recall questions: (inputs (B, n_pairs+1, 2), targets (B,)).

    Row b: n_pairs distinct keys, each with a distinct value, then one of those keys again as
    the query (its value slot holds the blank id ``n_values``). targets[b] = the query's value.
    """
    require_positive_int("batch_size", batch_size)
    _require_task(n_pairs, n_keys, n_values)
    # A random permutation per row, cut to n_pairs: distinct keys (and values) in every row.
    keys = torch.rand(batch_size, n_keys, generator=generator).argsort(dim=1)[:, :n_pairs]
    values = torch.rand(batch_size, n_values, generator=generator).argsort(dim=1)[:, :n_pairs]
    which = torch.randint(n_pairs, (batch_size, 1), generator=generator)
    query = keys.gather(1, which)
    targets = values.gather(1, which).squeeze(1)
    blank = torch.full_like(query, n_values)
    inputs = torch.stack([torch.cat([keys, query], 1), torch.cat([values, blank], 1)], dim=-1)
    return inputs, targets



def recall_answer(inputs: torch.Tensor) -> torch.Tensor:
    """The right answer for each row: the value stored with the query key (the last key)."""
    require_recall_inputs(inputs)
    keys, values = inputs[:, :-1, 0], inputs[:, :-1, 1]
    match = keys == inputs[:, -1:, 0]
    if not bool(match.any(dim=1).all()):
        raise fail("recall_answer", "har row me query key pehle bhi aaye", "ek row me nahi aayi")
    return values.gather(1, match.float().argmax(dim=1, keepdim=True)).squeeze(1)


def chance_levels(n_pairs: int, n_values: int) -> dict[str, float]:
    """Baselines: a blind guess (1/n_values) and copying some value from the sequence (1/n_pairs)."""
    require_positive_int("n_pairs", n_pairs)
    require_positive_int("n_values", n_values)
    return {"andha guess": 1 / n_values, "koi bhi value copy": 1 / n_pairs}


# A sequence's split: the sum of its pair keys mod 5 (the filler key and the query do not count).
RECALL_SPLITS = {"test": (0,), "validation": (1,), "train": (2, 3, 4)}


def recall_split_ids(inputs: torch.Tensor, n_keys: int) -> torch.Tensor:
    """(B,) the sum of each row's pair keys mod 5; ``RECALL_SPLITS`` maps it to a split."""
    require_recall_inputs(inputs)
    require_positive_int("n_keys", n_keys)
    keys = inputs[:, :-1, 0]
    return (keys * (keys < n_keys)).sum(dim=1) % 5


def recall_split_batch(batch_size: int, n_pairs: int, n_keys: int = 16, n_values: int = 16, *,
                       split: str = "train", filler: int = 0,
                       generator: torch.Generator | None = None, make_batch=make_recall_batch
                       ) -> tuple[torch.Tensor, torch.Tensor]:
    """Recall questions from one split only: (inputs (B, n_pairs + filler + 1, 2), targets (B,)).

    Rows come from ``make_batch`` (the reference or a learner's ``make_recall_batch``) and are
    kept only if their key set belongs to ``split``, so train, validation and test never share
    a set of keys. ``filler`` rows (key id ``n_keys``, value the blank ``n_values``) go between
    the pairs and the query: a model needs ``n_keys + 1`` key ids to read them.
    """
    require_positive_int("batch_size", batch_size)
    _require_task(n_pairs, n_keys, n_values)
    if split not in RECALL_SPLITS:
        raise fail("`split`", f"in mein se ek: {sorted(RECALL_SPLITS)}", repr(split))
    if not 2 <= n_pairs < n_keys:
        raise fail("`n_pairs`", f"2 se n_keys - 1 ({n_keys - 1}) tak", str(n_pairs),
                   "1 pair par test ki key training me kabhi aati hi nahi, aur saari keys "
                   "lene par har sequence ka jod same hota hai (ek hi split).")
    if isinstance(filler, bool) or not isinstance(filler, int) or filler < 0:
        raise fail("`filler`", "0 ya positive int", describe(filler))
    _require_generator(generator)
    wanted = torch.tensor(RECALL_SPLITS[split])
    kept_inputs, kept_targets, have = [], [], 0
    for _ in range(100):
        inputs, targets = make_batch(4 * batch_size, n_pairs, n_keys, n_values, generator=generator)
        keep = torch.isin(recall_split_ids(inputs, n_keys), wanted)
        kept_inputs.append(inputs[keep])
        kept_targets.append(targets[keep])
        have += int(keep.sum())
        if have >= batch_size:
            break
    else:
        raise fail(f"split {split!r}", "kuch sequences", "100 koshishon me bhi nahi mili",
                   f"n_pairs={n_pairs}, n_keys={n_keys} par is split ki key-sets bahut kam hain.")
    inputs = torch.cat(kept_inputs)[:batch_size]
    targets = torch.cat(kept_targets)[:batch_size]
    if filler:
        pad = torch.tensor([n_keys, n_values]).expand(batch_size, filler, 2)
        inputs = torch.cat([inputs[:, :-1], pad, inputs[:, -1:]], dim=1)
    return inputs, targets


# ---------------------------------------------------------------- reversal


def _require_generator(generator) -> torch.Generator | None:
    if generator is not None and not isinstance(generator, torch.Generator):
        raise fail("`generator`", "torch.Generator (ya None)", describe(generator),
                   "torch.Generator().manual_seed(0) se banaiye.")
    return generator


def _require_reversal_sizes(length, num_digits) -> None:
    require_positive_int("length", length)
    require_positive_int("num_digits", num_digits)
    if length < 2:
        raise fail("`length`", "kam se kam 2 (ek digit ko ulta karna kuch nahi karta)", str(length))
    if num_digits < 2:
        raise fail("`num_digits`", "kam se kam 2 alag digits", str(num_digits))


def reversal_checksum(digits: torch.Tensor) -> torch.Tensor:
    """Σ (i+1)·d_i mod 10 for each row of ``digits`` (B, L): 0 means "held-out"."""
    if not isinstance(digits, torch.Tensor) or digits.dim() != 2 or digits.is_floating_point():
        raise fail("`digits`", "2-D integer tensor (batch, length)", describe(digits))
    weights = torch.arange(1, digits.shape[1] + 1, device=digits.device)
    return (digits * weights).sum(dim=1) % 10


def is_reversal_held_out(digits: torch.Tensor) -> torch.Tensor:
    """True for the rows of ``digits`` that belong to the held-out split (checksum 0)."""
    return reversal_checksum(digits) == 0


def reversal_batch(batch_size: int, length: int = 8, num_digits: int = 10, *,
                   generator: torch.Generator | None = None, split: str = "train"
                   ) -> tuple[torch.Tensor, torch.Tensor]:
    """Random digit sequences and their reversals: ``(inputs, targets)``, both (B, L) int64.

    ``split="train"`` never returns a held-out sequence, ``split="held_out"`` only those. Both
    move the first digit only, so every other digit stays uniformly random.
    """
    require_positive_int("batch_size", batch_size)
    _require_reversal_sizes(length, num_digits)
    _require_generator(generator)
    if split not in ("train", "held_out"):
        raise fail("`split`", "'train' ya 'held_out'", repr(split))
    digits = torch.randint(0, num_digits, (batch_size, length), generator=generator)
    rest = (digits[:, 1:] * torch.arange(2, length + 1)).sum(dim=1)  # checksum without digit 0
    if split == "held_out":
        # choose d_0 with d_0 + rest ≡ 0 (mod 10); it must also be a valid digit
        first = (-rest) % 10
        bad = first >= num_digits
        if bad.any():  # small alphabets (< 10 digits): resample until the checksum fits
            good = digits[~bad].clone()
            good[:, 0] = first[~bad]
            need = int(bad.sum())
            extra, _ = reversal_batch(need, length, num_digits, generator=generator, split="held_out")
            digits = torch.cat([good, extra])
        else:
            digits[:, 0] = first
    else:
        held = (digits[:, 0] + rest) % 10 == 0
        # one step up (mod num_digits) changes the checksum by +1 or -(num_digits-1): never 0 again
        digits[:, 0] = torch.where(held, (digits[:, 0] + 1) % num_digits, digits[:, 0])
        still = is_reversal_held_out(digits)
        if still.any():  # only possible when num_digits ≡ 1 (mod 10)
            digits[still, 0] = (digits[still, 0] + 1) % num_digits
    return digits, digits.flip(1)


# ---------------------------------------------------------------- the "it" corpus

ANIMALS = ("cat", "dog", "bird", "cow", "horse", "rabbit")
OBJECTS = ("mat", "rug", "box", "bed", "chair", "sofa")
# Toy rule: these adjectives describe the animal, those the object. (Real language is looser:
# the seed's "warm" fits both a cat and a mat, so it is left out.)
ANIMAL_ADJECTIVES = ("tired", "hungry", "sleepy", "scared", "angry")
OBJECT_ADJECTIVES = ("soft", "broken", "wooden", "empty", "flat")
# Every template has 10 words. "it" stands at position 7 (after both nouns) or at position 1
# (before them); the animal comes first in half of each kind, so position alone never tells
# which noun is meant. TEMPLATES are used for training; HELD_OUT_TEMPLATES never are (their
# word orders are new, e.g. "the dog was under the box": in training only objects are under).
TEMPLATES = (
    "the {animal} sat on the {object} because it was {adjective}",
    "the {animal} slept on the {object} because it was {adjective}",
    "the {object} was under the {animal} because it was {adjective}",
    "the {object} lay near the {animal} because it was {adjective}",
    "when it was {adjective} the {animal} sat on the {object}",
    "when it was {adjective} the {object} was under the {animal}",
)
HELD_OUT_TEMPLATES = (
    "the {animal} was under the {object} because it was {adjective}",
    "when it was {adjective} the {object} lay near the {animal}",
)
IT_POSITION = 7  # where "it" stands in the seed's sentence (templates 0-3); see Sentence.it_position
PAD = "<pad>"
# The seed's own sentences are always held out: the model never sees "cat" with "tired" or
# "mat" with "soft" during training, in any sentence.
SHOWCASE = (("cat", "mat", "tired"), ("cat", "mat", "soft"))


@dataclass(frozen=True)
class Sentence:
    """One generated sentence and what "it" refers to."""

    words: tuple[str, ...]
    animal: str
    object: str
    adjective: str
    template: int  # index into TEMPLATES + HELD_OUT_TEMPLATES

    @property
    def referent(self) -> str:
        """The noun "it" means: the animal for an animal adjective, else the object."""
        return self.animal if self.adjective in ANIMAL_ADJECTIVES else self.object

    @property
    def other(self) -> str:
        """The noun "it" does not mean."""
        return self.object if self.referent == self.animal else self.animal

    @property
    def kind(self) -> str:
        """``"animal"`` for an animal adjective (tired …), ``"object"`` for the others (soft …)."""
        return "animal" if self.adjective in ANIMAL_ADJECTIVES else "object"

    @property
    def it_position(self) -> int:
        return self.words.index("it")

    @property
    def text(self) -> str:
        return " ".join(self.words)

    def position(self, word: str) -> int:
        return self.words.index(word)


def it_sentences() -> list[Sentence]:
    """All sentences of the corpus (every animal, object, adjective and template, training
    templates first), in order."""
    out = []
    for t, template in enumerate(TEMPLATES + HELD_OUT_TEMPLATES):
        for animal in ANIMALS:
            for obj in OBJECTS:
                for adjective in ANIMAL_ADJECTIVES + OBJECT_ADJECTIVES:
                    text = template.format(animal=animal, object=obj, adjective=adjective)
                    out.append(Sentence(tuple(text.split()), animal, obj, adjective, t))
    return out


def held_out_pairs(seed: int = 0) -> frozenset[tuple[str, str]]:
    """The (noun, adjective) pairs that never meet in a training sentence: one per noun.

    Each animal loses one animal adjective and each object one object adjective (a shuffled
    rotation, so the adjectives are shared out evenly); the seed's ("cat", "tired") and
    ("mat", "soft") are always among them.
    """
    rng = random.Random(seed)
    pairs = set()
    for nouns, adjectives, (noun0, adjective0) in ((ANIMALS, ANIMAL_ADJECTIVES, ("cat", "tired")),
                                                    (OBJECTS, OBJECT_ADJECTIVES, ("mat", "soft"))):
        order = list(adjectives)
        rng.shuffle(order)
        shift = order.index(adjective0) - nouns.index(noun0)
        pairs |= {(noun, order[(i + shift) % len(order)]) for i, noun in enumerate(nouns)}
    return frozenset(pairs)


def it_novelty(sentence: Sentence, pairs: frozenset[tuple[str, str]]) -> str:
    """What is new in a sentence for a model trained on ``it_split``: ``"train"`` (nothing),
    ``"naya jodaa"`` (a held-out (noun, adjective) pair), ``"naya template"`` or ``"dono naye"``."""
    new_pair = (sentence.referent, sentence.adjective) in pairs \
        or (sentence.other, sentence.adjective) in pairs
    new_template = sentence.template >= len(TEMPLATES)
    return {(False, False): "train", (True, False): "naya jodaa",
            (False, True): "naya template", (True, True): "dono naye"}[(new_pair, new_template)]


def it_split(seed: int = 0) -> tuple[list[Sentence], list[Sentence]]:
    """``(train, held_out)``, disjoint by construction.

    Training sentences use TEMPLATES only and never contain a pair of ``held_out_pairs(seed)``.
    Held-out sentences have a held-out pair, a held-out template, or both (``it_novelty`` says
    which). Every word still occurs in training; the seed's SHOWCASE sentences are held out.
    """
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise fail("`seed`", "ek integer (jaise 0)", describe(seed))
    pairs = held_out_pairs(seed)
    train, held_out = [], []
    for s in it_sentences():
        (train if it_novelty(s, pairs) == "train" else held_out).append(s)
    return train, held_out


class Vocab:
    """Word ↔ id lookup. Id 0 is the padding word."""

    def __init__(self, words: Sequence[str]):
        self.words = [PAD] + sorted(set(words) - {PAD})
        self.ids = {w: i for i, w in enumerate(self.words)}

    def __len__(self) -> int:
        return len(self.words)

    def encode(self, words: Sequence[str]) -> torch.Tensor:
        unknown = [w for w in words if w not in self.ids]
        if unknown:
            raise fail("words", "vocab ke words", f"anjaan word(s) {unknown[:3]}",
                       "sirf corpus ke words use kijiye (vocab.words dekhiye).")
        return torch.tensor([self.ids[w] for w in words], dtype=torch.long)

    def decode(self, ids) -> list[str]:
        return [self.words[int(i)] for i in ids]


def it_vocab() -> Vocab:
    """The vocabulary of the whole corpus (train and held-out share it)."""
    return Vocab([w for s in it_sentences() for w in s.words])


def encode_it(sentences: Sequence[Sentence], vocab: Vocab) -> tuple[torch.Tensor, torch.Tensor]:
    """``(tokens, targets)``, both (N, 10) int64; the target is the referent's id at the
    position of "it" (``Sentence.it_position``) and IGNORE_INDEX everywhere else (a tagger
    that answers at one spot)."""
    if len(sentences) == 0:
        raise fail("`sentences`", "kam se kam ek Sentence", "khaali list")
    tokens = torch.stack([vocab.encode(s.words) for s in sentences])
    targets = torch.full_like(tokens, IGNORE_INDEX)
    rows = torch.arange(len(sentences))
    where = torch.tensor([s.it_position for s in sentences])
    targets[rows, where] = torch.tensor([vocab.ids[s.referent] for s in sentences])
    return tokens, targets


def sample_batch(tokens: torch.Tensor, targets: torch.Tensor, batch_size: int, *,
                 generator: torch.Generator | None = None) -> tuple[torch.Tensor, torch.Tensor]:
    """A random batch (with replacement) of rows from a fixed dataset."""
    require_positive_int("batch_size", batch_size)
    _require_generator(generator)
    if tokens.shape != targets.shape:
        raise fail("tokens aur targets ke shapes", "barabar",
                   f"{tuple(tokens.shape)} aur {tuple(targets.shape)}")
    rows = torch.randint(0, tokens.shape[0], (batch_size,), generator=generator)
    return tokens[rows], targets[rows]
