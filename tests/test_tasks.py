"""Notebook 06: the toy task generators (reversal and the "it" corpus).

Checked: shapes and dtypes, determinism with a seeded generator, and that the held-out splits
are disjoint from training (reversal: by checksum, for every batch; "it": by triple).
"""

from __future__ import annotations

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

import transformer_course as tc
from transformer_course.data import tasks as T
from transformer_course.model.training import IGNORE_INDEX

# ---------------------------------------------------------------- reversal


def test_reversal_batch_shapes_and_targets():
    x, y = T.reversal_batch(5, generator=torch.Generator().manual_seed(0))
    assert x.shape == y.shape == (5, 8)
    assert x.dtype == y.dtype == torch.long
    assert torch.equal(y, x.flip(1))
    assert int(x.min()) >= 0 and int(x.max()) <= 9


def test_reversal_batch_is_deterministic_with_a_seed():
    a = T.reversal_batch(64, generator=torch.Generator().manual_seed(3))
    b = T.reversal_batch(64, generator=torch.Generator().manual_seed(3))
    c = T.reversal_batch(64, generator=torch.Generator().manual_seed(4))
    assert torch.equal(a[0], b[0]) and torch.equal(a[1], b[1])
    assert not torch.equal(a[0], c[0])


@settings(max_examples=40, deadline=None)
@given(batch=st.integers(1, 64), length=st.integers(2, 12), digits=st.integers(2, 23),
       seed=st.integers(0, 10_000))
def test_reversal_splits_are_disjoint(batch, length, digits, seed):
    gen = torch.Generator().manual_seed(seed)
    train, train_y = T.reversal_batch(batch, length, digits, generator=gen)
    held, held_y = T.reversal_batch(batch, length, digits, generator=gen, split="held_out")
    assert train.shape == held.shape == (batch, length)
    assert not T.is_reversal_held_out(train).any()
    assert T.is_reversal_held_out(held).all()
    for x, y in ((train, train_y), (held, held_y)):
        assert torch.equal(y, x.flip(1))
        assert int(x.min()) >= 0 and int(x.max()) < digits


def test_reversal_held_out_is_about_a_tenth_of_all_sequences():
    digits = torch.randint(0, 10, (20_000, 8), generator=torch.Generator().manual_seed(0))
    share = float(T.is_reversal_held_out(digits).float().mean())
    assert 0.08 < share < 0.12


def test_training_keeps_the_other_digits_uniform():
    x, _ = T.reversal_batch(20_000, generator=torch.Generator().manual_seed(1))
    counts = torch.bincount(x[:, 1:].flatten(), minlength=10).float()
    assert float(counts.max() / counts.min()) < 1.1


@pytest.mark.parametrize("kwargs", [
    dict(batch_size=0), dict(batch_size=4, length=1), dict(batch_size=4, num_digits=1),
    dict(batch_size=4, split="test"), dict(batch_size=4, generator=0),
    dict(batch_size=2.5),
])
def test_reversal_bad_inputs(kwargs):
    with pytest.raises(tc.CourseError):
        T.reversal_batch(**kwargs)


def test_checksum_bad_input():
    with pytest.raises(tc.CourseError):
        T.reversal_checksum(torch.zeros(3, 4))
    with pytest.raises(tc.CourseError):
        T.reversal_checksum(torch.zeros(4, dtype=torch.long))


# ---------------------------------------------------------------- the "it" corpus


def test_corpus_shape_and_rule():
    sentences = T.it_sentences()
    n_adj = len(T.ANIMAL_ADJECTIVES) + len(T.OBJECT_ADJECTIVES)
    assert len(sentences) == len(T.ANIMALS) * len(T.OBJECTS) * n_adj * len(T.TEMPLATES)
    assert len({s.text for s in sentences}) == len(sentences)
    for s in sentences:
        assert len(s.words) == 10 and s.words[T.IT_POSITION] == "it"
        assert s.words[-1] == s.adjective
        want = s.animal if s.adjective in T.ANIMAL_ADJECTIVES else s.object
        assert s.referent == want and s.referent in s.words
    assert not set(T.ANIMAL_ADJECTIVES) & set(T.OBJECT_ADJECTIVES)
    # position alone never decides: the referent is sometimes the first noun, sometimes the second
    assert {s.position(s.referent) for s in sentences} == {1, 5}


@pytest.mark.parametrize("fraction, seed", [(0.25, 0), (0.25, 1), (0.5, 7), (0.1, 3)])
def test_it_split_is_disjoint_by_triple(fraction, seed):
    train, held = T.it_split(fraction, seed)
    triple = lambda s: (s.animal, s.object, s.adjective)  # noqa: E731
    train_triples, held_triples = {triple(s) for s in train}, {triple(s) for s in held}
    assert not train_triples & held_triples
    assert len(train) + len(held) == len(T.it_sentences())
    total = len(train_triples) + len(held_triples)
    assert len(held_triples) == round(fraction * total)
    assert set(T.SHOWCASE) <= held_triples
    # every held-out triple appears in all templates, and every word is seen in training
    assert len(held) == len(held_triples) * len(T.TEMPLATES)
    seen = {w for s in train for w in s.words}
    assert {w for s in held for w in s.words} <= seen


def test_it_split_is_deterministic():
    assert T.it_split(0.25, 0) == T.it_split(0.25, 0)
    assert T.it_split(0.25, 0)[1] != T.it_split(0.25, 1)[1]


@pytest.mark.parametrize("fraction", [0, 1, -0.2, 1.5, "0.2", True])
def test_it_split_bad_fraction(fraction):
    with pytest.raises(tc.CourseError):
        T.it_split(fraction)


def test_encode_it():
    vocab = T.it_vocab()
    train, held = T.it_split()
    tokens, targets = T.encode_it(held, vocab)
    assert tokens.shape == targets.shape == (len(held), 10)
    assert tokens.dtype == targets.dtype == torch.long
    assert vocab.words[0] == T.PAD and int(tokens.min()) >= 1
    keep = targets != IGNORE_INDEX
    assert keep[:, T.IT_POSITION].all() and keep.sum() == len(held)
    assert vocab.decode(targets[:, T.IT_POSITION]) == [s.referent for s in held]
    assert vocab.decode(tokens[0]) == list(held[0].words)


def test_vocab_and_encode_bad_inputs():
    vocab = T.it_vocab()
    with pytest.raises(tc.CourseError):
        vocab.encode(["the", "unicorn"])
    with pytest.raises(tc.CourseError):
        T.encode_it([], vocab)


def test_sample_batch():
    tokens, targets = T.encode_it(T.it_split()[0], T.it_vocab())
    a = T.sample_batch(tokens, targets, 16, generator=torch.Generator().manual_seed(0))
    b = T.sample_batch(tokens, targets, 16, generator=torch.Generator().manual_seed(0))
    assert a[0].shape == a[1].shape == (16, 10)
    assert torch.equal(a[0], b[0]) and torch.equal(a[1], b[1])
    with pytest.raises(tc.CourseError):
        T.sample_batch(tokens, targets[:, :5], 4)
    with pytest.raises(tc.CourseError):
        T.sample_batch(tokens, targets, 0)
