"""The slides as a class sees them: one deck in headless Chromium at 1280×800, network blocked.

Fails on any request that leaves the machine, on a slide whose content runs past the bottom, and
on TeX left unrendered. Every slide's screenshot lands in build/browser/slides/ (look at them).
Run with `make test-browser` (the first run unpacks reveal.js, MathJax & co. from npm).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from transformer_course.tools import slides

from .test_jupyterlab import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, ROOT

pytestmark = pytest.mark.browser

STEM = "02_attention"  # formulas, plots, an explorer, exercises and a quiz


def test_deck_fits_the_screen_and_stays_offline(tmp_path):
    from playwright.sync_api import sync_playwright

    (tmp_path / "solutions").mkdir()
    shutil.copy(ROOT / "solutions" / f"{STEM}.ipynb", tmp_path / "solutions")
    output = ROOT / "build" / "slides-test"  # keeps the unpacked libraries between runs
    (deck,) = slides.make_slides(tmp_path / "solutions", output)
    shots = ARTIFACTS / "slides"
    shutil.rmtree(shots, ignore_errors=True)
    shots.mkdir(parents=True)
    outside, overflowing = [], []

    def only_local(route):
        if route.request.url.startswith(("file:", "data:")):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": slides.WIDTH, "height": slides.HEIGHT})
        page.route("**/*", only_local)
        page.goto(Path(deck).as_uri())
        page.wait_for_function("window.Reveal && Reveal.isReady()", timeout=60_000)
        page.wait_for_function("window.MathJax && MathJax.Hub && MathJax.Hub.queue.pending === 0",
                               timeout=60_000)
        count = page.evaluate("Reveal.getSlides().length")
        for number in range(count):
            height = page.evaluate("""n => {
                const slide = Reveal.getSlides()[n], at = Reveal.getIndices(slide);
                Reveal.slide(at.h, at.v);
                return slide.scrollHeight;
            }""", number)
            page.wait_for_timeout(150)
            page.screenshot(path=str(shots / f"{number:02d}.png"))
            if height > slides.HEIGHT + 2:
                overflowing.append((number, height))
        text = page.evaluate("document.querySelector('.reveal .slides').innerText")
        browser.close()
    assert count >= 15, count
    assert outside == [], outside
    assert overflowing == [], f"slides taller than {slides.HEIGHT}px (number, px): {overflowing}"
    assert "\\frac" not in text and "\\sqrt" not in text, "TeX left unrendered"
