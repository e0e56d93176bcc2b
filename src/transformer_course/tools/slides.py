"""`make slides`: reveal.js decks a teacher can present, built from the solution notebooks, offline.

A deck retells its notebook for a 1280×800 screen:

* every "## " heading starts a slide, "### " a sub-slide (down arrow); a cell that would not fit
  under what is already on a slide starts a new sub-slide (heights estimated from lines and
  image sizes), and a very long text output is cut with a note;
* plumbing code (plots, explorers, quiz calls, prints of long results, long cells) shows only
  its output; short teaching code keeps its input; the setup cell is left out;
* each quiz question is its own sub-slide (from the quiz's static HTML), widget views give way
  to their static copies, so nothing needs a kernel;
* reveal.js (its "white" theme: local fonts), require.js, jQuery, MathJax and Font Awesome come
  from the npm registry (``npm pack``) into the output folder; the launch badges and nbconvert's
  mermaid loader are left out: a deck makes no network request. Without npm the libraries load
  from their CDNs (a message says so).
"""

from __future__ import annotations

import base64
import copy
import re
import shutil
import struct
import subprocess
import tarfile
import tempfile
from pathlib import Path

import nbformat

from ..course_map import NOTEBOOK_GLOB

WIDTH, HEIGHT = 1280, 800
BUDGET = 560  # px of estimated content per slide (margins and estimation error take the rest)
MAX_OUTPUT_LINES = 22
TEXT_CHARS, CODE_CHARS = 90, 110  # characters per rendered line of prose and of code/output
PLUMBING = ("tc.quiz(", "tc.explore(", "plt.", "display(", "tc.plotting.", ".plot_", "print(",
            "tc.course_map.", "tc.check", "tc.choose(", "tc.ready_to_measure(")
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
HIDE = "remove_input"
EMBEDDED_PNG = re.compile(r"data:image/png;base64,([A-Za-z0-9+/=]+)")
STYLE = ("<style>.reveal h1, .reveal h2, .reveal h3 { text-transform: none; }\n"
         f".reveal section img {{ max-height: {BUDGET - 40}px; width: auto; }}\n"
         f".reveal .jp-OutputArea-output {{ display: block; max-height: {BUDGET}px; overflow-y: auto; }}"
         "</style>\n")
MERMAID = re.compile(r'<script type="module">\s*import mermaid from [^<]*</script>\s*')

# npm package → (file inside it, the SlidesExporter trait it replaces)
VENDORED = {
    "reveal.js@4.0.2": ("", "reveal_url_prefix"),
    "requirejs@2.1.10": ("require.js", "require_js_url"),
    "jquery@2.2.4": ("dist/jquery.min.js", "jquery_url"),
    "mathjax@2.7.7": ("MathJax.js?config=TeX-AMS_CHTML-full,Safe", "mathjax_url"),
    "font-awesome@4.7.0": ("css/font-awesome.css", "font_awesome_url"),
}


# ---------------------------------------------------------------- sizes (estimated, in px)

def _png_size(data: str) -> tuple[int, int]:
    raw = base64.b64decode(data[:64])
    return struct.unpack(">II", raw[16:24])


def _png_height(data: str) -> int:
    """A PNG's height on the slide: scaled to the slide's width, capped by the style's max-height."""
    width, height = _png_size(data)
    return min(int(height * min(1.0, (WIDTH - 80) / width)), BUDGET - 40)


def _text_lines(text: str, per_line: int) -> int:
    return sum(max(1, -(-len(line) // per_line)) for line in text.splitlines() or [""])


def _output_height(output) -> int:
    data = output.get("data", {})
    if "image/png" in data:
        return _png_height(data["image/png"]) + 20
    if "text/html" in data:  # its text, and any PNG it embeds (the explorers' static copies)
        html = data["text/html"]
        images = sum(_png_height(png) for png in EMBEDDED_PNG.findall(html))
        return 26 * _text_lines(re.sub(r"<[^>]+>", "\n", html), 120) // 2 + images + 20
    if "text/markdown" in data:  # e.g. a table shown with display(Markdown(...))
        return 31 * _text_lines(data["text/markdown"], TEXT_CHARS) + 20
    text = output.get("text") or data.get("text/plain", "")
    return 20 * min(_text_lines(text, CODE_CHARS), MAX_OUTPUT_LINES + 1) + 20


def cell_height(cell) -> int:
    """About how tall a cell is on a 1280×800 slide."""
    if cell.cell_type == "markdown":
        heading = cell.source.lstrip().startswith("#")
        return 31 * _text_lines(cell.source, TEXT_CHARS) + (40 if heading else 10)
    shown = 0 if HIDE in cell.metadata.get("tags", []) else 20 * _text_lines(cell.source, CODE_CHARS) + 24
    return shown + sum(_output_height(o) for o in cell.get("outputs", []))


# ---------------------------------------------------------------- the notebook, retold

def _plumbing(cell) -> bool:
    lines = cell.source.count("\n") + 1
    return lines > 12 or any(marker in cell.source for marker in PLUMBING)


def _quiz_cells(cell) -> list:
    """One markdown cell per quiz question, from the quiz output's static HTML."""
    html = next((o["data"]["text/html"] for o in cell.outputs if "text/html" in o.get("data", {})), "")
    title, *questions = re.split(r"(?=<p><b>Q\d+\.)", html)
    return [nbformat.v4.new_markdown_cell(f"### Quiz {number}\n\n{question.removesuffix('</div>')}")
            for number, question in enumerate(questions, 1)]


def _cut(output) -> None:
    """Keep the first MAX_OUTPUT_LINES of a long text output, with a note."""
    key = "text" if "text" in output else None
    text = output["text"] if key else output.get("data", {}).get("text/plain")
    if not isinstance(text, str) or _text_lines(text, CODE_CHARS) <= MAX_OUTPUT_LINES:
        return
    lines, shown = text.splitlines(), 0
    while shown < len(lines) and _text_lines("\n".join(lines[:shown + 1]), CODE_CHARS) <= MAX_OUTPUT_LINES - 1:
        shown += 1
    kept = "\n".join(lines[:shown]) + f"\n… (aur {len(lines) - shown} lines notebook me)\n"
    if key:
        output["text"] = kept
    else:
        output["data"]["text/plain"] = kept


def _split_markdown(cell) -> list:
    """A markdown cell too tall for one slide, cut between its top-level bullets (or paragraphs)."""
    if cell_height(cell) <= BUDGET:
        return [cell]
    tokens = re.split(r"(\n\n|\n(?=[*-] ))", cell.source)  # pieces, with their separators
    parts, current = [], tokens[0]
    for separator, piece in zip(tokens[1::2], tokens[2::2], strict=True):
        if cell_height(nbformat.v4.new_markdown_cell(current + separator + piece)) > BUDGET:
            parts.append(current)
            current = piece
        else:
            current += separator + piece
    return [nbformat.v4.new_markdown_cell(part) for part in [*parts, current]]


def _split_outputs(cell) -> list:
    """A code cell whose outputs do not fit on one slide, as several cells (input on the first)."""
    if cell.cell_type != "code" or cell_height(cell) <= BUDGET or len(cell.outputs) < 2:
        return [cell]
    parts, current = [], copy.deepcopy(cell)
    current.outputs = []
    for output in cell.outputs:
        if current.outputs and cell_height(current) + _output_height(output) > BUDGET:
            parts.append(current)
            current = nbformat.v4.new_code_cell(cell.source, metadata={"tags": [HIDE]})
        current.outputs.append(output)
    return [*parts, current]


def slide_notebook(nb):
    """A copy of ``nb`` ready for reveal.js: cells chosen, trimmed, tagged and split into slides."""
    nb = copy.deepcopy(nb)
    nb.metadata.pop("widgets", None)
    cells = []
    for index, cell in enumerate(nb.cells):
        if index == 1 and cell.cell_type == "code" and cell.source.startswith("# Setup:"):
            continue
        if index == 0:  # the header's launch badges are images from the internet
            cell.source = "\n".join(line for line in cell.source.splitlines()
                                    if not line.startswith("[![")).strip()
        questions = _quiz_cells(cell) if cell.cell_type == "code" and "tc.quiz(" in cell.source else []
        if questions:
            cells += questions
            continue
        if cell.cell_type == "markdown":
            cells += _split_markdown(cell)
            continue
        if cell.cell_type == "code":
            cell.outputs = [o for o in cell.outputs if o.get("output_type") != "error"]
            for output in cell.outputs:
                output.get("data", {}).pop(WIDGET_VIEW, None)
                _cut(output)
            if _plumbing(cell):
                cell.metadata.setdefault("tags", []).append(HIDE)
            if HIDE in cell.metadata.get("tags", []) and not cell.outputs:
                continue
        cells += _split_outputs(cell)
    used = BUDGET
    for index, cell in enumerate(cells):
        first = cell.source.lstrip().splitlines()[0] if cell.cell_type == "markdown" and cell.source.strip() else ""
        height = cell_height(cell)
        if index == 0 or first.startswith("## "):
            kind, used = "slide", height
        elif first.startswith("### ") or used + height > BUDGET:
            kind, used = "subslide", height
        else:
            kind, used = "-", used + height
        cell.metadata["slideshow"] = {"slide_type": kind}
    nb.cells = cells
    return nb


# ---------------------------------------------------------------- offline libraries and the decks

def fetch_vendored(output: Path) -> dict[str, str]:
    """Unpack the libraries from the npm registry into ``output/vendor``.

    Returns {SlidesExporter trait: local relative address} for what is there; empty without npm.
    """
    npm, local = shutil.which("npm"), {}
    for spec, (inner, trait) in VENDORED.items():
        target = output / "vendor" / spec.split("@")[0]
        if not target.exists() and npm is not None:
            with tempfile.TemporaryDirectory() as tmp:
                packed = subprocess.run([npm, "pack", spec, "--silent"], cwd=tmp,
                                        capture_output=True, text=True, timeout=300)
                archives = list(Path(tmp).glob("*.tgz"))
                if packed.returncode == 0 and archives:
                    with tarfile.open(archives[0]) as archive:
                        archive.extractall(tmp, filter="data")
                    shutil.copytree(Path(tmp) / "package", target)
        if target.exists():
            local[trait] = f"vendor/{target.name}/{inner}".rstrip("/")
    return local


def make_slides(solutions: Path, output: Path) -> list[Path]:
    """Write one reveal.js HTML deck per solution notebook into ``output``."""
    from nbconvert import SlidesExporter
    from traitlets.config import Config

    output.mkdir(parents=True, exist_ok=True)
    local = fetch_vendored(output)
    if len(local) < len(VENDORED):
        print("  (npm se sab libraries nahi mili: kuch slides CDN se load karengi, internet chahiye)")
    config = Config()
    config.SlidesExporter.update(exclude_input_prompt=True, exclude_output_prompt=True,
                                 reveal_width=str(WIDTH), reveal_height=str(HEIGHT),
                                 reveal_number="c/t", reveal_theme="white",
                                 reveal_transition="none", **local)
    config.TagRemovePreprocessor.update(enabled=True, remove_input_tags=[HIDE])
    exporter = SlidesExporter(config=config)
    written = []
    for path in sorted(solutions.glob(f"{NOTEBOOK_GLOB}.ipynb")):
        body, _ = exporter.from_notebook_node(slide_notebook(nbformat.read(path, as_version=4)))
        body = MERMAID.sub("", body)  # nbconvert loads mermaid from a CDN; no cell uses it
        body = body.replace("</head>", STYLE + "</head>", 1)
        body = body.replace("function(Reveal, RevealNotes){",  # reachable from the page (tests)
                            "function(Reveal, RevealNotes){ window.Reveal = Reveal;", 1)
        target = output / f"{path.stem}.slides.html"
        target.write_text(body, encoding="utf-8")
        written.append(target)
        print(f"  slides       {target}")
    return written
