"""Instructor tools: slide tags, slides HTML, and the nbgitpuller link."""

from __future__ import annotations

import shutil
from urllib.parse import parse_qs, urlparse

import nbformat
import pytest

import transformer_course as tc
from transformer_course import course_map
from transformer_course.tools import teaching

from .conftest import ROOT


def test_slide_types_follow_headings():
    cells = [nbformat.v4.new_markdown_cell(course_map.header_cell("00_shuru_karein")),
             nbformat.v4.new_code_cell(course_map.SETUP_CELL),
             nbformat.v4.new_markdown_cell("## Naya hissa"),
             nbformat.v4.new_code_cell("x = 1"),
             nbformat.v4.new_markdown_cell("### Chhota hissa"),
             nbformat.v4.new_markdown_cell("sirf text")]
    types = [teaching.slide_type(c, i) for i, c in enumerate(cells)]
    assert types == ["slide", "skip", "slide", "-", "subslide", "-"]


def test_slides_are_reveal_html_with_local_libraries(tmp_path):
    solutions = tmp_path / "solutions"
    solutions.mkdir()
    shutil.copy(ROOT / "solutions" / "00_shuru_karein.ipynb", solutions)
    output = tmp_path / "slides"
    for spec in teaching.VENDORED:  # already unpacked: no npm call in the test
        (output / "vendor" / spec.split("@")[0]).mkdir(parents=True)
    (written,) = teaching.make_slides(solutions, output)
    html = written.read_text()
    assert "Reveal.initialize" in html and "Course kaise kaam karta hai" in html
    assert html.count("<section") >= 8
    assert "# Setup: course ka helper package" not in html  # skipped
    assert '"vendor/reveal.js/dist/reveal.js"' in html and 'src="vendor/requirejs/require.js"' in html
    assert not any(cdn in html for _, cdn in teaching.VENDORED.values())


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
