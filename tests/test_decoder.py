"""Notebook 08: DecoderBlock against nn.TransformerDecoderLayer, masks, number words, corpus,
sampling helpers, the two tiny models and the exercise checks.

Tolerances: float32 atol 1e-5 (measured max |diff| ≈ 5e-7), float64 atol 1e-10 (≈ 1e-15).
"""

from __future__ import annotations

import itertools
import re

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from torch import nn

import transformer_course as tc
from transformer_course.data import number_words as W
from transformer_course.grading import decoder_checks
from transformer_course.grading.checks import randomise_parameters

from .conftest import oracle_pair

TOL = {torch.float32: 1e-5, torch.float64: 1e-10}


def _pair(d_model=16, nhead=4, ff=32, *, batch_first=True, **options):
    """PyTorch's decoder layer and ours with the same weights, both in eval mode."""
    return oracle_pair(nn.TransformerDecoderLayer, tc.DecoderBlock, d_model, nhead, ff, batch_first=batch_first, **options)


def _randn(shape, dtype, seed):
    return torch.randn(shape, generator=torch.Generator().manual_seed(seed), dtype=dtype)


# ---------------------------------------------------------------- DecoderBlock vs PyTorch

COMBOS = list(itertools.product([False, True], ["relu", "gelu"], [False, True],
                                [torch.float32, torch.float64]))


@pytest.mark.parametrize("norm_first, activation, batch_first, dtype", COMBOS)
def test_decoder_block_matches_pytorch_with_masks(norm_first, activation, batch_first, dtype):
    ref, mine = _pair(activation=activation, norm_first=norm_first, batch_first=batch_first,
                      dtype=dtype)
    batch, tgt_len, src_len = 3, 5, 7
    layout = (lambda L: (batch, L, 16)) if batch_first else (lambda L: (L, batch, 16))
    tgt, memory = _randn(layout(tgt_len), dtype, 1), _randn(layout(src_len), dtype, 2)
    masks = dict(tgt_mask=tc.blocked_causal_mask(tgt_len),
                 memory_key_padding_mask=torch.arange(src_len)[None] >= torch.tensor([[7], [4], [1]]),
                 tgt_key_padding_mask=torch.arange(tgt_len)[None].expand(batch, -1) >= 4)
    with torch.no_grad():
        torch.testing.assert_close(mine(tgt, memory, **masks), ref(tgt, memory, **masks),
                                   atol=TOL[dtype], rtol=0)


def test_decoder_block_float_mask_memory_mask_and_unbatched():
    ref, mine = _pair()
    tgt, memory = _randn((4, 16), torch.float32, 3), _randn((6, 16), torch.float32, 4)
    float_causal = nn.Transformer.generate_square_subsequent_mask(4)
    memory_mask = torch.zeros(4, 6).masked_fill(torch.eye(4, 6, dtype=torch.bool), float("-inf"))
    with torch.no_grad():
        torch.testing.assert_close(mine(tgt, memory, tgt_mask=float_causal, memory_mask=memory_mask),
                                   ref(tgt, memory, tgt_mask=float_causal, memory_mask=memory_mask),
                                   atol=1e-5, rtol=0)


def test_memory_is_causal_is_a_hint_as_in_pytorch():
    ref, mine = _pair(batch_first=True)
    tgt, memory = _randn((2, 4, 16), torch.float32, 7), _randn((2, 4, 16), torch.float32, 8)
    causal = tc.blocked_causal_mask(4)
    with torch.no_grad():
        torch.testing.assert_close(mine(tgt, memory, memory_mask=causal, memory_is_causal=True),
                                   ref(tgt, memory, memory_mask=causal, memory_is_causal=True),
                                   atol=1e-5, rtol=0)


def test_tgt_is_causal_builds_the_mask_itself():
    _, mine = _pair()
    tgt, memory = _randn((2, 5, 16), torch.float32, 5), _randn((2, 3, 16), torch.float32, 6)
    with torch.no_grad():
        torch.testing.assert_close(mine(tgt, memory, tgt_is_causal=True),
                                   mine(tgt, memory, tgt_mask=tc.blocked_causal_mask(5)))


def test_decoder_block_trains_with_dropout_and_has_pytorch_parameter_names():
    ref, mine = _pair()
    assert list(mine.state_dict()) == list(ref.state_dict())
    mine.train()
    out = mine(_randn((2, 3, 16), torch.float32, 7), _randn((2, 4, 16), torch.float32, 8))
    out.sum().backward()
    assert mine.multihead_attn.in_proj_weight.grad is not None


@settings(max_examples=30, deadline=None)
@given(batch=st.integers(1, 3), tgt_len=st.integers(1, 6), src_len=st.integers(1, 6),
       nhead=st.sampled_from([1, 2, 4]), head_dim=st.integers(1, 4),
       norm_first=st.booleans(), dtype=st.sampled_from([torch.float32, torch.float64]),
       data=st.data())
def test_decoder_block_property(batch, tgt_len, src_len, nhead, head_dim, norm_first, dtype, data):
    d_model = nhead * head_dim
    ref, mine = _pair(d_model, nhead, 2 * d_model, norm_first=norm_first, dtype=dtype, seed=tgt_len)
    lengths = torch.tensor(data.draw(st.lists(st.integers(1, src_len), min_size=batch, max_size=batch)))
    padding = torch.arange(src_len)[None] >= lengths[:, None]  # every row keeps a real key
    tgt = _randn((batch, tgt_len, d_model), dtype, 1)
    memory = _randn((batch, src_len, d_model), dtype, 2)
    masks = dict(tgt_mask=tc.blocked_causal_mask(tgt_len), memory_key_padding_mask=padding)
    with torch.no_grad():
        torch.testing.assert_close(mine(tgt, memory, **masks), ref(tgt, memory, **masks),
                                   atol=TOL[dtype], rtol=1e-5)


def test_check_cases_measured_difference_is_tiny():
    worst = max(float((decoder_checks.run_block(tc.DecoderBlock, *c.args)
                       - decoder_checks.run_block(nn.TransformerDecoderLayer, *c.args)).abs().max())
                for c in decoder_checks.decoder_block_cases())
    assert worst < 1e-5


# ---------------------------------------------------------------- causal mask

@pytest.mark.parametrize("size", [1, 2, 5, 9])
def test_blocked_causal_mask_is_pytorch_square_subsequent_mask(size):
    expected = torch.isinf(nn.Transformer.generate_square_subsequent_mask(size))
    assert torch.equal(tc.blocked_causal_mask(size), expected)
    assert torch.equal(~tc.blocked_causal_mask(size), torch.ones(size, size).tril().bool())


def test_causal_block_output_does_not_depend_on_the_future():
    _, mine = _pair()
    tgt, memory = _randn((1, 6, 16), torch.float32, 1), _randn((1, 4, 16), torch.float32, 2)
    changed = tgt.clone()
    changed[:, 3:] += 5.0  # change positions 3, 4, 5 only
    mask = tc.blocked_causal_mask(6)
    with torch.no_grad():
        a, b = mine(tgt, memory, tgt_mask=mask), mine(changed, memory, tgt_mask=mask)
        c = mine(changed, memory)  # no mask: the past sees the future
    torch.testing.assert_close(a[:, :3], b[:, :3])
    assert not torch.allclose(a[:, :3], c[:, :3])


def test_char_generator_is_causal():
    torch.manual_seed(0)
    model = tc.CharGenerator(10, d_model=16, nhead=2, num_layers=2, dim_feedforward=32, max_len=12).eval()
    ids = torch.randint(10, (2, 8))
    other = ids.clone()
    other[:, 5:] = (other[:, 5:] + 3) % 10
    with torch.no_grad():
        torch.testing.assert_close(model(ids)[:, :5], model(other)[:, :5])


# ---------------------------------------------------------------- teacher forcing

def test_shift_right_values_and_edges():
    tokens = torch.tensor([[5, 3, 6, 2], [7, 8, 9, 2]])
    assert tc.shift_right(tokens, 1).tolist() == [[1, 5, 3, 6], [1, 7, 8, 9]]
    assert tc.shift_right(torch.tensor([[4]]), 0).tolist() == [[0]]
    assert tc.shift_right(torch.zeros(0, 3, dtype=torch.long), 1).shape == (0, 3)


@pytest.mark.parametrize("tokens, start", [
    (torch.tensor([1, 2, 3]), 1),                # 1-D
    (torch.tensor([[1.0, 2.0]]), 1),             # float ids
    ([[1, 2]], 1),                               # not a tensor
    (torch.tensor([[1, 2]]), -1),                # negative start
    (torch.tensor([[1, 2]]), True),              # bool start
    (torch.tensor([[1, 2]]), 1.0),               # float start
])
def test_shift_right_bad_inputs_raise_course_error(tokens, start):
    with pytest.raises(tc.CourseError):
        tc.shift_right(tokens, start)


def test_teacher_forcing_table_lists_each_step():
    table = tc.decoder.teacher_forcing_table(["do", "sau", "teen", "<eos>"])
    assert table.count("\n") == 5 and "| 3 | <bos> do sau teen | **<eos>** |" in table


# ---------------------------------------------------------------- number words

KNOWN = {0: "shunya", 1: "ek", 7: "saat", 10: "das", 11: "gyaarah", 19: "unnees", 20: "bees",
         25: "pachchees", 37: "saintees", 45: "paintaalees", 50: "pachaas", 60: "saath",
         77: "sathattar", 89: "navaasi", 99: "ninyaanve", 100: "ek sau", 105: "ek sau paanch",
         203: "do sau teen", 350: "teen sau pachaas", 999: "nau sau ninyaanve"}


@pytest.mark.parametrize("n, words", sorted(KNOWN.items()))
def test_number_to_words_known_values(n, words):
    assert W.number_to_words(n) == words
    assert W.words_to_number(words) == n


def test_every_number_has_a_unique_spelling_and_round_trips():
    assert len(W.WORDS_0_TO_99) == 100 and len(set(W.WORDS_0_TO_99)) == 100
    texts = [W.number_to_words(n) for n in range(1000)]
    assert len(set(texts)) == 1000
    assert all(W.words_to_number(t) == n for n, t in enumerate(texts))
    assert all(re.fullmatch(r"[a-z]+( [a-z]+){0,2}", t) for t in texts)


@pytest.mark.parametrize("bad", [-1, 1000, 3.0, True, "5", None])
def test_number_to_words_bad_inputs(bad):
    with pytest.raises(tc.CourseError):
        W.number_to_words(bad)


@pytest.mark.parametrize("bad", ["", "sau", "do sau sau", "shunya sau", "ek sau shunya",
                                 "teen do", "das sau", "chai", 203])
def test_words_to_number_bad_inputs(bad):
    with pytest.raises(tc.CourseError):
        W.words_to_number(bad)


def test_number_task_split_and_tensors():
    task = W.NumberTask(held_out_size=200, seed=0)
    assert len(task.held_out_numbers) == 200 and len(task.train_numbers) == 800
    assert not set(task.held_out_numbers) & set(task.train_numbers)
    assert task.encode_digits([7, 45, 203]).tolist() == [[0, 0, 8], [0, 5, 6], [3, 1, 4]]
    assert task.digits_of(45) == ["<pad>", "4", "5"]
    words = task.encode_words([203, 7])
    assert words.shape == (2, 4) and words[1, 2:].tolist() == [tc.IGNORE_INDEX] * 2
    assert task.decode_words(words[0]) == "do sau teen"
    src, tgt = task.batch(16, torch.Generator().manual_seed(0))
    assert src.shape == (16, 3) and tgt.shape == (16, 4)
    with pytest.raises(tc.CourseError):
        W.NumberTask(held_out_size=0)


# ---------------------------------------------------------------- corpus

def test_corpus_loads_and_is_big_enough_to_test_a_transformer():
    text = tc.corpus.load_corpus()
    lines = text.strip().split("\n")
    assert len(lines) >= 2000 and len(text) >= 110_000
    assert len(set(lines)) == len(lines), "no line twice: a held-out line cannot be a training line"
    assert len(tc.corpus.corpus_words(text)) >= 2500
    assert not re.search("[\u0900-\u097F]", text), "Roman script only"
    assert set(text) <= set("abcdefghijklmnopqrstuvwxyz .,?\n")
    for word in ("chai", "cricket", "train", "school", "model", "decoder"):
        assert word in tc.corpus.corpus_words(text)


def test_char_vocab_round_trip_and_errors():
    vocab = tc.corpus.CharVocab(tc.corpus.load_corpus())
    assert vocab.decode(vocab.encode("chai pi lo")) == "chai pi lo"
    with pytest.raises(tc.CourseError):
        vocab.encode("Chai")  # capital letter is not in the lowercase corpus
    with pytest.raises(tc.CourseError):
        tc.corpus.CharVocab("aaaa")


def test_split_blocks_holds_out_whole_blocks_with_a_gap():
    text = "\n".join(f"line {i}" for i in range(100)) + "\n"
    parts = tc.corpus.split_blocks(text, block_lines=4, every=5, gap_lines=2)
    numbers = {name: [int(n) for n in re.findall(r"\d+", part)] for name, part in parts.items()}
    assert numbers["validation"][:4] == [12, 13, 14, 15] and numbers["test"][:4] == [16, 17, 18, 19]
    assert len(numbers["validation"]) == len(numbers["test"]) == 20
    assert 10 not in numbers["train"] and 9 in numbers["train"] and 22 in numbers["train"]
    assert 20 not in numbers["train"] and 21 not in numbers["train"]  # the gap after a held-out run
    seen = numbers["train"] + numbers["validation"] + numbers["test"]
    # no line twice; 2 gap lines on each side of a held-out run (the last run ends the text)
    assert len(seen) == len(set(seen)) == 100 - 4 * 4 - 2
    with pytest.raises(tc.CourseError):
        tc.corpus.split_blocks(text, every=2)


def test_the_shipped_split_shares_no_line_and_no_story_edge():
    parts = tc.corpus.split_blocks(tc.corpus.load_corpus())
    sets = {name: set(part.strip().split("\n")) for name, part in parts.items()}
    assert not sets["train"] & sets["validation"] and not sets["train"] & sets["test"]
    assert min(len(parts["validation"]), len(parts["test"])) >= 10_000


def test_char_windows():
    ids = torch.arange(50)
    x, y = tc.corpus.char_windows(ids, 8, 4, torch.Generator().manual_seed(0))
    assert x.shape == (4, 8) and torch.equal(y, x + 1)
    with pytest.raises(tc.CourseError):
        tc.corpus.char_windows(ids, 60, 4, torch.Generator())


def test_real_word_fraction():
    words = {"chai", "pi", "lo"}
    assert tc.corpus.real_word_fraction("chai pi lo.", words) == 1.0
    assert tc.corpus.real_word_fraction("chai xyz lo.", words) == pytest.approx(2 / 3)
    assert tc.corpus.real_word_fraction("chai pi lo", words) == 1.0  # cut last word is dropped


# ---------------------------------------------------------------- n-gram baselines

def test_ngram_probabilities_by_hand():
    # text "abab" over vocab {a, b, c}: after "a" always "b"; α = 1
    ids = torch.tensor([0, 1, 0, 1])
    model = tc.corpus.CharNGram(ids, 3, max_order=2, alpha=1.0)
    uni, bi = model.probabilities(torch.tensor([0]))
    unigram = torch.tensor([2 + 1 / 3, 2 + 1 / 3, 1 / 3]) / 5
    torch.testing.assert_close(uni[0], unigram)
    torch.testing.assert_close(bi[0], (torch.tensor([0.0, 2.0, 0.0]) + unigram) / 3)
    for p in model.probabilities(torch.tensor([2, 2, 0, 1])):   # "c" was never a context
        torch.testing.assert_close(p.sum(-1), torch.ones(4))
    _, bi_unseen = model.probabilities(torch.tensor([2]))
    torch.testing.assert_close(bi_unseen[0], unigram)   # unseen context → the shorter one


def test_ngram_scores_match_a_direct_count():
    text = "aaj chai hai. aaj chai nahi hai. kal chai hai.\n" * 3
    vocab = tc.corpus.CharVocab(text)
    ids = vocab.encode(text)
    model = tc.corpus.CharNGram(ids, len(vocab), max_order=4, alpha=0.5)
    scores = model.scores(ids)
    probs = model.probabilities(ids[:-1])
    for (ce, acc), p in zip(scores, probs, strict=True):
        picked = p[torch.arange(len(ids) - 1), ids[1:]]
        assert ce == pytest.approx(float(-picked.log().mean()), rel=1e-5)
        assert acc == pytest.approx(float((p.argmax(-1) == ids[1:]).float().mean()))
    ces = [ce for ce, _ in scores]
    assert ces[0] > ces[1] > ces[2] > ces[3]   # on its own training text, longer is better
    with pytest.raises(tc.CourseError):
        tc.corpus.CharNGram(ids, len(vocab), alpha=0)


def test_ngram_scores_pick_alpha_on_validation_only():
    vocab, ids = tc.decoder.corpus_splits()
    small = {name: part[:3000] for name, part in ids.items()}
    out = tc.decoder.ngram_scores(small, len(vocab), max_order=3, alphas=(1, 10))
    assert out["order"] == [1, 2, 3] and set(out["alpha"]) <= {1, 10}
    assert out["best_order"] == 1 + min(range(3), key=lambda k: out["validation_ce"][k])
    for k, alpha in enumerate(out["alpha"]):
        model = tc.corpus.CharNGram(small["train"], len(vocab), 3, alpha=alpha)
        assert out["test_ce"][k] == pytest.approx(model.scores(small["test"])[k][0], abs=1e-4)
    assert "(sabse achha)" in tc.decoder.ngram_table(out)


def test_text_scores_score_every_character_once():
    torch.manual_seed(0)
    model = tc.CharGenerator(7, d_model=16, nhead=2, num_layers=1, dim_feedforward=32, max_len=8).eval()
    ids = torch.randint(0, 7, (8,))
    with torch.no_grad():   # text no longer than the context: one window, the usual loss
        direct = tc.cross_entropy(model(ids[None, :-1]), ids[None, 1:])
    ce, acc = tc.decoder.text_scores(model, ids, context=8)
    assert ce == pytest.approx(float(direct), rel=1e-5) and 0 <= acc <= 1
    long = torch.randint(0, 7, (45,))
    ce_long, _ = tc.decoder.text_scores(model, long, context=8)
    # the same as predicting character j + 1 from its own window: windows start every 4
    # characters, and each character is scored in the first window that holds 4+ before it
    with torch.no_grad():
        losses = []
        for j in range(44):
            start = 0 if j < 8 else 4 * (j // 4) - 4
            logits = model(long[None, start:j + 1])[0, -1:]
            losses.append(float(torch.nn.functional.cross_entropy(logits, long[j + 1:j + 2])))
    assert ce_long == pytest.approx(sum(losses) / len(losses), rel=1e-4)
    with pytest.raises(tc.CourseError):
        tc.decoder.text_scores(model, torch.tensor([1]), context=8)


def test_compare_with_baseline_follows_the_numbers_in_both_directions():
    win = tc.decoder.compare_with_baseline("Transformer", [1.30, 1.32], "8-gram", 1.40)
    assert "har seed par Transformer behtar" in win and "0.080–0.100" in win
    lose = tc.decoder.compare_with_baseline("Transformer", [1.50, 1.45], "8-gram", 1.40)
    assert "kisi bhi seed par Transformer 8-gram se behtar nahi" in lose
    mixed = tc.decoder.compare_with_baseline("Transformer", [1.35, 1.45, 1.38], "8-gram", 1.40)
    assert "2/3 seeds par Transformer behtar" in mixed
    acc = tc.decoder.compare_with_baseline("T", [0.60, 0.61], "n", 0.58, lower_is_better=False)
    assert "har seed par T behtar" in acc
    assert "kisi bhi seed" in tc.decoder.compare_with_baseline("T", [0.5], "n", 0.58,
                                                               lower_is_better=False)


def test_overfitting_sentence_follows_the_curve():
    rising = [{"best_step": 200, "validation_ce": [2.0, 1.5, 1.7]},
              {"best_step": 200, "validation_ce": [2.0, 1.6, 1.9]}]
    assert "overfitting" in tc.decoder.overfitting_sentence(rising)
    flat = [{"best_step": 300, "validation_ce": [2.0, 1.6, 1.59]}]
    assert "lagbhag wahin" in tc.decoder.overfitting_sentence(flat)
    some = rising[:1] + flat
    assert "kuch seeds par" in tc.decoder.overfitting_sentence(some)


def test_sweep_char_generator_quick_runs_and_returns_the_record_keys():
    out = tc.decoder.sweep_char_generator(quick=True)
    assert set(out) == {"results", "seeds", "config"}
    results = out["results"]
    assert {"runs", "ngram", "history", "parameters", "characters"} <= set(results)
    run = results["runs"][0]
    assert run["seed"] == out["seeds"][0] and len(run["step"]) == len(run["validation_ce"])
    assert run["best_step"] in run["step"] and 0 < run["test_acc"] < 1
    assert results["ngram"]["best_order"] in results["ngram"]["order"]
    import json
    json.dumps(out)   # the record must be JSON
    assert "Transformer" in tc.decoder.ladder_table(results, 31)
    assert tc.decoder.plot_generator_record(results, run) is not None


def test_history_scores_use_the_same_targets_for_both_models():
    text = "meera ne chai pi. ronak ne chai pi. meera ne doodh pi.\n" * 6
    vocab = tc.corpus.CharVocab(text)
    ids = vocab.encode(text)
    ngram = tc.corpus.CharNGram(ids, len(vocab), max_order=4, alpha=1.0)
    torch.manual_seed(0)
    model = tc.CharGenerator(len(vocab), d_model=16, nhead=2, num_layers=1, dim_feedforward=32,
                             max_len=8)
    out = tc.decoder.history_scores(model, ngram, ids, histories=(1, 4, 8), positions=50)
    assert out["history"] == [1, 4, 8] and out["ngram_history"] == [0, 1, 2, 3]
    assert out["ngram_seen"] == [1.0] * 4   # scored on its own training text
    assert out["ngram"][0] > out["ngram"][3]
    targets = torch.linspace(8, len(ids) - 1, 50).long().unique()
    with torch.no_grad():
        logits = model(torch.stack([ids[t - 4:t] for t in targets.tolist()]))[:, -1]
    assert out["transformer"][1] == pytest.approx(
        float(torch.nn.functional.cross_entropy(logits, ids[targets])), abs=1e-4)


def test_history_sentence_follows_the_numbers():
    base = {"history": [1, 4, 8, 64], "ngram_history": list(range(10)),
            "ngram": [2.9, 2.3, 1.9, 1.6, 1.5, 1.47, 1.46, 1.455, 1.45, 1.45],
            "ngram_seen": [1, 1, 1, 0.99, 0.9, 0.8, 0.7, 0.6, 0.45, 0.33]}
    gains = tc.decoder.history_sentence(
        {**base, "transformer": [[2.4, 1.7, 1.50, 1.40], [2.4, 1.7, 1.52, 1.44]]})
    assert "har seed par Transformer ne 8 se aage" in gains and "0.080–0.100 nats kamaye" in gains
    assert "33% jagah" in gains and "n-gram 1.450, Transformer 1.510" in gains
    assert "bada hissa lambe context se hai (0.090 nats)" in gains
    short_wins = tc.decoder.history_sentence(
        {**base, "transformer": [[2.4, 1.7, 1.40, 1.38], [2.4, 1.7, 1.40, 1.39]]})
    assert "aadha sach" in short_wins and "(0.050 nats) wahi 8" in short_wins
    flat = tc.decoder.history_sentence({**base, "transformer": [[2.4, 1.7, 1.50, 1.51]]})
    assert "koi khaas fayda nahi" in flat and "kamaye" not in flat
    mixed = tc.decoder.history_sentence(
        {**base, "transformer": [[2.4, 1.7, 1.50, 1.40], [2.4, 1.7, 1.50, 1.52]]})
    assert "seed par nirbhar" in mixed and "1/2 seeds" in mixed
    small = tc.decoder.history_sentence(
        {**base, "transformer": [[2.4, 1.7, 1.50, 1.495], [2.4, 1.7, 1.52, 1.50]]})
    assert "har seed par chhota fayda: 0.005–0.020 nats kam" in small and "nirbhar" not in small
    assert "3000 positions par" in small
    plateau = tc.decoder.history_sentence(
        {**base, "history": [1, 4, 8, 32, 64],
         "transformer": [[2.4, 1.7, 1.50, 1.40, 1.42], [2.4, 1.7, 1.50, 1.41, 1.42]]})
    assert "64 characters ka window 32 se har seed par thoda bura (0.010–0.020 nats)" in plateau
    assert "thoda bura" not in gains
    assert tc.decoder.plot_history_scores({**base, "transformer": [[2.4, 1.7, 1.5, 1.4]]}) is not None


def test_longest_training_piece_and_its_sentence():
    training = "aaj school me test hai\nchai garam hai\n"
    assert tc.decoder.longest_training_piece("kal school me chai", training) == " school me "
    assert tc.decoder.longest_training_piece("xyz", training) == ""
    text = tc.decoder.copied_pieces_sentence({"greedy": "kal school me chai"}, training)
    assert "11 characters ' school me ', training me 1 baar" in text
    assert "11–11 characters" in text and "bas chhote tukde" in text  # lines average 18 chars
    whole = tc.decoder.copied_pieces_sentence({"greedy": "aaj school me test hai"}, training)
    assert "line jitna lamba tukda copy hua" in whole


def test_generator_checkpoint_round_trip(tmp_path):
    from transformer_course.lessons import decoder_scorecard
    vocab = tc.corpus.CharVocab("abc de.\n")
    config = dict(decoder_scorecard.GENERATOR_CONFIG, d_model=16, nhead=2, num_layers=1,
                  dim_feedforward=32, context=8)
    model = tc.decoder.new_generator(config, len(vocab), seed=3)
    path = decoder_scorecard.save_generator(model, vocab, config, tmp_path / "g.pt")
    again, vocab_again = decoder_scorecard.generator_from_checkpoint(
        torch.load(path, weights_only=True))
    assert vocab_again.chars == vocab.chars
    ids = torch.tensor([[0, 1, 2, 3]])
    with torch.no_grad():   # float16 storage: close, not equal
        torch.testing.assert_close(again(ids), model.eval()(ids), atol=2e-2, rtol=0)


def test_the_shipped_checkpoint_is_small_and_matches_its_record():
    from transformer_course.lessons import decoder_scorecard
    path = decoder_scorecard.checkpoint_path(tc.decoder.GENERATOR_RECORD)
    assert path.stat().st_size <= 1_000_000
    model, vocab = tc.decoder.load_generator()
    record = tc.records.load_record(tc.decoder.GENERATOR_RECORD)
    assert tc.count_parameters(model) == record["results"]["parameters"]
    _, ids = tc.decoder.corpus_splits()
    ce, _ = tc.decoder.text_scores(model, ids["test"][:3000], record["config"]["context"])
    assert ce < 2.0   # a trained model (an untrained one scores about ln 31 ≈ 3.4)


# ---------------------------------------------------------------- sampling

def test_greedy_is_argmax_and_deterministic():
    logits = torch.tensor([[0.1, 2.0, -1.0, 1.9], [3.0, 0.0, 0.0, 0.0]])
    for seed in range(3):
        picked = tc.next_token(logits, temperature=0, generator=torch.Generator().manual_seed(seed))
        assert picked.tolist() == [1, 0]


def test_top_k_only_picks_from_the_top_k():
    torch.manual_seed(0)
    logits = torch.randn(50)
    top = set(logits.topk(5).indices.tolist())
    g = torch.Generator().manual_seed(0)
    picks = {int(tc.next_token(logits, 1.5, top_k=5, generator=g)) for _ in range(300)}
    assert picks <= top and len(picks) >= 3
    probs = tc.sampling_probabilities(logits, 1.0, top_k=5)
    assert (probs > 0).sum() == 5 and float(probs.sum()) == pytest.approx(1.0)


def test_temperature_sharpens_and_flattens():
    logits = torch.tensor([2.0, 1.0, 0.0])
    cold, warm, hot = (tc.sampling_probabilities(logits, t) for t in (0.5, 1.0, 3.0))
    assert cold[0] > warm[0] > hot[0]
    torch.testing.assert_close(warm, torch.softmax(logits, -1))


@pytest.mark.parametrize("temperature", [-0.5, float("nan"), float("inf"), True, "1", None])
def test_bad_temperature_raises(temperature):
    with pytest.raises(tc.CourseError):
        tc.sampling_probabilities(torch.zeros(4), temperature)


@pytest.mark.parametrize("top_k", [0, -1, 5, 2.0])
def test_bad_top_k_raises(top_k):
    with pytest.raises(tc.CourseError):
        tc.sampling_probabilities(torch.zeros(4), 1.0, top_k=top_k)


def test_bad_logits_raise():
    with pytest.raises(tc.CourseError):
        tc.next_token(torch.zeros(2, 3, 4))
    with pytest.raises(tc.CourseError):
        tc.next_token(torch.tensor([1, 2, 3]))


def _tiny_generator():
    vocab = tc.corpus.CharVocab(tc.corpus.load_corpus())
    torch.manual_seed(0)
    model = tc.CharGenerator(len(vocab), d_model=16, nhead=2, num_layers=1, dim_feedforward=32,
                            max_len=16)
    return model, vocab


def test_generate_is_seeded_and_uses_the_context_window():
    model, vocab = _tiny_generator()
    a = tc.generate(model, vocab, "chai ", 40, 1.0, seed=3)
    assert a == tc.generate(model, vocab, "chai ", 40, 1.0, seed=3)
    assert a != tc.generate(model, vocab, "chai ", 40, 1.0, seed=4)
    assert len(a) == 45 and a.startswith("chai ")
    greedy = tc.generate(model, vocab, "chai ", 20, 0, seed=0)
    assert greedy == tc.generate(model, vocab, "chai ", 20, 0, seed=99)


@pytest.mark.parametrize("kwargs", [dict(prompt=""), dict(prompt="CHAI"), dict(length=0),
                                    dict(temperature=-1.0), dict(top_k=0)])
def test_generate_bad_inputs(kwargs):
    model, vocab = _tiny_generator()
    args = dict(prompt="chai", length=5, temperature=1.0, top_k=None) | kwargs
    with pytest.raises(tc.CourseError):
        tc.generate(model, vocab, **args)


def test_char_generator_bad_inputs():
    model, _ = _tiny_generator()
    with pytest.raises(tc.CourseError):
        model(torch.zeros(1, 20, dtype=torch.long))  # longer than max_len
    with pytest.raises(tc.CourseError):
        model(torch.full((1, 4), 999))  # id outside the vocab
    with pytest.raises(tc.CourseError):
        model(torch.zeros(1, 4))  # float ids


# ---------------------------------------------------------------- encoder–decoder model

def _tiny_seq2seq(block_cls=tc.DecoderBlock):
    task = W.NumberTask()
    torch.manual_seed(0)
    model = tc.Seq2Seq(len(task.src_tokens), len(task.tgt_tokens), d_model=16, nhead=2,
                      num_encoder_layers=1, num_decoder_layers=2, dim_feedforward=32,
                      block_cls=block_cls).eval()
    return task, model


def test_seq2seq_shapes_greedy_decode_and_pair_input():
    task, model = _tiny_seq2seq()
    src = task.encode_digits([5, 45, 203])
    tgt_in = tc.shift_right(task.encode_words([5, 45, 203]).clamp(min=0), task.BOS)
    logits = model(src, tgt_in)
    assert logits.shape == (3, 4, len(task.tgt_tokens))
    torch.testing.assert_close(model((src, tgt_in)), logits)
    out = tc.greedy_decode(model, src, task.BOS, task.EOS, 4)
    assert out.shape[0] == 3 and out.shape[1] <= 4


def test_seq2seq_works_with_pytorch_decoder_layer():
    task, model = _tiny_seq2seq(nn.TransformerDecoderLayer)
    src = task.encode_digits([12])
    assert model(src, torch.tensor([[task.BOS]])).shape == (1, 1, len(task.tgt_tokens))


@pytest.mark.parametrize("block_cls", [tc.DecoderBlock, nn.TransformerDecoderLayer])
def test_capture_cross_attention(block_cls):
    task, model = _tiny_seq2seq(block_cls)
    src = task.encode_digits([7, 203])  # 7 has two padding positions in front
    tgt_in = torch.tensor([[task.BOS, 5, 2], [task.BOS, 5, 6]])
    with tc.capture_cross_attention(model) as records:
        model(src, tgt_in)
    assert len(records) == 2 and records[0].shape == (2, 2, 3, 3)
    weights = records[-1]
    torch.testing.assert_close(weights.sum(-1), torch.ones(2, 2, 3))
    assert float(weights[0, :, :, :2].abs().max()) == 0.0  # padding gets no attention
    model(src, tgt_in)
    assert len(records) == 2  # hooks removed after the block


def test_capture_cross_attention_needs_cross_attention():
    model, _ = _tiny_generator()
    with pytest.raises(tc.CourseError), tc.capture_cross_attention(model):
        pass


def test_capture_attention_records_self_attention_of_a_generator():
    model, _ = _tiny_generator()
    ids = torch.tensor([[1, 2, 3, 4]])
    with tc.capture_attention(model, "self_attn") as records:
        model(ids)
    assert len(records) == 1 and records[0].shape == (1, 2, 4, 4)
    assert float(records[0].triu(1).abs().max()) == 0.0  # the generator is causal
    with pytest.raises(tc.CourseError), tc.capture_attention(model, "no_such_attn"):
        pass


def test_decoder_block_bad_inputs():
    _, mine = _pair()
    good = torch.zeros(2, 3, 16)
    with pytest.raises(tc.CourseError):
        mine(torch.zeros(2, 3, 8), good)  # wrong d_model
    with pytest.raises(tc.CourseError):
        mine(good, torch.zeros(2, 3, 8))  # memory with wrong d_model
    with pytest.raises(tc.CourseError):
        mine(good.long(), good)  # integer tgt
    with pytest.raises(tc.CourseError):
        mine(good, torch.zeros(3, 16))  # memory 2-D, tgt 3-D
    with pytest.raises(tc.CourseError):
        tc.DecoderBlock(16, 3)  # 16 not divisible by 3 heads
    with pytest.raises(tc.CourseError):
        tc.DecoderBlock(16, 4, activation="swish")


# ---------------------------------------------------------------- exercise checks

class _AlwaysPostNorm(tc.DecoderBlock):
    """Wrong: ignores norm_first."""

    def forward(self, tgt, memory, tgt_mask=None, memory_mask=None, tgt_key_padding_mask=None,
                memory_key_padding_mask=None, **kwargs):
        x = self.norm1(tgt + self._self_attention(tgt, tgt_mask, tgt_key_padding_mask))
        x = self.norm2(x + self._cross_attention(x, memory, memory_mask, memory_key_padding_mask))
        return self.norm3(x + self._feed_forward(x))


class _NoMask(tc.DecoderBlock):
    """Wrong: forgets the causal mask."""

    def forward(self, tgt, memory, tgt_mask=None, **kwargs):
        return super().forward(tgt, memory, **kwargs)


class _Stub(nn.Module):
    def __init__(self, *args, **kwargs):
        raise NotImplementedError("abhi likhna hai")


def test_check_decoder_block_reference_passes(capsys):
    assert tc.check_decoder_block(tc.DecoderBlock)
    assert "✅" in capsys.readouterr().out


@pytest.mark.parametrize("wrong", [_AlwaysPostNorm, _NoMask, nn.Linear, "not a class"])
def test_check_decoder_block_wrong_fails(wrong, capsys):
    assert not tc.check_decoder_block(wrong)
    assert "❌" in capsys.readouterr().out


def test_check_decoder_block_stub_is_still_to_do(capsys):
    assert not tc.check_decoder_block(_Stub)
    assert "abhi baaki hai" in capsys.readouterr().out


def test_check_shift_right(capsys):
    assert tc.check_shift_right(tc.shift_right)
    assert "✅" in capsys.readouterr().out
    assert not tc.check_shift_right(lambda t, s: torch.cat([t[:, :1] * 0 + s, t[:, 1:]], 1))
    assert "❌" in capsys.readouterr().out
    assert not tc.check_shift_right(lambda t, s: torch.cat([torch.full_like(t[..., :1], s), t[..., :-1]], -1))
    assert "ValueError" in capsys.readouterr().out  # accepted the 1-D input

    def stub(tokens, start_id):
        raise NotImplementedError

    assert not tc.check_shift_right(stub)
    assert "abhi baaki hai" in capsys.readouterr().out


# ---------------------------------------------------------------- pictures

def test_plots_draw():
    assert tc.decoder.plot_causal_mask(4, list("abcd")) is not None
    w = torch.softmax(torch.randn(4, 4), -1)
    assert len(tc.decoder.plot_masked_attention(w, w, list("abcd"))) == 2
    assert tc.decoder.plot_cross_attention(torch.rand(3, 3), ["4", "0", "5"], ["a", "b", "c"]) is not None


# ---------------------------------------------------------------- Modify: the causal mask removed

def _small_pair():
    """A CharGenerator and a CharGeneratorWithMask (default mask) with the same random weights."""
    torch.manual_seed(0)
    plain = tc.CharGenerator(9, d_model=16, nhead=2, num_layers=2, dim_feedforward=32, max_len=8)
    masked = tc.decoder.CharGeneratorWithMask(9, d_model=16, nhead=2, num_layers=2,
                                              dim_feedforward=32, max_len=8)
    masked.load_state_dict(randomise_parameters(plain).state_dict())
    return plain.eval(), masked.eval()


def test_char_generator_with_mask_defaults_to_char_generator():
    plain, masked = _small_pair()
    ids = torch.randint(0, 9, (3, 8), generator=torch.Generator().manual_seed(1))
    with torch.no_grad():
        torch.testing.assert_close(masked(ids), plain(ids))
    for bad in [torch.zeros(2, 9, dtype=torch.long), torch.full((1, 3), 9), torch.zeros(3),
                torch.zeros(1, 3)]:
        with pytest.raises(tc.CourseError):
            masked(bad)


def test_writing_accuracy_equals_held_out_accuracy_for_a_causal_model_only():
    plain, _ = _small_pair()
    g = torch.Generator().manual_seed(2)
    x, y = torch.randint(0, 9, (16, 8), generator=g), torch.randint(0, 9, (16, 8), generator=g)
    with torch.no_grad():
        assert tc.decoder.writing_accuracy(plain, x, y) == pytest.approx(
            tc.token_accuracy(plain(x), y), abs=1e-6)
    # a peeking model that copies the next input token: perfect with the future, lost without it
    class Peeker(nn.Module):
        def forward(self, ids):
            nxt = torch.cat([ids[:, 1:], ids[:, -1:]], dim=1)
            return nn.functional.one_hot(nxt, 9).float()

    x = torch.randint(0, 9, (16, 8), generator=g)
    y = torch.cat([x[:, 1:], torch.randint(0, 9, (16, 1), generator=g)], dim=1)
    assert tc.token_accuracy(Peeker()(x)[:, :-1], y[:, :-1]) == 1.0
    assert tc.decoder.writing_accuracy(Peeker(), x, y) < 0.5


def _learner_no_mask(kind):
    """Wrong (and right) no_causal_mask functions, the way learners write them."""
    def mask(size, device=None):
        if kind == "zeros":
            return torch.zeros(size, size, dtype=torch.bool, device=device)
        if kind == "none":
            return None
        if kind == "float zeros":
            return torch.zeros(size, size, device=device)
        if kind == "unchanged":  # copied the causal mask
            return torch.triu(torch.ones(size, size, dtype=torch.bool, device=device), diagonal=1)
        if kind == "float -inf":  # PyTorch's float causal mask
            return nn.Transformer.generate_square_subsequent_mask(size, device=device)
        if kind == "all True":  # 'sab dikhe' = sab True, in the wrong convention
            return torch.ones(size, size, dtype=torch.bool, device=device)
        if kind == "lower triangle":  # torch.tril: True = may look, in a True = block model
            return torch.tril(torch.ones(size, size, device=device)).bool()
        if kind == "1-D":
            return torch.zeros(size, dtype=torch.bool)
        if kind == "no device":  # right mask, but on the CPU even when the model is on a GPU
            return torch.zeros(size, size, dtype=torch.bool)
        raise NotImplementedError
    return mask


@pytest.mark.parametrize("kind", ["zeros", "none", "float zeros"])
def test_check_no_causal_mask_accepts_every_way_of_no_mask(kind, capsys):
    assert tc.check_no_causal_mask(_learner_no_mask(kind))
    assert "✅" in capsys.readouterr().out


NO_MASK_WRONG = {
    "unchanged": "abhi bhi causal mask",
    "float -inf": "abhi bhi causal mask",
    "all True": "sab entries True",
    "lower triangle": "course ka convention",
    "1-D": "attn_mask",
    "no device": "`device` par banna chahiye",
}


@pytest.mark.parametrize("kind, phrase", sorted(NO_MASK_WRONG.items()))
def test_check_no_causal_mask_names_the_learners_mistake(kind, phrase, capsys):
    assert not tc.check_no_causal_mask(_learner_no_mask(kind))
    out = capsys.readouterr().out
    assert out.startswith("❌") and phrase in out, out


def test_check_no_causal_mask_reference_and_stub(capsys):
    assert tc.check_no_causal_mask(decoder_checks.no_causal_mask)
    assert "✅" in capsys.readouterr().out
    assert not tc.check_no_causal_mask(_learner_no_mask("stub"))
    assert "abhi baaki hai" in capsys.readouterr().out


def test_no_mask_check_sees_position_zero_reading_the_future():
    sees, _ = decoder_checks.run_generator_with_mask(decoder_checks.no_causal_mask, 5)
    assert sees
    sees, _ = decoder_checks.run_generator_with_mask(tc.blocked_causal_mask, 5)
    assert not sees
