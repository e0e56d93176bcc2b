"""The slides as a class sees them: every deck in headless Chromium at 1280×800, network blocked.

Fails on any request that leaves the machine, on a slide whose content runs past the bottom, and
on TeX left unrendered. Every slide of deck 02 is also screenshot into build/browser/slides/
(look at them). Run with `make test-browser` (the first run unpacks reveal.js, MathJax & co. from npm).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from transformer_course import course_map
from transformer_course.tools import slides

from .test_jupyterlab import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, ROOT, local_only

pytestmark = pytest.mark.browser

SHOWN = "02_attention"  # formulas, plots, an explorer, exercises and a quiz: screenshots


def test_every_deck_fits_the_screen_and_stays_offline():
    from playwright.sync_api import sync_playwright

    output = ROOT / "build" / "slides-test"  # keeps the unpacked libraries between runs
    decks = slides.make_slides(ROOT / "solutions", output)
    shots = ARTIFACTS / "slides"
    shutil.rmtree(shots, ignore_errors=True)
    shots.mkdir(parents=True)
    outside, overflowing, unrendered, counts = [], [], [], {}

    only_local = local_only(outside)

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for deck in decks:
            name = Path(deck).name.split(".")[0]
            page = browser.new_page(viewport={"width": slides.WIDTH, "height": slides.HEIGHT})
            page.route("**/*", only_local)
            page.goto(Path(deck).as_uri())
            page.wait_for_function("window.Reveal && Reveal.isReady()", timeout=60_000)
            page.wait_for_function("window.MathJax && MathJax.Hub && MathJax.Hub.queue.pending === 0",
                                   timeout=60_000)
            counts[name] = page.evaluate("Reveal.getSlides().length")
            for number in range(counts[name]):
                height = page.evaluate("""n => {
                    const slide = Reveal.getSlides()[n], at = Reveal.getIndices(slide);
                    Reveal.slide(at.h, at.v);
                    return slide.scrollHeight;
                }""", number)
                if name == SHOWN:
                    page.wait_for_timeout(100)
                    page.screenshot(path=str(shots / f"{number:02d}.png"))
                if height > slides.HEIGHT + 2:
                    overflowing.append((name, number, height))
            text = page.evaluate("document.querySelector('.reveal .slides').innerText")
            if "\\frac" in text or "\\sqrt" in text:
                unrendered.append(name)
            page.close()
        browser.close()
    assert len(counts) == len(course_map.LESSONS) and min(counts.values()) >= 15, counts
    assert outside == [], outside
    assert overflowing == [], f"slides taller than {slides.HEIGHT}px (deck, number, px): {overflowing}"
    assert unrendered == [], f"TeX left unrendered in {unrendered}"
