"""Instructor tools: reveal.js slides from the solution notebooks, and the nbgitpuller link.

Slides: every "## " heading starts a slide, "### " a sub-slide (down arrow), and the rest of
the cells follow on the same slide, so no notebook needs hand-set slide tags; the setup cell
is skipped. reveal.js, require.js and jQuery come from the npm registry (``npm pack``) into the
output folder, so the slides work offline in class; without npm they load from their CDNs.
"""

from __future__ import annotations

import copy
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path
from urllib.parse import quote, urlencode

import nbformat

from ..course_map import BRANCH, REPOSITORY
from ..errors import fail


def slide_type(cell, index: int) -> str:
    """reveal.js slide type for one cell: a heading starts a slide or sub-slide."""
    if index == 1 and cell.cell_type == "code" and cell.source.startswith("# Setup:"):
        return "skip"
    if cell.cell_type == "markdown":
        first = cell.source.lstrip().splitlines()[0] if cell.source.strip() else ""
        if index == 0 or first.startswith("## "):
            return "slide"
        if first.startswith("### "):
            return "subslide"
    return "-"


def with_slide_tags(nb):
    """A copy of ``nb`` whose cells carry reveal.js slide types."""
    tagged = copy.deepcopy(nb)
    for index, cell in enumerate(tagged.cells):
        cell.metadata["slideshow"] = {"slide_type": slide_type(cell, index)}
    return tagged


# npm package → (file inside it, the CDN address nbconvert's template uses for it)
VENDORED = {
    "reveal.js@4.0.2": ("", "https://unpkg.com/reveal.js@4.0.2"),  # the whole package
    "requirejs@2.1.10": ("require.js", "https://cdnjs.cloudflare.com/ajax/libs/require.js/2.1.10/require.min.js"),
    "jquery@2.2.4": ("dist/jquery.min.js", "https://cdnjs.cloudflare.com/ajax/libs/jquery/2.0.3/jquery.min.js"),
}


def fetch_vendored(output: Path) -> dict[str, str]:
    """Unpack reveal.js, require.js and jQuery from the npm registry into ``output/vendor``.

    Returns {CDN address: local relative path} for what is there; empty without npm.
    """
    npm, replacements = shutil.which("npm"), {}
    for spec, (inner, cdn) in VENDORED.items():
        target = output / "vendor" / spec.split("@")[0]
        if not target.exists() and npm is not None:
            with tempfile.TemporaryDirectory() as tmp:
                packed = subprocess.run([npm, "pack", spec, "--silent"], cwd=tmp,
                                        capture_output=True, text=True, timeout=120)
                archives = list(Path(tmp).glob("*.tgz"))
                if packed.returncode == 0 and archives:
                    with tarfile.open(archives[0]) as archive:
                        archive.extractall(tmp, filter="data")
                    shutil.copytree(Path(tmp) / "package", target)
        if target.exists():
            replacements[cdn] = f"vendor/{target.name}/{inner}".rstrip("/")
    return replacements


def make_slides(solutions: Path, output: Path) -> list[Path]:
    """Write one reveal.js HTML slideshow per solution notebook into ``output``."""
    from nbconvert import SlidesExporter

    output.mkdir(parents=True, exist_ok=True)
    exporter = SlidesExporter()
    local = fetch_vendored(output)
    if len(local) < len(VENDORED):
        print("  (npm se reveal.js nahi mila: slides CDN se load karengi, internet chahiye)")
    written = []
    for path in sorted(solutions.glob("[0-9][0-9]_*.ipynb")):
        body, _ = exporter.from_notebook_node(with_slide_tags(nbformat.read(path, as_version=4)))
        for cdn, relative in local.items():
            body = body.replace(cdn, relative)
        target = output / f"{path.stem}.slides.html"
        target.write_text(body, encoding="utf-8")
        written.append(target)
        print(f"  slides       {target}")
    return written


def nbgitpuller_link(hub_url: str, folder: str = "notebooks", app: str = "lab",
                     repository: str = REPOSITORY, branch: str = BRANCH) -> str:
    """A JupyterHub link that clones (or updates) the course for each learner and opens it.

    nbgitpuller merges updates without overwriting a learner's changed files.
    """
    if not hub_url.startswith(("http://", "https://")):
        raise fail("hub URL", "http:// ya https:// se shuru hone wala address",
                   repr(hub_url), "jaise https://hub.example.org")
    clone_dir = repository.split("/")[-1]
    query = urlencode({"repo": f"https://github.com/{repository}", "branch": branch,
                       "urlpath": f"{app}/tree/{clone_dir}/{folder}/00_shuru_karein.ipynb"},
                      quote_via=quote, safe="")
    return f"{hub_url.rstrip('/')}/hub/user-redirect/git-pull?{query}"
