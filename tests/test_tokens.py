"""Tests for notebook 01b: data.tokenizers, lessons.tokens, grading.tokens_checks.

The oracle for BPE is a tiny independent implementation here (string-level, regex with the
classic lookarounds of Sennrich et al.'s reference code), plus properties: a merge never changes
the word's letters, BPE with 0 merges is the character view, with enough merges every training
word is one token, and a longer run starts with the merges of a shorter one.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

import transformer_course as tc

tk = tc.tokenizers
FAST = settings(max_examples=40, deadline=None)
WORDS = st.lists(st.text(alphabet="abn", min_size=1, max_size=7), min_size=1, max_size=8)


def oracle_bpe(words: list[str], num_merges: int) -> list[tuple[str, str]]:
    """Space-separated symbols, merged with the regex trick of the original BPE code."""
    vocab = Counter(" ".join(w) for w in words)
    merges = []
    for _ in range(num_merges):
        pairs = Counter()
        for word, n in vocab.items():
            symbols = word.split()
            for pair in zip(symbols[:-1], symbols[1:], strict=True):
                pairs[pair] += n
        if not pairs:
            break
        best = min(pairs, key=lambda p: (-pairs[p], p))
        merges.append(best)
        pattern = re.compile(r"(?<!\S)" + re.escape(" ".join(best)) + r"(?!\S)")
        vocab = Counter({pattern.sub("".join(best), w): n for w, n in vocab.items()})
    return merges


# ---------------------------------------------------------------- the tokenizers

def test_pretokenize_and_views():
    assert tk.pretokenize("Nahi, yaar!  theek hai.") == ["nahi", ",", "yaar", "!", "theek", "hai", "."]
    assert tk.char_tokenize("ab, c") == ["a", "b", ",", "c"]
    assert tk.word_tokenize("hai nahin", ["<unk>", "hai"]) == ["hai", "<unk>"]
    assert tk.word_vocab("b a a") == ["<unk>", "a", "b"]
    assert tk.word_counts("hai hai ho") == {("h", "a", "i"): 2, ("h", "o"): 1}


def test_merge_step_examples():
    assert tk.merge_pair(("a", "a", "a"), ("a", "a")) == ("aa", "a")
    assert tk.merge_pair(("ab", "c"), ("b", "c")) == ("ab", "c")
    assert tk.merge_pair(("n", "a", "h", "i"), ("h", "i")) == ("n", "a", "hi")
    assert tk.count_pairs({("a", "a", "a"): 2, ("a", "b"): 1}) == {("a", "a"): 4, ("a", "b"): 1}
    assert tk.best_pair({("c", "d"): 2, ("a", "b"): 2, ("x", "y"): 1}) == ("a", "b")


@FAST
@given(words=WORDS, num_merges=st.integers(0, 12))
def test_train_bpe_matches_the_regex_oracle(words, num_merges):
    counts = {}
    for w in words:
        counts[tuple(w)] = counts.get(tuple(w), 0) + 1
    assert tk.train_bpe(counts, num_merges) == oracle_bpe(words, num_merges)


@FAST
@given(words=WORDS, num_merges=st.integers(0, 30))
def test_bpe_keeps_letters_and_prefix_property(words, num_merges):
    text = " ".join(words)
    tokenizer = tk.BPETokenizer.train(text, num_merges)
    for w in words:
        assert "".join(tokenizer.split_word(w)) == w
    longer = tk.train_bpe(tk.word_counts(text), num_merges + 3)
    assert longer[:len(tokenizer.merges)] == tokenizer.merges


def test_zero_merges_is_the_char_view_and_many_merges_the_word_view():
    text = "nahi yaar, chai peeni hai. hai na?"
    assert tk.BPETokenizer.train(text, 0).tokenize(text) == tk.char_tokenize(text)
    full = tk.BPETokenizer.train(text, 1000)
    assert full.tokenize(text) == tk.pretokenize(text)
    assert tk.BPETokenizer.train(text, 0).tokenize("qz") == ["<unk>", "<unk>"]


def test_bpe_curve_counts_tokens():
    counts = tk.word_counts("nahi nahi hai")
    merges = tk.train_bpe(counts, 4)
    curve = tk.bpe_curve(counts, merges)
    assert curve[0] == (4, 11)
    for k, (vocab, total) in enumerate(curve):
        tokenizer = tk.BPETokenizer(merges[:k], {"n", "a", "h", "i"})
        assert vocab == len(tokenizer.vocab)
        assert total == len(tokenizer.tokenize("nahi nahi hai"))


def test_train_bpe_rejects_bad_merges():
    with pytest.raises(ValueError):
        tk.train_bpe({("a", "b"): 1}, -1)


# ---------------------------------------------------------------- lesson helpers

def test_view_table_and_unknowns_on_the_corpus():
    parts = tc.corpus.split_blocks(tc.corpus.load_corpus())
    tokenizer = tk.BPETokenizer.train(parts["train"], 50)
    rows = tc.tokens.view_table(parts["train"], parts["test"], tokenizer)
    char, word, bpe = rows
    assert char["tokens_per_line"] > bpe["tokens_per_line"] > word["tokens_per_line"]
    assert char["vocab"] < bpe["vocab"] < word["vocab"]
    assert word["unk_share"] > 0 and bpe["unk_share"] == 0 == char["unk_share"]
    unknown = tc.tokens.heldout_unknown_words(parts["train"], parts["test"], tokenizer)
    assert 0 < unknown["share"] < 0.2 and unknown["examples"]


def test_variant_counts_and_neighbours():
    assert tc.tokens.variant_counts("nahi nahin nahi. nhi", [["nahi", "nahin", "nhi"]]) == \
        [("nahi", 2), ("nahin", 1), ("nhi", 1)]
    rows = torch.tensor([[1.0, 0.0], [0.9, 0.1], [-1.0, 0.0]])
    assert tc.tokens.neighbours(rows, ["a", "b", "c"], "a", k=2) == ["b", "c"]
    assert tc.tokens.neighbours(rows, ["a", "<unk>", "c"], "a", k=1) == ["c"]   # <unk> is never a neighbour
    counts = torch.tensor([[0, 3, 1], [1, 0, 0], [0, 2, 2.0]])
    assert tc.tokens.agreement(counts, counts, [0, 1, 2]) == pytest.approx(1.0)


def test_agreement_sentence_follows_the_numbers():
    sentence = tc.tokens.agreement_sentence
    assert "saaf zyada" in sentence([0.0, 0.01], [0.0, 0.02], [0.3, 0.35], 150)
    assert "150 steps par" in sentence([0.0, 0.01], [0.0, 0.02], [0.3, 0.35], 150)
    assert "aadha sach" in sentence([0.0, 0.01], [0.0, 0.02], [0.05, 0.06], 150)
    assert "koi saaf fark nahi" in sentence([0.0, 0.1], [0.0, 0.02], [0.05, 0.06], 150)
    assert "koi saaf fark nahi" in sentence([0.0, 0.01], [0.3, 0.4], [0.3, 0.35], 150)  # shuffled counts too


def test_counting_baselines_and_the_floor():
    x, y = torch.tensor([0, 0, 0, 1, 1, 2]), torch.tensor([1, 1, 2, 0, 0, 0])
    counts = tc.tokens.next_word_counts(x, y, 3)
    floor = tc.tokens.bigram_nll(counts, x, y, smoothing=0.0)
    expected = -(2 * torch.log(torch.tensor(2 / 3)) + torch.log(torch.tensor(1 / 3))) / 6  # rows: 2/3,1/3 | 1 | 1
    assert floor == pytest.approx(float(expected), abs=1e-6)
    assert floor < tc.tokens.bigram_nll(counts, x, y) < tc.tokens.unigram_nll(y, 3)
    assert tc.tokens.unigram_nll(torch.tensor([0, 1]), 2, smoothing=0.0) == pytest.approx(float(torch.log(torch.tensor(2.0))))
    # any model that sees only the current word stays above the floor (here: random logit tables)
    for seed in range(5):
        logits = torch.randn(3, 3, generator=torch.Generator().manual_seed(seed))
        assert torch.nn.functional.cross_entropy(logits[x], y).item() >= floor - 1e-6
    verdict = tc.tokens.loss_sentence(4.7, 3.45, 2.8, [3.5, 3.52])
    assert "aas-paas" in verdict and "unigram se saaf neeche" in verdict
    assert "peeche" in tc.tokens.loss_sentence(4.7, 3.45, 2.8, [4.0, 4.1])
    assert "fayda nahi" in tc.tokens.loss_sentence(4.7, 3.45, 2.8, [4.6, 4.7])


def test_spread_labels_keeps_labels_apart():
    points = torch.zeros(4, 2)   # four dots on one spot
    labels = tc.tokens.spread_labels(points)
    gaps = torch.pdist(labels / torch.tensor([0.09, 0.05]))
    assert gaps.min() > 0.9


def test_one_hot_times_matrix_is_the_lookup():
    table = torch.nn.Embedding(10, 4)
    ids = torch.tensor([3, 1, 3, 9])
    one_hot = torch.nn.functional.one_hot(ids, 10).float()
    assert torch.allclose(one_hot @ table.weight, table(ids))


# ---------------------------------------------------------------- the checks

@pytest.fixture
def reference_ok(monkeypatch):
    monkeypatch.setenv("TC_REFERENCE_OK", "1")


def test_references_pass(reference_ok, capsys):
    assert tc.check_count_pairs(tk.count_pairs)
    assert tc.check_merge_pair(tk.merge_pair)
    assert tc.check_train_bpe(tk.train_bpe)


def test_list_answers_are_refused_and_named(capsys):
    def merge_pair(word, pair):
        return list(tk.merge_pair(word, pair))
    assert not tc.check_merge_pair(merge_pair)
    out = capsys.readouterr().out
    assert out.startswith("❌") and "tuple nahi" in out and "list lautayi" in out


def test_todo(capsys):
    def count_pairs(counts):
        raise NotImplementedError("abhi nahi")
    assert not tc.check_count_pairs(count_pairs)
    assert capsys.readouterr().out.startswith("⏳")


def test_line_counts_and_its_check(capsys):
    assert tk.line_counts(" chai hai \n\nchai hai\nnahi") == {tuple("chai_hai"): 2, tuple("nahi"): 1}
    assert tk.line_counts("Chai") == {tuple("Chai"): 1}   # taken as it is: no lowercasing

    def line_counts(text):  # learner style, but forgets to strip
        counts = {}
        for line in text.splitlines():
            if line:
                counts[tuple(line.replace(" ", "_"))] = counts.get(tuple(line.replace(" ", "_")), 0) + 1
        return counts
    assert not tc.check_line_counts(line_counts)
    assert "strip" in capsys.readouterr().out
