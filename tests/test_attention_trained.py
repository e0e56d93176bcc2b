"""The trained-attention checkpoint of 02 and 04: it reloads, is small, and reproduces its record."""

import numpy as np
import pytest
import torch

import transformer_course as tc
from transformer_course.data.tasks import it_split, it_vocab

lesson = tc.attention_trained


@pytest.fixture(scope="module")
def record():
    return tc.records.load_record(lesson.RECORD)


@pytest.fixture(scope="module")
def trained():
    return lesson.load_trained()


def test_checkpoint_is_small_and_named_in_the_record(record):
    path = lesson.checkpoint_path()
    assert path.is_file() and path.stat().st_size <= lesson.MAX_BYTES
    assert record["results"]["checkpoint"]["file"] == path.name
    assert record["results"]["checkpoint"]["bytes"] == path.stat().st_size


def test_reloaded_checkpoint_reproduces_the_recorded_scores_exactly(record, trained):
    model, vocab = trained
    train, held_out = it_split()
    seed0 = record["results"]["per_seed"]["0"]
    assert lesson.scores(model, held_out, vocab)["accuracy"] == seed0["held_out"]["accuracy"]
    assert lesson.scores(model, train, vocab)["accuracy"] == seed0["train"]["accuracy"]
    assert seed0["log"]["held_out_accuracy"][-1] == round(seed0["held_out"]["accuracy"], 5)
    summary = lesson.head_summary(lesson.it_maps(model, held_out, vocab), held_out)
    for key, values in seed0["heads"].items():
        np.testing.assert_allclose(summary[key], values, atol=1e-4, err_msg=key)
    assert lesson.summary_matches(summary, lesson.record_summary(record))
    wrong = {**summary, "referent": summary["referent"] + 0.01}
    assert not lesson.summary_matches(wrong, lesson.record_summary(record))


def test_recorded_head_was_picked_on_training_sentences(record, trained):
    model, vocab = trained
    train, _ = it_split()
    summary = lesson.head_summary(lesson.it_maps(model, train, vocab), train)
    assert list(lesson.pick_referent_head(summary)) == record["results"]["per_seed"]["0"]["referent_head"]


@pytest.mark.parametrize("which", ["trained", "untrained"])
def test_layer0_cannot_see_the_adjective(trained, which):
    """02's predict: in layer 0 the cat ÷ mat weight ratio of "it" is the same for "tired" and
    "soft", whatever the weights (the query and both keys come from the words alone)."""
    model, vocab = trained
    if which == "untrained":
        model = lesson.make_it_resolver(len(vocab), seed=3)
    _, held_out = it_split()
    pair = lesson.showcase_sentences(held_out)
    maps = lesson.it_maps(model, pair, vocab)
    ratios = lesson.noun_ratio(maps, pair, layer=0)
    assert lesson.ratio_verdict(ratios[0], ratios[1]) == "barabar"
    if which == "trained":
        later = lesson.noun_ratio(maps, pair, layer=1)
        assert lesson.ratio_verdict(later[0], later[1]) == "tired me zyada"
    assert lesson.ratio_verdict(ratios[0], ratios[1] * 2) == "soft me zyada"
    # the referent flips with the adjective, the noun order of layer 0 does not: in exactly one of
    # the two sentences layer 0 weighs the right noun higher (sahi>doosra cannot beat a coin)
    wins = lesson.head_summary(maps, pair)[lesson.PAIRWISE][0]
    assert np.allclose(wins, 0.5)


def test_pairwise_column_and_its_baseline(record, trained):
    model, vocab = trained
    _, held_out = it_split()
    summary = lesson.head_summary(lesson.it_maps(model, held_out, vocab), held_out)
    pair = summary[lesson.PAIRWISE]
    assert np.abs(pair[0] - 0.5).max() < 0.1 and pair[1].max() > 0.9     # what 04's text says
    assert (summary["referent"][0] > 0.3).any()      # top weight alone makes layer 0 look good
    table = lesson.format_head_table(summary)
    assert "sahi>doosra" in table and table.splitlines()[-1].split("|")[1].split()[-1] == "50%"
    for result in record["results"]["per_seed"].values():
        assert np.array(result["heads"][lesson.PAIRWISE]).shape == (2, 4)
    lines = lesson.seed_lines(record)
    assert len(lines) == len(lesson.SEEDS) + 1 and "best head" in lines[0] and "chance 50%" in lines[-1]
    layer, head = record["results"]["per_seed"]["0"]["referent_head"]
    facts = "\n".join(lesson.referent_head_lines(summary, layer, head, record))
    assert f"{pair[layer, head]:.0%} sentences me (sikka: 50%)" in facts
    assert f"layer 0 ka sabse accha head: sabse bada weight sahi noun par {summary['referent'][0].max():.0%}" in facts


def test_roles_text_never_rounds_a_miss_up_to_the_threshold():
    train, _ = it_split()
    sentences = train[:4]
    length = len(sentences[0].words)
    maps = torch.full((4, 1, 1, length, length), 1 / length)
    for i, s in enumerate(sentences):            # "it" → referent in 2 of 4 sentences only …
        maps[i, 0, 0, s.it_position] = 0
        maps[i, 0, 0, s.it_position, s.position(s.referent if i < 2 else s.adjective)] = 1
    summary = lesson.head_summary(maps, sentences)
    summary["referent"] = summary["referent"] - 0.003  # … minus a hair: 49.7%
    summary["adjective"][:] = 0
    text = lesson.head_roles_text(summary)
    assert "50% se kam" in text and "49.7%" in text


def test_record_has_a_training_log_per_seed(record):
    assert record["seeds"] == list(lesson.SEEDS)
    steps = record["config"]["steps"]
    for result in record["results"]["per_seed"].values():
        log = result["log"]
        assert log["step"][-1] == steps and log["step"] == sorted(log["step"])
        assert all(len(v) == len(log["step"]) for v in log.values())
        assert log["train_loss"][-1] < log["train_loss"][0]


def test_held_out_is_disjoint_from_training():
    train, held_out = it_split()
    assert not {s.text for s in train} & {s.text for s in held_out}
    assert all(s in held_out for s in lesson.showcase_sentences(held_out))


def test_head_summary_counts_patterns():
    train, _ = it_split()
    sentences = train[:3]
    length = len(sentences[0].words)
    eye = torch.eye(length).expand(3, 2, 2, length, length).clone()      # everyone looks at itself
    summary = lesson.head_summary(eye, sentences)
    assert np.allclose(summary["self"], 1) and np.allclose(summary["previous"], 0)
    assert np.allclose(summary["it"], 1) and np.allclose(summary["referent"], 0)
    assert np.allclose(summary["sharpness"], 1)
    prev = torch.zeros(3, 1, 1, length, length)
    prev[..., 0, 0] = 1
    prev[..., torch.arange(1, length), torch.arange(length - 1)] = 1  # everyone looks one back
    summary = lesson.head_summary(prev, sentences)
    assert np.allclose(summary["previous"], 1) and summary["self"][0, 0] == pytest.approx(1 / length)
    it_rows = torch.full((3, 1, 1, length, length), 1 / length)
    for i, s in enumerate(sentences):
        it_rows[i, 0, 0, s.it_position] = 0
        it_rows[i, 0, 0, s.it_position, s.position(s.referent)] = 1
    summary = lesson.head_summary(it_rows, sentences)
    assert summary["referent"][0, 0] == 1 and summary["referent_weight"][0, 0] == pytest.approx(1)
    assert lesson.pick_referent_head(summary) == (0, 0)
    assert "sahi 100%" in lesson.head_roles_text(summary)


def test_wrong_vocab_is_refused():
    model = lesson.make_it_resolver(len(it_vocab()))
    saved = {"config": {**lesson.RESOLVER, "num_layers": 2, "vocab_size": len(it_vocab())},
             "words": ["<pad>", "x"], "state_dict": model.state_dict()}
    with pytest.raises(tc.CourseError, match="make sweep NAME=trained_attention"):
        lesson.model_from_checkpoint(saved)


def test_quick_sweep_runs_and_writes_nothing():
    before = lesson.checkpoint_path().stat().st_mtime
    out = lesson.sweep_trained_attention(quick=True)
    assert out["seeds"] == [0] and out["results"]["checkpoint"] is None
    assert lesson.checkpoint_path().stat().st_mtime == before
