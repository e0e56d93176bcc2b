"""Toy tasks generated on the fly, so training needs no download (notebooks 06 and 07).

* **Reversal**: a sequence of digits in, the same digits reversed out (a tagger: one output per
  position). Held-out sequences are the ones whose checksum ``Σ (i+1)·d_i`` is divisible by 10;
  training batches never contain one (they are nudged out), so the split is disjoint by
  construction, not by luck.
* **"it" corpus** (the seed's example, for real; module ``it_sentences``, re-exported here):
  "the cat sat on the mat because it was tired" (it → cat) vs "... because it was soft"
  (it → mat). Held-out (noun, adjective) pairs never meet in a training sentence, and
  held-out templates (a new order, new positions) are never trained on.
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

import torch

from ..errors import describe, fail, require_positive_int, require_recall_inputs

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


# ---------------------------------------------------------------- the "it" corpus (its own module)

from .it_sentences import (  # noqa: E402, F401 (re-exported: tc.tasks.<name>)
    ANIMAL_ADJECTIVES,
    ANIMALS,
    GROUPS,
    HELD_OUT_TEMPLATES,
    IT_POSITION,
    OBJECT_ADJECTIVES,
    OBJECTS,
    PAD,
    SHOWCASE,
    TEMPLATE_NEWS,
    TEMPLATES,
    Sentence,
    Vocab,
    encode_it,
    held_out_pairs,
    it_novelty,
    it_sentences,
    it_split,
    it_vocab,
    new_pairs,
    sample_batch,
)
