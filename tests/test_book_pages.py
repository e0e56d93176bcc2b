"""`make book`'s page preparation (pure functions; the real build and browser run: tests/browser/test_book.py)."""

from __future__ import annotations

from pathlib import Path

import nbformat

from transformer_course import course_map
from transformer_course.tools import book

ROOT = Path(__file__).resolve().parents[1]
STEM = "02_attention"


def _pair():
    return (nbformat.read(ROOT / "solutions" / f"{STEM}.ipynb", as_version=4),
            nbformat.read(ROOT / "notebooks" / f"{STEM}.ipynb", as_version=4))


def test_site_url_comes_from_the_repository():
    owner, name = course_map.REPOSITORY.split("/")
    assert book.SITE_URL == f"https://{owner}.github.io/{name}/"
    assert book.SITE_URL in (ROOT / "README.md").read_text(encoding="utf-8")


def test_header_drops_badge_images_and_keeps_launch_links():
    page = book.page_notebook(*_pair(), STEM)
    first = page.cells[0].source
    assert "[![" not in first and "# 02 · Attention" in first
    assert course_map.colab_url(STEM) in first and course_map.binder_url(STEM) in first


def test_solution_code_loses_markers_only():
    source = "def f(x):\n    ### BEGIN SOLUTION\n    ### HINT: socho\n    return x + 1\n    ### END SOLUTION\n"
    assert book.solution_code(source) == "def f(x):\n    return x + 1"


def test_every_exercise_shows_the_stub_then_the_folded_solution():
    solution, learner = _pair()
    page = book.page_notebook(solution, learner, STEM)
    exercises = sum(1 for cell in solution.cells if book.has_solution(cell))
    folded = [i for i, cell in enumerate(page.cells)
              if cell.metadata.get("mystnb", {}).get("code_prompt_show") == book.SHOW]
    assert exercises >= 3 and len(folded) == exercises
    stubs = {cell.source for cell in learner.cells if "NotImplementedError" in cell.source or "= ..." in cell.source}
    for index in folded:
        assert page.cells[index - 1].source in stubs, page.cells[index - 1].source
        assert "hide-input" in page.cells[index].metadata["tags"]
        assert "BEGIN SOLUTION" not in page.cells[index].source
    assert len(page.cells) == len(solution.cells) + exercises


def test_widgets_give_way_to_their_static_copy():
    page = book.page_notebook(*_pair(), STEM)
    outputs = [o for cell in page.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not any(book.WIDGET_VIEW in o.get("data", {}) for o in outputs)
    statics = [o["data"]["text/html"] for o in outputs if "Attention explorer" in o.get("data", {}).get("text/html", "")]
    assert statics and "data:image/png;base64," in statics[0]
    quiz = [c for c in page.cells if "tc.quiz(" in c.source]
    assert quiz and all("hide-input" in c.metadata["tags"] for c in quiz)
    assert "Jawab dekhein" in quiz[0].outputs[0]["data"]["text/html"]


def test_home_page_is_the_course_map_with_every_lesson(tmp_path):
    stems = [x.stem for x in course_map.LESSONS]
    home = book.index_page(stems)
    for stem in stems:
        assert f"]({stem}.ipynb)" in home and f"\n{stem}\n" in home + "\n"
    assert "](notebooks/" not in home


def test_conf_loads_nothing_from_a_cdn():
    assert "nb_ipywidgets_js = {}" in book.CONF and "sphinx-mathjax-offline" in book.CONF
    assert "http" not in book.CSS
