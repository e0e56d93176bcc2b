"""Instructor tools: slides retold for a class, their offline HTML, and the nbgitpuller link."""

from __future__ import annotations

import shutil
from urllib.parse import parse_qs, urlparse

import nbformat
import pytest

import transformer_course as tc
from transformer_course import course_map
from transformer_course.tools import slides, teaching

from .conftest import ROOT


def _cell(kind, source, outputs=()):
    if kind == "markdown":
        return nbformat.v4.new_markdown_cell(source)
    return nbformat.v4.new_code_cell(source, outputs=list(outputs))


def _png(width, height):
    import base64
    import struct
    header = b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + struct.pack(">II", width, height)
    return base64.b64encode(header + b"\x08\x06\x00\x00\x00").decode()


def test_slides_retell_the_notebook():
    image = nbformat.v4.new_output("display_data", data={"image/png": _png(1000, 300)})
    widget = nbformat.v4.new_output("execute_result", data={
        slides.WIDGET_VIEW: {"model_id": "x"}, "text/html": "<div>static</div>", "text/plain": "VBox"})
    quiz_html = "<div><h4>Quiz</h4><p><b>Q1. Ek?</b></p><ol><li>a</li></ol><p><b>Q2. Do?</b></p></div>"
    quiz = nbformat.v4.new_output("execute_result", data={"text/html": quiz_html})
    nb = nbformat.v4.new_notebook(cells=[
        _cell("markdown", course_map.header_cell("02_attention")),
        _cell("code", course_map.SETUP_CELL),
        _cell("markdown", "## Naya hissa"),
        _cell("code", "x = 1"),
        _cell("code", "tc.plotting.heatmap(w)\nplt.show()", [image, image]),
        _cell("code", "tc.explore(draw, controls)", [widget]),
        _cell("code", "print('\\n'.join(map(str, range(40))))",
              [nbformat.v4.new_output("stream", name="stdout", text="\n".join(map(str, range(40))))]),
        _cell("markdown", "### Chhota hissa"),
        _cell("code", "tc.quiz([...])", [quiz])])
    out = slides.slide_notebook(nb)
    sources = [c.source for c in out.cells]
    assert "[![" not in sources[0] and not any(s.startswith("# Setup:") for s in sources)
    kinds = [c.metadata["slideshow"]["slide_type"] for c in out.cells]
    assert kinds[:3] == ["slide", "slide", "-"]  # title; "## " heading; short code on its slide
    plots = [c for c in out.cells if c.source.startswith("tc.plotting")]
    assert len(plots) == 2 and all(slides.HIDE in c.metadata["tags"] for c in plots)  # split, input hidden
    assert [c.metadata["slideshow"]["slide_type"] for c in plots] == ["-", "subslide"]  # 2nd won't fit
    assert all(slides.cell_height(c) <= slides.BUDGET for c in out.cells)
    explorer = next(c for c in out.cells if c.source.startswith("tc.explore"))
    assert slides.WIDGET_VIEW not in explorer.outputs[0]["data"]
    printed = next(c for c in out.cells if c.source.startswith("print"))
    assert "(aur 19 lines notebook me)" in printed.outputs[0]["text"]  # 21 shown + the note = 22
    assert [s.splitlines()[0] for s in sources[-2:]] == ["### Quiz 1", "### Quiz 2"]
    assert "x = 1" in sources and slides.HIDE not in out.cells[sources.index("x = 1")].metadata.get("tags", [])


def test_slides_are_reveal_html_with_local_libraries(tmp_path):
    solutions = tmp_path / "solutions"
    solutions.mkdir()
    shutil.copy(ROOT / "solutions" / "00_shuru_karein.ipynb", solutions)
    output = tmp_path / "slides"
    for spec in slides.VENDORED:  # already unpacked: no npm call in the test
        (output / "vendor" / spec.split("@")[0]).mkdir(parents=True)
    (written,) = slides.make_slides(solutions, output)
    html = written.read_text()
    assert "Reveal.initialize" in html and "Course kaise kaam karta hai" in html
    assert html.count("<section") >= 8 and "width: 1280" in html
    assert "# Setup: course ka helper package" not in html  # skipped
    assert '"vendor/reveal.js/dist/reveal.js"' in html and 'src="vendor/requirejs/require.js"' in html
    assert "vendor/mathjax/MathJax.js" in html and "mermaid" not in html and "In&nbsp;[" not in html
    assert not any(url in html for url in ("unpkg.com", "cdnjs", "googleapis", "badge"))


def test_nbgitpuller_link_opens_the_course_on_the_hub():
    link = teaching.nbgitpuller_link("https://hub.example.org/", folder="notebooks")
    parsed = urlparse(link)
    assert parsed.netloc == "hub.example.org" and parsed.path == "/hub/user-redirect/git-pull"
    query = parse_qs(parsed.query)
    assert query["repo"] == [f"https://github.com/{course_map.REPOSITORY}"]
    assert query["branch"] == [course_map.BRANCH]
    assert query["urlpath"][0].endswith("/notebooks/00_shuru_karein.ipynb")
    assert "solutions" in teaching.nbgitpuller_link("https://h.org", folder="solutions")


def test_nbgitpuller_link_needs_a_url():
    with pytest.raises(tc.CourseError, match="https://"):
        teaching.nbgitpuller_link("hub.example.org")


def test_a_tall_markdown_cell_is_cut_between_bullets_keeping_its_layout():
    intro = "Ek paragraph jo list se pehle aata hai."
    bullets = "\n".join(f"* bullet {n}: " + "lamba text " * 12 for n in range(30))
    cell = nbformat.v4.new_markdown_cell(f"### Sawaal\n\n{intro}\n\n{bullets}")
    parts = slides._split_markdown(cell)
    assert len(parts) > 1 and all(slides.cell_height(p) <= slides.BUDGET for p in parts)
    assert "\n".join(p.source for p in parts).count("* bullet") == 30
    assert parts[0].source.startswith(f"### Sawaal\n\n{intro}\n\n* bullet 0")  # blank lines kept
