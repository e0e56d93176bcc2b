"""The course website (`make book`) in headless Chromium with the network blocked.

Builds the site into a temp folder, opens every page on a 360-px phone and a 1280×800 projector,
and fails on a missing lesson page, a broken internal link or anchor, any request that leaves the
machine, a local file a page loads but the site lacks, a page wider than the phone, TeX left
unrendered, a widget without its static picture, or a search that finds nothing. Screenshots of three pages at both sizes go to
build/browser/book/ (look at them). Run with `make test-browser`.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from transformer_course import course_map

from .test_jupyterlab import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, ROOT, local_only

pytestmark = pytest.mark.browser

SIZES = {"phone": (360, 740), "projector": (1280, 800)}
SHOWN = {"index": None, "02_attention": "Attention explorer", "07_transformer_vs_rnn": "Quiz:"}
SCROLL_TO = """t => { const hit = [...document.querySelectorAll('article *')]
    .find(e => e.children.length === 0 && e.textContent.startsWith(t) && e.getClientRects().length);
    if (hit) hit.scrollIntoView(); return !!hit; }"""
MATH_READY = "() => !window.MathJax || !MathJax.startup ? true : MathJax.startup.promise.then(() => true)"


def _ids(page: Path, cache: dict) -> set[str]:
    if page not in cache:
        cache[page] = set(re.findall(r'\bid="([^"]+)"', page.read_text(encoding="utf-8")))
    return cache[page]


def _broken_links(site: Path, page: Path, hrefs: list[str], cache: dict) -> list[str]:
    broken = []
    for href in hrefs:
        parts = urlsplit(href)
        if parts.scheme not in ("", "file") or href.startswith(("mailto:", "javascript:")):
            continue
        target = Path(unquote(parts.path)) if parts.scheme == "file" else page
        if parts.scheme == "" and parts.path:
            target = (page.parent / unquote(parts.path)).resolve()
        if target.is_dir():
            target = target / "index.html"
        if not target.exists() or not target.is_relative_to(site):
            broken.append(f"{page.name} → {href}")
        elif parts.fragment and target.suffix == ".html" and parts.fragment not in _ids(target, cache):
            broken.append(f"{page.name} → {href} (anchor)")
    return broken


def test_book_builds_links_and_stays_offline(tmp_path):
    from playwright.sync_api import sync_playwright

    from transformer_course.tools import book

    site = tmp_path / "site"
    book.build(ROOT, site, tmp_path / "src")
    pages = sorted(site.glob("*.html"))
    missing = [x.stem for x in course_map.LESSONS if not (site / f"{x.stem}.html").exists()]
    assert missing == [], f"in lessons ke pages nahi bane: {missing}"

    shots = ARTIFACTS / "book"
    shutil.rmtree(shots, ignore_errors=True)
    shots.mkdir(parents=True)
    outside, missing_files, broken, wide, unrendered, widgets, cache = [], [], [], [], [], [], {}

    only_local = local_only(outside)

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for size, (width, height) in SIZES.items():
            context = browser.new_context(viewport={"width": width, "height": height})
            context.route("**/*", only_local)
            page = context.new_page()
            # search.html fetch()es result pages for summaries: Chromium refuses fetch on file:
            page.on("requestfailed", lambda request: request.url.startswith("file:")
                    and request.resource_type != "fetch" and missing_files.append(request.url))
            for path in pages:
                page.goto(path.as_uri())
                page.wait_for_load_state("load")
                page.evaluate(MATH_READY)
                if size == "phone":
                    hrefs = page.eval_on_selector_all("a[href]", "xs => xs.map(x => x.getAttribute('href'))")
                    broken += _broken_links(site, path, hrefs, cache)
                    if page.evaluate("document.documentElement.scrollWidth") > width + 1:
                        wide.append(path.name)
                    text = page.inner_text("main") if page.query_selector("main") else ""
                    if "\\frac" in text or "\\sqrt" in text:
                        unrendered.append(path.name)
                    if "VBox(children" in text or "HBox(children" in text:
                        widgets.append(path.name)
                if path.stem in SHOWN:
                    page.screenshot(path=str(shots / f"{path.stem}-{size}-top.png"))
                    anchor = SHOWN[path.stem]
                    if anchor:
                        assert page.evaluate(SCROLL_TO, anchor), (path.name, anchor)
                        page.screenshot(path=str(shots / f"{path.stem}-{size}-{anchor.split()[0].strip(':').lower()}.png"))
            page.goto((site / "search.html").as_uri() + "?q=attention")
            page.wait_for_selector("#search-results li", timeout=30_000)
            context.close()
        browser.close()

    assert outside == [], f"network requests: {sorted(set(outside))[:10]}"
    assert broken == [], f"broken internal links: {broken[:20]}"
    assert missing_files == [], f"files a page loads but the site lacks: {sorted(set(missing_files))[:10]}"
    assert wide == [], f"pages wider than the phone: {wide}"
    assert unrendered == [], f"TeX left unrendered in {unrendered}"
    assert widgets == [], f"widget repr instead of its static picture in {widgets}"
    explorer = (site / "02_attention.html").read_text(encoding="utf-8")
    assert "Attention explorer" in explorer and 'src="data:image/png;base64,' in explorer
    assert "Solution dekhiye" in explorer and "Jawab dekhein" in explorer
