"""Quizzes and explorers: live widget plus a readable static fallback in one output."""

from __future__ import annotations

import ipywidgets as widgets
import matplotlib.pyplot as plt
import pytest

import transformer_course as tc
from transformer_course.grading.quizzes import Question, balanced

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"

QUESTIONS = [
    Question("2 + 2?", ["3", "4"], answer=1, explanation="Do aur do chaar. Seedha hisaab.",
             nudge="ungliyon par giniye."),
    Question("Softmax ke rows ka sum?", ["1", "0", "d_k"], answer=0, explanation="Probabilities hain."),
]


def test_question_feedback_is_hinglish_and_specific():
    right, wrong = QUESTIONS[0].feedback(1), QUESTIONS[0].feedback(0)
    assert right.startswith("✅ Sahi jawab!") and "Do aur do chaar" in right
    assert wrong.startswith("❌") and '"3"' in wrong and wrong.endswith("ungliyon par giniye.")
    assert "chaar" not in wrong  # a nudge, not the answer
    assert "sochiye" in QUESTIONS[1].feedback(1)  # no nudge given: a general one, still no answer
    assert "Probabilities" not in QUESTIONS[1].feedback(1)


def test_answers_are_placed_in_rotation_and_the_right_option_moves_with_them():
    questions = [Question(f"q{i}", ["right", "w1", "w2", "w3"], answer=0, explanation=".")
                 for i in range(8)]
    placed = balanced(questions)
    assert sorted(q.answer for q in placed) == [0, 0, 1, 1, 2, 2, 3, 3]
    assert all(q.options[q.answer] == "right" for q in placed)
    assert [o for o in placed[0].options if o != "right"] == ["w1", "w2", "w3"]
    assert balanced(questions) == placed  # the same on every run


@pytest.mark.parametrize("options, answer", [(["only one"], 0), (["a", "b"], 2), (["a", "b"], -1)])
def test_bad_questions_are_refused(options, answer):
    with pytest.raises(tc.CourseError):
        Question("?", options, answer=answer, explanation=".")


def test_quiz_bundle_has_widget_and_static_answers():
    bundle = tc.quiz(QUESTIONS)._repr_mimebundle_()
    assert WIDGET_MIME in bundle
    html = bundle["text/html"]
    assert html.count("<details>") == 2 and "Q2. Softmax ke rows ka sum?" in html
    first = balanced(QUESTIONS)[0]
    assert f"({'ab'[first.answer]}) 4" in html


def test_quiz_gives_feedback_when_an_option_is_chosen():
    shown = tc.quiz(QUESTIONS).widget
    radio, verdict = shown.children[2], shown.children[3]
    right = balanced(QUESTIONS)[0].answer
    radio.value = 1 - right
    assert verdict.value.startswith("❌")
    radio.value = right
    assert verdict.value.startswith("✅")


def test_explorer_has_a_static_picture_of_the_default_state():
    calls = []

    def draw(n):
        calls.append(n)
        print(f"n = {n}")
        plt.plot(range(n))
        plt.show()  # notebooks call it; the static copy must still get the figure

    shown = tc.explore(draw, {"n": widgets.IntSlider(value=3, min=1, max=9)}, title="Demo")
    bundle = shown._repr_mimebundle_()
    assert WIDGET_MIME in bundle
    assert 'src="data:image/png;base64,' in bundle["text/html"]
    assert "n = 3" in bundle["text/html"] and "static copy" in bundle["text/html"]
    assert calls[0] == 3
    assert plt.get_fignums() == [] or all(plt.figure(i).axes for i in plt.get_fignums())


def test_the_course_quizzes_use_every_answer_position():
    """Over all quizzes as committed (static copies in solutions/), no letter dominates."""
    import collections
    import json
    import re

    from .conftest import ROOT
    letters = collections.Counter()
    for path in sorted((ROOT / "solutions").glob("*.ipynb")):
        for cell in json.loads(path.read_text())["cells"]:
            for output in cell.get("outputs", []):
                page = output.get("data", {}).get("text/html", "")
                page = "".join(page) if isinstance(page, list) else page
                letters.update(re.findall(r"Jawab dekhein</summary>\((\w)\)", page))
    total = sum(letters.values())
    assert total >= 40 and set("abcd") <= set(letters)
    assert max(letters.values()) / total <= 0.35, letters
