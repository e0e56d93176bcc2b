"""Digits → Hinglish number words: the toy "translation" task of the decoder (notebook 08).

Hindi has its own word for every number from 1 to 99 ("saintees" = 37, "paintaalees" = 45):
they are irregular, so a model cannot build them from "tees" + "saat"; it has to learn them.
Hundreds are regular: "do sau teen" = 203. The spellings below are one common Roman-script
style (people write "chhah"/"chhe", "unaasi"/"unyaasi" …); each number has exactly one spelling
here, so the task has one right answer.

``NumberTask`` turns numbers into token tensors: the digits right-aligned (units always in the
last column, padding in front) for the encoder, the words plus ``<eos>`` for the decoder.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

import torch

from ..errors import describe, fail
from ..model.training import IGNORE_INDEX

# 0 … 99, one word each (index = number).
WORDS_0_TO_99 = (
    "shunya", "ek", "do", "teen", "chaar", "paanch", "chhah", "saat", "aath", "nau",
    "das", "gyaarah", "baarah", "terah", "chaudah", "pandrah", "solah", "satrah", "athaarah", "unnees",
    "bees", "ikkees", "baaees", "teyees", "chaubees", "pachchees", "chhabbees", "sattaaees", "atthaaees", "untees",
    "tees", "ikattees", "battees", "taintees", "chauntees", "paintees", "chhattees", "saintees", "adtees", "untaalees",
    "chaalees", "iktaalees", "bayaalees", "taintaalees", "chavaalees", "paintaalees", "chhiyaalees", "saintaalees", "adtaalees", "unchaas",
    "pachaas", "ikyaavan", "baavan", "tirpan", "chauvan", "pachpan", "chhappan", "sattaavan", "atthaavan", "unsath",
    "saath", "iksath", "baasath", "tirsath", "chaunsath", "painsath", "chhiyaasath", "sadsath", "adsath", "unhattar",
    "sattar", "ikhattar", "bahattar", "tihattar", "chauhattar", "pachhattar", "chhihattar", "sathattar", "athhattar", "unaasi",
    "assi", "ikyaasi", "bayaasi", "tiraasi", "chauraasi", "pachaasi", "chhiyaasi", "sataasi", "athaasi", "navaasi",
    "nabbe", "ikyaanve", "baanve", "tiraanve", "chauraanve", "pachaanve", "chhiyaanve", "sattaanve", "atthaanve", "ninyaanve",
)
HUNDRED = "sau"
MAX_NUMBER = 999
MAX_DIGITS = 3
MAX_WORDS = 3  # "nau sau ninyaanve"
_NUMBER_OF = {word: n for n, word in enumerate(WORDS_0_TO_99)}


def _require_number(n) -> int:
    if isinstance(n, bool) or not isinstance(n, int):
        raise fail("`n`", f"0 se {MAX_NUMBER} tak ka int", describe(n),
                   "int('203') se string ko number banaiye.")
    if not 0 <= n <= MAX_NUMBER:
        raise fail("`n`", f"0 se {MAX_NUMBER} tak ka int", str(n))
    return n


def number_to_words(n: int) -> str:
    """203 → "do sau teen", 45 → "paintaalees", 100 → "ek sau", 0 → "shunya"."""
    _require_number(n)
    hundreds, rest = divmod(n, 100)
    if hundreds == 0:
        return WORDS_0_TO_99[rest]
    words = [WORDS_0_TO_99[hundreds], HUNDRED]
    if rest:
        words.append(WORDS_0_TO_99[rest])
    return " ".join(words)


def words_to_number(text: str) -> int:
    """The inverse: "do sau teen" → 203. Unknown or badly ordered words raise a CourseError."""
    if not isinstance(text, str):
        raise fail("`text`", "number words ki string, jaise 'do sau teen'", describe(text))
    words = text.split()
    unknown = [w for w in words if w != HUNDRED and w not in _NUMBER_OF]
    if unknown:
        raise fail("`text`", "sirf course ke number words", f"anjaana word {unknown[0]!r}")
    if len(words) == 1 and words[0] in _NUMBER_OF:
        return _NUMBER_OF[words[0]]
    if (2 <= len(words) <= 3 and words[1] == HUNDRED and 1 <= _NUMBER_OF.get(words[0], 0) <= 9
            and (len(words) == 2 or 1 <= _NUMBER_OF.get(words[2], 0) <= 99)):
        return 100 * _NUMBER_OF[words[0]] + (_NUMBER_OF[words[2]] if len(words) == 3 else 0)
    raise fail("`text`", "'<1-9> sau <1-99>' ya ek akela word (0-99)", repr(text))


# ---------------------------------------------------------------- tokens for the model

@dataclass
class NumberTask:
    """Vocabularies, the train/held-out split and the tensors of the digits → words task.

    Source tokens: ``<pad>``, "0" … "9". Target tokens: ``<pad>``, ``<bos>``, ``<eos>``,
    "sau" and the 100 words of 0 … 99. ``held_out`` numbers never appear in training.
    """

    held_out_size: int = 200
    seed: int = 0
    src_tokens: list[str] = field(init=False)
    tgt_tokens: list[str] = field(init=False)
    train_numbers: list[int] = field(init=False)
    held_out_numbers: list[int] = field(init=False)

    PAD, BOS, EOS = 0, 1, 2

    def __post_init__(self):
        if isinstance(self.held_out_size, bool) or not isinstance(self.held_out_size, int) \
                or not 1 <= self.held_out_size <= MAX_NUMBER:
            raise fail("`held_out_size`", f"1 se {MAX_NUMBER} tak ka int", describe(self.held_out_size))
        self.src_tokens = ["<pad>"] + [str(d) for d in range(10)]
        self.tgt_tokens = ["<pad>", "<bos>", "<eos>", HUNDRED, *WORDS_0_TO_99]
        self._tgt_id = {t: i for i, t in enumerate(self.tgt_tokens)}
        numbers = list(range(MAX_NUMBER + 1))
        random.Random(self.seed).shuffle(numbers)
        self.held_out_numbers = sorted(numbers[:self.held_out_size])
        self.train_numbers = sorted(numbers[self.held_out_size:])
        self._train_src = self.encode_digits(self.train_numbers)
        self._train_tgt = self.encode_words(self.train_numbers)

    def encode_digits(self, numbers) -> torch.Tensor:
        """(N,) numbers → (N, 3) source ids, right-aligned: 7 → [pad, pad, 7], 203 → [2, 0, 3]."""
        rows = []
        for n in numbers:
            digits = str(_require_number(int(n) if isinstance(n, torch.Tensor) else n))
            rows.append([self.PAD] * (MAX_DIGITS - len(digits)) + [1 + int(d) for d in digits])
        return torch.tensor(rows, dtype=torch.long).reshape(-1, MAX_DIGITS)

    def encode_words(self, numbers) -> torch.Tensor:
        """(N,) numbers → (N, 4) target ids: the words, ``<eos>``, then IGNORE_INDEX."""
        rows = []
        for n in numbers:
            ids = [self._tgt_id[w] for w in number_to_words(int(n)).split()] + [self.EOS]
            rows.append(ids + [IGNORE_INDEX] * (MAX_WORDS + 1 - len(ids)))
        return torch.tensor(rows, dtype=torch.long).reshape(-1, MAX_WORDS + 1)

    def decode_words(self, ids) -> str:
        """Target ids → text, stopping at ``<eos>`` (``<pad>``/``<bos>`` are skipped)."""
        words = []
        for i in (ids.tolist() if isinstance(ids, torch.Tensor) else ids):
            if i == self.EOS:
                break
            if i not in (self.PAD, self.BOS) and 0 <= i < len(self.tgt_tokens):
                words.append(self.tgt_tokens[i])
        return " ".join(words)

    def digits_of(self, n: int) -> list[str]:
        """The source tokens of ``n`` as shown to the encoder, e.g. ['<pad>', '4', '5']."""
        return [self.src_tokens[i] for i in self.encode_digits([n])[0].tolist()]

    def batch(self, size: int, generator: torch.Generator) -> tuple[torch.Tensor, torch.Tensor]:
        """A random training batch: (digits (B, 3), target words (B, 4))."""
        pick = torch.randint(len(self.train_numbers), (size,), generator=generator)
        return self._train_src[pick], self._train_tgt[pick]
