"""The "it" corpus of notebook 06 (re-exported by ``tasks``: ``tc.tasks.it_split()``).

"the cat sat on the mat because it was tired" (it → cat) vs "... because it was soft" (it →
mat): whether "it" means the animal or the object depends only on the adjective. The split is
disjoint by construction, and says what is new in each held-out sentence:

* **pairs**: every adjective has one animal and one object that never meet it in a training
  sentence (``held_out_pairs``). A held-out sentence is *aadha naya* when one of its two nouns
  never met the adjective in training, *poora naya* when neither did (the strict test: nothing
  about this noun-adjective pairing was ever seen, not even for the other noun).
* **templates**: three templates are never trained on. Template 6 puts the words in a new order
  but every key word (animal, object, "it", adjective) where a training template has it;
  template 7 puts "it" and the adjective at positions no training sentence uses for them;
  template 8 does the same for the two nouns.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

import torch

from ..errors import describe, fail, require_positive_int
from ..model.training import IGNORE_INDEX

ANIMALS = ("cat", "dog", "bird", "cow", "horse", "rabbit")
OBJECTS = ("mat", "rug", "box", "bed", "chair", "sofa")
# Toy rule: these adjectives describe the animal, those the object. (Real language is looser:
# the seed's "warm" fits both a cat and a mat, so it is left out.)
ANIMAL_ADJECTIVES = ("tired", "hungry", "sleepy", "scared", "angry")
OBJECT_ADJECTIVES = ("soft", "broken", "wooden", "empty", "flat")
# Every template has 10 words. In the training TEMPLATES "it" stands at position 7 (after both
# nouns) or 1 (before them), the adjective at 9 or 3, the nouns at 1, 5 or 9; the animal comes
# first in half of them, so position alone never tells which noun is meant.
TEMPLATES = (
    "the {animal} sat on the {object} because it was {adjective}",
    "the {animal} slept on the {object} because it was {adjective}",
    "the {object} was under the {animal} because it was {adjective}",
    "the {object} lay near the {animal} because it was {adjective}",
    "when it was {adjective} the {animal} sat on the {object}",
    "when it was {adjective} the {object} was under the {animal}",
)
HELD_OUT_TEMPLATES = (
    # 6: new order ("was under" after an animal), key words at the positions of template 0
    "the {animal} was under the {object} because it was {adjective}",
    # 7: "it" at 0 and the adjective at 2, never their places in training (nouns at 5 and 9)
    "it was {adjective} when the {animal} lay near the {object}",
    # 8: the nouns at 2 and 6, never a noun's place in training ("it" at 7, adjective at 9)
    "when the {object} was under the {animal} it was {adjective}",
)
TEMPLATE_NEWS = ("naya kram", "it nayi jagah", "nouns nayi jagah")  # what each held-out template changes
IT_POSITION = 7  # where "it" stands in the seed's sentence (templates 0-3); see Sentence.it_position
PAD = "<pad>"
# The seed's own sentences are always held out, strictly: neither "cat" nor "mat" ever meets
# "tired" or "soft" in a training sentence.
SHOWCASE = (("cat", "mat", "tired"), ("cat", "mat", "soft"))
# Held-out groups (``it_novelty``), disjoint; every held-out sentence is in exactly one.
GROUPS = ("aadha naya jodaa", "poora naya jodaa", *TEMPLATE_NEWS, "naya template + aadha naya jodaa")


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
    """The (noun, adjective) pairs that never meet in a training sentence.

    Every adjective gets one animal and one object: the seed's "tired" and "soft" get "cat" and
    "mat" (so the seed's own sentences are strictly new), the other eight adjectives a shuffled
    rotation of the other nouns (each of them loses one or two adjectives).
    """
    rng = random.Random(seed)
    pairs = {(noun, adjective) for noun in ("cat", "mat") for adjective in ("tired", "soft")}
    adjectives = [a for a in ANIMAL_ADJECTIVES + OBJECT_ADJECTIVES if a not in ("tired", "soft")]
    animals, objects = list(ANIMALS[1:]), list(OBJECTS[1:])
    for order in (adjectives, animals, objects):
        rng.shuffle(order)
    for i, adjective in enumerate(adjectives):
        pairs |= {(animals[i % len(animals)], adjective), (objects[(i + 2) % len(objects)], adjective)}
    return frozenset(pairs)


def new_pairs(sentence: Sentence, pairs: frozenset[tuple[str, str]]) -> int:
    """How many of the sentence's two nouns never met its adjective in training (0, 1 or 2)."""
    return sum((noun, sentence.adjective) in pairs for noun in (sentence.animal, sentence.object))


def it_novelty(sentence: Sentence, pairs: frozenset[tuple[str, str]]) -> str:
    """What is new in a sentence for a model trained on ``it_split``: ``"train"`` (nothing) or
    one of GROUPS. "poora naya jodaa" wins over the template; the held-out templates with
    training pairs are split by what they change (TEMPLATE_NEWS)."""
    new = new_pairs(sentence, pairs)
    held_template = sentence.template - len(TEMPLATES)
    if new == 2:
        return "poora naya jodaa"
    if held_template < 0:
        return "train" if new == 0 else "aadha naya jodaa"
    return TEMPLATE_NEWS[held_template] if new == 0 else "naya template + aadha naya jodaa"


def it_split(seed: int = 0) -> tuple[list[Sentence], list[Sentence]]:
    """``(train, held_out)``, disjoint by construction.

    Training sentences use TEMPLATES only and never contain a pair of ``held_out_pairs(seed)``.
    Every held-out sentence has a held-out pair, a held-out template, or both (``it_novelty``
    says which). Every word still occurs in training; the seed's SHOWCASE sentences are held out.
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
    if generator is not None and not isinstance(generator, torch.Generator):
        raise fail("`generator`", "torch.Generator (ya None)", describe(generator),
                   "torch.Generator().manual_seed(0) se banaiye.")
    if tokens.shape != targets.shape:
        raise fail("tokens aur targets ke shapes", "barabar",
                   f"{tuple(tokens.shape)} aur {tuple(targets.shape)}")
    rows = torch.randint(0, tokens.shape[0], (batch_size,), generator=generator)
    return tokens[rows], targets[rows]
