"""Notebook 09: famous models' parameter counts and the GPT-2 exercise."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import transformer_course as tc
from transformer_course.grading import recap_checks

# Published totals: BERT-base with pooler (Hugging Face BertModel), GPT-2 small, ViT-B/16 (1000 classes).
PUBLISHED = {"BERT-base": 109_482_240, "GPT-2 small": 124_439_808, "ViT-B/16": 86_567_656}


@pytest.mark.parametrize("name, total", PUBLISHED.items())
def test_breakdowns_add_up_to_the_published_totals(name, total):
    assert sum(tc.recap.parameter_breakdown(name).values()) == total


def test_the_three_share_the_same_blocks():
    parts = [tc.recap.parameter_breakdown(name) for name in PUBLISHED]
    assert len({(p["attention"], p["feed-forward"]) for p in parts}) == 1


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 6), st.integers(1, 64), st.integers(1, 500), st.integers(1, 64))
def test_gpt2_formula_matches_real_modules(n_layer, d_model, vocab, n_ctx):
    assert tc.count_gpt2_params(n_layer, d_model, vocab, n_ctx) == \
        recap_checks.gpt2_params_from_modules(n_layer, d_model, vocab, n_ctx)


def test_gpt2_check(capsys):
    assert tc.check_count_gpt2_params(tc.count_gpt2_params)
    assert not tc.check_count_gpt2_params(lambda n, d, v, c: v * d + n * 12 * d * d)  # forgets positions
    out = capsys.readouterr().out
    assert "✅" in out and "❌ count_gpt2_params" in out and "fark" in out


@pytest.mark.parametrize("args", [(0, 768, 50257, 1024), (12, -1, 5, 5), (12, 768.0, 5, 5)])
def test_gpt2_bad_inputs(args):
    with pytest.raises(tc.CourseError):
        tc.count_gpt2_params(*args)


def test_glossary_terms_are_unique_and_point_to_notebooks():
    terms = [term for term, _, _ in tc.recap.GLOSSARY]
    assert len(terms) == len(set(terms)) >= 30
    stems = {lesson.stem.split("_")[0] for lesson in tc.course_map.LESSONS}
    assert all(number in stems for _, _, number in tc.recap.GLOSSARY)


def test_further_reading_is_in_the_readme_too():
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert len(tc.recap.FURTHER_READING) >= 5
    for title, url, _ in tc.recap.FURTHER_READING:
        assert url.startswith("https://") and url in readme, title


def test_pictures_draw():
    assert tc.recap.draw_concept_map().get_title()
    assert "124,439,808" in tc.recap.plot_breakdown("GPT-2 small").get_title()


def test_family_table_says_what_is_shared_and_what_is_not():
    table = tc.recap.family_table()
    assert "attention + FFN parameters (same)" in table and "85.0M" in table
    assert "LayerNorm kahan (alag)" in table and "pre-training (alag)" in table
    assert [f.norm_first for f in tc.recap.FAMILIES.values()] == [False, True, True]
