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
    n_templates = len(T.TEMPLATES) + len(T.HELD_OUT_TEMPLATES)
    assert len(sentences) == len(T.ANIMALS) * len(T.OBJECTS) * n_adj * n_templates
    assert len({s.text for s in sentences}) == len(sentences)
    for s in sentences:
        assert len(s.words) == 10 and s.words[s.it_position] == "it" and s.it_position in (0, 1, 7)
        want = s.animal if s.adjective in T.ANIMAL_ADJECTIVES else s.object
        assert s.referent == want and s.referent in s.words and s.other in s.words
        assert {s.referent, s.other} == {s.animal, s.object}
        assert s.kind == ("animal" if want == s.animal else "object")
    assert not set(T.ANIMAL_ADJECTIVES) & set(T.OBJECT_ADJECTIVES)
    # the seed's own templates keep "it" at IT_POSITION
    assert all(s.it_position == T.IT_POSITION for s in sentences if s.template < 4)
    # position alone never decides: in training, wherever the referent stands, it is an animal
    # half the time; and in every template the first noun is the referent for half the adjectives
    trained = [s for s in sentences if s.template < len(T.TEMPLATES)]
    for place in {s.position(s.referent) for s in trained}:
        kinds = [s.kind for s in trained if s.position(s.referent) == place]
        assert kinds.count("animal") == kinds.count("object")
    first = [s.position(s.referent) < s.position(s.other) for s in sentences]
    assert sum(first) * 2 == len(sentences)


@pytest.mark.parametrize("seed", [0, 1, 7])
def test_held_out_pairs_one_animal_and_one_object_per_adjective(seed):
    pairs = T.held_out_pairs(seed)
    assert {(noun, adjective) for noun in ("cat", "mat") for adjective in ("tired", "soft")} <= pairs
    for adjective in T.ANIMAL_ADJECTIVES + T.OBJECT_ADJECTIVES:
        nouns = [noun for noun, a in pairs if a == adjective]
        assert sorted(noun in T.ANIMALS for noun in nouns) == [False, True]
    assert {noun for noun, _ in pairs} == set(T.ANIMALS + T.OBJECTS)  # every noun loses something
    assert T.held_out_pairs(seed) == pairs


def test_novelty_groups():
    pairs = frozenset({("cat", "tired"), ("mat", "tired")})

    def sentence(animal, obj, template):
        text = (T.TEMPLATES + T.HELD_OUT_TEMPLATES)[template].format(animal=animal, object=obj, adjective="tired")
        return T.Sentence(tuple(text.split()), animal, obj, "tired", template)

    assert [T.new_pairs(sentence(a, o, 0), pairs) for a, o in [("dog", "rug"), ("cat", "rug"), ("cat", "mat")]] \
        == [0, 1, 2]
    assert T.it_novelty(sentence("dog", "rug", 0), pairs) == "train"
    assert T.it_novelty(sentence("dog", "mat", 3), pairs) == "aadha naya jodaa"
    assert T.it_novelty(sentence("cat", "mat", 7), pairs) == "poora naya jodaa"  # the pairs win
    assert [T.it_novelty(sentence("dog", "rug", t), pairs) for t in (6, 7, 8)] == list(T.TEMPLATE_NEWS)
    assert T.it_novelty(sentence("cat", "rug", 8), pairs) == "naya template + aadha naya jodaa"


@pytest.mark.parametrize("seed", [0, 1, 7])
def test_it_split_is_disjoint_by_construction(seed):
    train, held = T.it_split(seed)
    pairs = T.held_out_pairs(seed)
    assert len(train) + len(held) == len(T.it_sentences())
    assert not {s.text for s in train} & {s.text for s in held}
    for s in train:  # no held-out pair ever meets in a training sentence, no held-out template
        assert (s.animal, s.adjective) not in pairs and (s.object, s.adjective) not in pairs
        assert s.template < len(T.TEMPLATES)
    novelty = {T.it_novelty(s, pairs) for s in held}
    assert novelty == set(T.GROUPS)
    assert {T.it_novelty(s, pairs) for s in train} == {"train"}
    # strict: neither noun ever met the adjective in a training sentence
    seen = {(noun, s.adjective) for s in train for noun in (s.animal, s.object)}
    strict = [s for s in held if T.it_novelty(s, pairs) == "poora naya jodaa"]
    assert strict and all((s.animal, s.adjective) not in seen and (s.object, s.adjective) not in seen
                          for s in strict)
    # the seed's sentences are strictly new; every word is seen in training
    assert {(s.animal, s.object, s.adjective) for s in strict} >= set(T.SHOWCASE)
    assert {w for s in held for w in s.words} <= {w for s in train for w in s.words}


def test_held_out_templates_say_what_is_new():
    """6: the key words where template 0 has them; 7: "it" and adjective at new places; 8: the nouns."""
    sentences = T.it_sentences()
    train = [s for s in sentences if s.template < len(T.TEMPLATES)]

    def places(template, *roles):
        chosen = [s for s in sentences if s.template == template] if template is not None else train
        return {s.it_position if r == "it" else s.position(getattr(s, r)) for s in chosen for r in roles}

    for role in ("animal", "object", "it", "adjective"):
        assert places(6, role) == places(0, role)
    assert places(7, "it").isdisjoint(places(None, "it"))
    assert places(7, "adjective").isdisjoint(places(None, "adjective"))
    assert places(8, "animal", "object").isdisjoint(places(None, "animal", "object"))
    assert len(T.TEMPLATE_NEWS) == len(T.HELD_OUT_TEMPLATES)


def test_it_split_is_deterministic():
    assert T.it_split(0) == T.it_split(0)
    assert T.it_split(0)[1] != T.it_split(1)[1]


@pytest.mark.parametrize("seed", [0.5, "0", True, None])
def test_it_split_bad_seed(seed):
    with pytest.raises(tc.CourseError):
        T.it_split(seed)


def test_encode_it():
    vocab = T.it_vocab()
    train, held = T.it_split()
    tokens, targets = T.encode_it(held, vocab)
    assert tokens.shape == targets.shape == (len(held), 10)
    assert tokens.dtype == targets.dtype == torch.long
    assert vocab.words[0] == T.PAD and int(tokens.min()) >= 1
    keep = targets != IGNORE_INDEX
    assert keep.sum() == len(held)
    where = torch.tensor([s.it_position for s in held])
    assert keep[torch.arange(len(held)), where].all()
    assert vocab.decode(targets[torch.arange(len(held)), where]) == [s.referent for s in held]
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
