"""Notebook 08b: top-p, the KV cache and beam search against recompute-everything oracles, the
translator's record and checkpoint, and the lesson's pictures."""

from __future__ import annotations

import itertools

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
import torch  # noqa: E402

import transformer_course as tc  # noqa: E402
from transformer_course.model.kv_cache import cached_step, empty_cache  # noqa: E402

# ---------------------------------------------------------------- top-p


def _top_p_oracle(row: list[float], p: float) -> list[float]:
    order = sorted(range(len(row)), key=lambda i: -row[i])
    kept, total = [], 0.0
    for i in order:
        kept.append(i)
        total += row[i]
        if total >= p:
            break
    mass = sum(row[i] for i in kept)
    return [row[i] / mass if i in kept else 0.0 for i in range(len(row))]


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("p", [0.3, 0.9, 1.0])
def test_top_p_matches_a_plain_python_oracle(seed, p):
    probs = torch.softmax(torch.randn(3, 17, generator=torch.Generator().manual_seed(seed),
                                      dtype=torch.float64), -1)
    got = tc.top_p_filter(probs, p)
    for row, out in zip(probs.tolist(), got, strict=True):
        assert torch.allclose(out, torch.tensor(_top_p_oracle(row, p), dtype=torch.float64))


def test_top_p_keeps_the_crossing_token_and_rejects_bad_p():
    halves = torch.tensor([0.125, 0.5, 0.125, 0.25])
    assert (tc.top_p_filter(halves, 0.6) > 0).tolist() == [False, True, False, True]
    assert (tc.top_p_filter(torch.tensor([0.7, 0.2, 0.1]), 0.5) > 0).sum() == 1
    for bad in (0, 1.5, -0.1, float("nan"), True, "0.9"):
        with pytest.raises(tc.CourseError):
            tc.top_p_filter(halves, bad)


def test_top_p_one_keeps_every_token_of_a_large_vocabulary():
    probs = torch.softmax(torch.randn(4, 5000, generator=torch.Generator().manual_seed(0)) * 3, -1)
    kept = tc.top_p_filter(probs, 1.0)
    assert bool((kept > 0).all()) and torch.allclose(kept, probs)


def test_sampling_probabilities_applies_top_k_then_top_p():
    logits = torch.tensor([3.0, 2.0, 1.0, 0.0, -1.0])
    assert torch.equal(tc.sampling_probabilities(logits, 1.0, None, None),
                       torch.softmax(logits, -1))
    both = tc.sampling_probabilities(logits, 1.0, 3, 0.8)
    assert torch.allclose(both, tc.top_p_filter(tc.sampling_probabilities(logits, 1.0, 3), 0.8))
    assert int((both > 0).sum()) == 2


# ---------------------------------------------------------------- KV cache


@pytest.fixture(scope="module")
def generator():
    model, vocab = tc.decoder.load_generator()
    return model, vocab


def _random_generator(seed=0, max_len=40):
    torch.manual_seed(seed)
    return tc.CharGenerator(11, d_model=16, nhead=4, num_layers=2, dim_feedforward=32,
                            max_len=max_len).eval()


@pytest.mark.parametrize("seed", [0, 1])
def test_cached_logits_equal_recomputing_random_weights(seed):
    model = _random_generator(seed)
    ids = torch.randint(0, 11, (3, 25), generator=torch.Generator().manual_seed(seed))
    with torch.no_grad():
        assert torch.allclose(tc.cached_logits(model, ids), model(ids), atol=1e-5)


def test_kv_step_with_several_new_tokens_is_causal_attention():
    g = torch.Generator().manual_seed(0)
    q, k, v = (torch.randn(2, 3, 7, 4, generator=g) for _ in range(3))
    full, _ = tc.scaled_dot_product_attention(q, k, v, mask=tc.causal_mask(7))
    empty = k[:, :, :0]
    out, k_all, v_all = tc.kv_cache_step(q, k, v, empty, empty)
    assert torch.allclose(out, full, atol=1e-6) and torch.equal(k_all, k)
    _, k_past, v_past = tc.kv_cache_step(q[:, :, :4], k[:, :, :4], v[:, :, :4], empty, empty)
    rest, _, _ = tc.kv_cache_step(q[:, :, 4:], k[:, :, 4:], v[:, :, 4:], k_past, v_past)
    assert torch.allclose(rest, full[:, :, 4:], atol=1e-6)


def test_generation_with_and_without_cache_gives_the_same_tokens(generator):
    model, vocab = generator
    prompt = vocab.encode("aaj school me ")
    ids_cache, logits_cache = tc.generate_ids(model, prompt, 40, use_cache=True)
    ids_full, logits_full = tc.generate_ids(model, prompt, 40, use_cache=False)
    assert torch.equal(ids_cache, ids_full)
    assert torch.allclose(logits_cache, logits_full, atol=1e-4)
    assert ids_cache.shape == (len(prompt) + 40,)


@pytest.mark.parametrize("prompt", [torch.tensor([], dtype=torch.long), torch.tensor([[3, 4], [5, 6]]),
                                    torch.tensor([1.0, 2.0])])
def test_generate_ids_refuses_an_empty_batched_or_float_prompt(prompt):
    with pytest.raises(tc.CourseError):
        tc.generate_ids(_random_generator(), prompt, 3)


def test_the_cache_refuses_to_run_past_max_len():
    model = _random_generator(max_len=4)
    _, cache = cached_step(model, torch.zeros(1, 4, dtype=torch.long), empty_cache(model))
    with pytest.raises(tc.CourseError, match="max_len"):
        cached_step(model, torch.zeros(1, 1, dtype=torch.long), cache)


def test_timing_reports_both_ways_and_a_ratio():
    timing = tc.decoding.time_next_token(_random_generator(max_len=40), lengths=(4, 16), repeats=1)
    assert len(timing["speedup"]) == 2 and min(timing["cache_s"]) > 0 and timing["repeats"] == 1
    assert "L=4" in tc.decoding.speed_sentence(timing)
    tc.decoding.plot_kv_speed(timing)
    plt.close("all")


# ---------------------------------------------------------------- beam search


@pytest.fixture(scope="module")
def translator():
    return tc.decoding.load_translator()


def test_beam_width_one_is_greedy(translator):
    model, task = translator
    src = task.encode_digits(task.held_out_numbers)
    greedy = tc.greedy_decode(model, src, task.BOS, task.EOS, max_len=4)
    beam, _ = tc.beam_search(model, src, task.BOS, task.EOS, 4, beam_width=1)
    assert torch.equal(greedy, beam)


def _tiny_seq2seq(seed=0, vocab=5):
    torch.manual_seed(seed)
    return tc.Seq2Seq(4, vocab, d_model=8, nhead=2, num_encoder_layers=1, num_decoder_layers=1,
                      dim_feedforward=16).eval()


@pytest.mark.parametrize("seed", range(3))
def test_a_wide_beam_finds_the_best_answer_by_brute_force(seed):
    model, vocab, bos, eos, max_len = _tiny_seq2seq(seed), 5, 1, 2, 3
    src = torch.tensor([[3, 1, 2], [0, 2, 3]])
    ids, scores = tc.beam_search(model, src, bos, eos, max_len, beam_width=vocab ** max_len)
    for row in range(2):
        best = -float("inf")
        for length in range(1, max_len + 1):
            for seq in itertools.product(range(vocab), repeat=length):
                if eos in seq[:-1] or (length < max_len and seq[-1] != eos):
                    continue
                score = tc.sequence_log_prob(model, src[row:row + 1], torch.tensor([seq]), bos)
                best = max(best, float(score))
        assert abs(float(scores[row]) - best) < 1e-4
        answer = ids[row].tolist()
        answer = answer[:answer.index(eos) + 1] if eos in answer else answer
        again = tc.sequence_log_prob(model, src[row:row + 1], torch.tensor([answer]), bos)
        assert abs(float(again) - float(scores[row])) < 1e-4


def test_the_shipped_translator_reproduces_its_record(translator):
    model, task = translator
    record = tc.records.load_record(tc.decoding.TRANSLATOR_RECORD)
    seed0 = record["results"]["runs"][record["seeds"].index(0)]
    live = tc.decoding.beam_report(model, task, task.held_out_numbers)
    for key in ("greedy", "beam 1", "beam 2", "beam 4"):
        assert live[key] == {k: seed0[key][k] for k in live[key]}, key
    assert live["greedy"]["exact_match"] >= 0.95


def test_model_errors_are_more_likely_than_the_right_answer(translator):
    model, task = translator
    rows = tc.decoding.model_or_search_error(model, task, task.held_out_numbers)
    assert rows and all(r["greedy_logp"] > r["right_logp"] for r in rows)
    sentence = tc.decoding.beam_sentence(tc.records.load_record("translator")["results"]["runs"], 50)
    assert "50 steps" in sentence


def test_ties_are_labelled_and_step_probs_add_up_to_the_answers_log_p(translator):
    model, task = translator
    assert tc.decoding.error_kind(0.0001) == "lagbhag barabar (tie)"
    assert tc.decoding.error_kind(0.5).startswith("search")
    assert tc.decoding.error_kind(-0.5).startswith("model")
    for n in (6, 237):
        for answer in (tc.decoding.translate(model, task, [n])[0], "do sau"):
            steps = tc.decoding.step_probs(model, task, n, answer)
            assert [w for w, _ in steps] == [*answer.split(), "<eos>"]
            total = sum(torch.tensor(p).log().item() for _, p in steps)
            assert abs(total - tc.decoding.answer_log_prob(model, task, n, answer)) < 1e-4
    rows = tc.decoding.beam_break_rows(model, task, [237, 6], width=2)
    assert [r["number"] for r in rows] == [237, 6] and all(r["beam_logp"] <= 0 for r in rows)


def test_record_tables_say_none_and_split_out_ties():
    runs = tc.records.load_record("translator")["results"]["runs"]
    assert "koi nahi" in tc.decoding.beam_table(runs) and "+–" not in tc.decoding.beam_table(runs)
    fake = [{"seed": 0, "greedy": {"exact_match": 0.5, "wrong": [1, 2]},
             "beam 2": {"exact_match": 0.6, "fixed": [1, 2], "broken": [], "ties": [2]}}]
    assert "lagbhag tie: [2]" in tc.decoding.beam_table(fake)
    assert "1 lagbhag tie" in tc.decoding.beam_sentence(fake)


def test_attention_grids_cover_every_layer_and_head(translator):
    model, task = translator
    maps = tc.decoding.translator_attention(model, task, 237)
    assert len(maps["encoder"]) == 1 and len(maps["decoder"]) == 2 and len(maps["cross"]) == 2
    assert maps["decoder"][0].shape == (1, 4, len(maps["inputs"]), len(maps["inputs"]))
    assert torch.all(maps["decoder"][0][0].triu(1) == 0)      # causal: no weight on the future
    assert maps["cross"][1].shape[-1] == 3
    fig = tc.decoding.plot_translator_attention(maps)
    assert len(fig.axes) >= 5 * 4
    plt.close("all")


# ---------------------------------------------------------------- the explorer


def test_sampling_explorer_is_seeded_and_marks_its_picks(generator, capsys):
    model, vocab = generator
    a = tc.decoding.sample_with_reasons(model, vocab, "chai ", 10, 0.8, None, 0.9, seed=3)
    b = tc.decoding.sample_with_reasons(model, vocab, "chai ", 10, 0.8, None, 0.9, seed=3)
    assert [p["char"] for p in a] == [p["char"] for p in b]
    assert all(p["prob"] > 0 and p["allowed"] >= 1 for p in a)
    greedy = tc.decoding.sample_with_reasons(model, vocab, "chai ", 5, 0.0)
    assert all(p["allowed"] == 1 and p["prob"] == 1.0 for p in greedy)
    tc.decoding.draw_sampling(model, vocab, "chai ", 1.0, 5, 0.9, seed=0, length=8)
    assert "pehle 12 picks" in capsys.readouterr().out
    plt.close("all")
