"""Multiple-choice quizzes with instant Hinglish feedback.

Built on ipywidgets (already a course dependency) rather than jupyterquiz: the same object
gives live feedback in JupyterLab/Colab and a readable static version (answers folded in
<details>) on GitHub or in exported HTML, and the quiz data stays plain Python the tests read.

Authors write the right option wherever it reads best; ``quiz`` places the answers so that
within a quiz every position is used about equally (a fixed rotation, the same on every run).
A wrong pick gets the question's ``nudge``: a question to think about, never the answer.
"""

from __future__ import annotations

import html
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, replace

from ..errors import fail
from .explorers import WithFallback


@dataclass(frozen=True)
class Question:
    """One question: the options, the index of the right one, why it is right, and a nudge
    for a wrong pick that points the way without giving the answer."""

    text: str
    options: Sequence[str]
    answer: int
    explanation: str
    nudge: str = ""

    def __post_init__(self):
        if len(self.options) < 2:
            raise fail("Question.options", "kam se kam 2 options", f"{len(self.options)}")
        if not 0 <= self.answer < len(self.options):
            raise fail("Question.answer", f"0 se {len(self.options) - 1} tak ka index",
                       repr(self.answer))

    def feedback(self, chosen: int) -> str:
        """The Hinglish feedback for choosing option ``chosen``."""
        if chosen == self.answer:
            return f"✅ Sahi jawab! {self.explanation}"
        nudge = self.nudge or "har option ko notebook ke us hisse se milaaiye jahan yeh baat aayi thi."
        return f"❌ Yeh nahi. Aapne chuna: \"{self.options[chosen]}\". Ek baar phir sochiye: {nudge}"

    def placed(self, position: int) -> Question:
        """The same question with the right option moved to ``position`` (others keep their order)."""
        others = [o for i, o in enumerate(self.options) if i != self.answer]
        options = [*others[:position], self.options[self.answer], *others[position:]]
        return replace(self, options=options, answer=position)


def balanced(questions: Sequence[Question]) -> list[Question]:
    """Place the answers in rotation (a, b, c, …) from a start fixed by the questions' text."""
    start = zlib.crc32("".join(q.text for q in questions).encode())
    return [q.placed((start + i) % len(q.options)) for i, q in enumerate(questions)]


def _static_html(questions: Sequence[Question], title: str) -> str:
    items = []
    for number, q in enumerate(questions, 1):
        options = "".join(f"<li>{html.escape(o)}</li>" for o in q.options)
        items.append(
            f"<p><b>Q{number}. {html.escape(q.text)}</b></p><ol type='a'>{options}</ol>"
            f"<details><summary>Jawab dekhein</summary>"
            f"({chr(ord('a') + q.answer)}) {html.escape(q.options[q.answer])} — "
            f"{html.escape(q.explanation)}</details>")
    return f"<div><h4>{html.escape(title)}</h4>{''.join(items)}</div>"


def quiz(questions: Sequence[Question], title: str = "Quiz: apni samajh check karein"):
    """Show a quiz: pick an option and the feedback appears at once."""
    import ipywidgets as widgets

    questions = balanced(questions)
    rows = [widgets.HTML(f"<h4>{html.escape(title)}</h4>")]
    for number, q in enumerate(questions, 1):
        choice = widgets.RadioButtons(options=[(o, i) for i, o in enumerate(q.options)],
                                      value=None, layout=widgets.Layout(width="auto"))
        verdict = widgets.HTML("")

        def show(change, q=q, verdict=verdict):
            if change["new"] is not None:
                verdict.value = html.escape(q.feedback(change["new"]))

        choice.observe(show, names="value")
        rows += [widgets.HTML(f"<b>Q{number}. {html.escape(q.text)}</b>"), choice, verdict]
    return WithFallback(widgets.VBox(rows), _static_html(questions, title))
