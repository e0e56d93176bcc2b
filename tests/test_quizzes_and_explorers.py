"""Quizzes and explorers: live widget plus a readable static fallback in one output."""

from __future__ import annotations

import ipywidgets as widgets
import matplotlib.pyplot as plt
import pytest

import transformer_course as tc
from transformer_course.grading.quizzes import Question

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"

QUESTIONS = [
    Question("2 + 2?", ["3", "4"], answer=1, explanation="Do aur do chaar. Seedha hisaab."),
    Question("Softmax ke rows ka sum?", ["1", "0", "d_k"], answer=0, explanation="Probabilities hain."),
]


def test_question_feedback_is_hinglish_and_specific():
    right, wrong = QUESTIONS[0].feedback(1), QUESTIONS[0].feedback(0)
    assert right.startswith("✅ Sahi jawab!") and "Do aur do chaar" in right
    assert wrong.startswith("❌") and '"3"' in wrong and "Hint: Do aur do chaar." in wrong


@pytest.mark.parametrize("options, answer", [(["only one"], 0), (["a", "b"], 2), (["a", "b"], -1)])
def test_bad_questions_are_refused(options, answer):
    with pytest.raises(tc.CourseError):
        Question("?", options, answer=answer, explanation=".")


def test_quiz_bundle_has_widget_and_static_answers():
    bundle = tc.quiz(QUESTIONS)._repr_mimebundle_()
    assert WIDGET_MIME in bundle
    html = bundle["text/html"]
    assert html.count("<details>") == 2 and "Q2. Softmax ke rows ka sum?" in html
    assert "(b) 4" in html


def test_quiz_gives_feedback_when_an_option_is_chosen():
    shown = tc.quiz(QUESTIONS).widget
    radio, verdict = shown.children[2], shown.children[3]
    radio.value = 0
    assert verdict.value.startswith("❌")
    radio.value = 1
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
