"""`make book`: the course as a static website (Sphinx + MyST-NB + sphinx-book-theme), offline.

The pages are the executed solution notebooks, retold for reading (nothing is re-executed):

* the header's launch badges (images from the internet) become plain Colab / Binder links, and
  the theme's launch menu points at the learner notebook in ``notebooks/``;
* every exercise cell shows the learner's stub (from ``notebooks/``) first, then the solution
  folded behind "Solution dekhiye"; quizzes keep their static HTML (answers already folded);
* widget views give way to the static copy every explorer and quiz stores beside them, and
  ``nb_ipywidgets_js`` is empty, so no page loads require.js or a widget manager from a CDN;
* maths through ``sphinx-mathjax-offline`` (MathJax copied into the site); the theme's fonts
  and scripts come from its own package. A page makes no network request (tests/browser/test_book.py).

The home page is the course map. Sources go to build/book-src, the site to build/book.
Sphinx and friends are the ``book`` extra (``make book`` installs them); this module imports
them only inside ``build``.
"""

from __future__ import annotations

import copy
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat

from ..course_map import BRANCH, LESSONS, REPOSITORY, binder_url, colab_url, readme_map
from .authoring import BEGIN, END, HINT, has_solution

SITE_URL = "https://{owner}.github.io/{name}/".format(owner=REPOSITORY.split("/")[0],
                                                      name=REPOSITORY.split("/")[1])
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
SHOW, HIDE = "Solution dekhiye", "Solution chhupaiye"
MARKERS = (BEGIN, END, HINT)
FOLDED = ("tc.quiz(", "tc.explore(")  # widget plumbing: its output (the static copy) is the lesson

CONF = f'''# Written by transformer_course.tools.book (make book); edits here are overwritten.
project = "Transformers Intuition — Hinglish me"
html_title = project
author = "{REPOSITORY.split("/")[0]}"
extensions = ["myst_nb", "sphinx-mathjax-offline"]
exclude_patterns = ["_build"]
nb_execution_mode = "off"  # the stored outputs of solutions/ are the pages
nb_ipywidgets_js = {{}}  # no require.js / widget manager from a CDN: static copies only
nb_merge_streams = True
nb_code_prompt_show = "Code dekhiye"
nb_code_prompt_hide = "Code chhupaiye"
myst_enable_extensions = ["dollarmath", "amsmath", "html_image"]
suppress_warnings = ["mystnb.unknown_mime_type", "misc.highlighting_failure"]
html_theme = "sphinx_book_theme"
html_copy_source = False
html_show_sourcelink = False
html_baseurl = "{SITE_URL}"
html_theme_options = {{
    "repository_url": "https://github.com/{REPOSITORY}",
    "repository_branch": "{BRANCH}",
    "path_to_docs": "notebooks",  # launch buttons open the learner notebook, not this copy
    "launch_buttons": {{"colab_url": "https://colab.research.google.com",
                        "binderhub_url": "https://mybinder.org",
                        "notebook_interface": "jupyterlab"}},
    "use_repository_button": True,
    "use_download_button": False,  # the page copy is not the learner notebook (launch links are)
    "show_toc_level": 1,
}}
html_static_path = ["_static"]
html_css_files = ["course.css"]
'''

# phones: code and wide outputs scroll inside their box instead of widening the page
CSS = """\
.cell_output img, .bd-article img { max-width: 100%; height: auto; }
.cell_output .output { overflow-x: auto; }
div.highlight pre { white-space: pre; overflow-x: auto; }
.cell_output table { display: block; overflow-x: auto; }
.bd-article table { display: block; overflow-x: auto; }
p.launch-links a { white-space: nowrap; }
.cell_output details { margin: 0.3em 0 1.4em; }  /* a quiz's folded answer, then the next question */
.cell_output details > summary { cursor: pointer; color: var(--pst-color-link); }
.bd-article code.literal, .bd-article code.literal span.pre { white-space: normal; overflow-wrap: anywhere; }
.bd-article :is(p, li, h1, h2, h3, h4, dt, dd) { overflow-wrap: break-word; }
.bd-article mjx-container[display="true"] { overflow-x: auto; overflow-y: hidden; position: relative; }
@media (max-width: 600px) { .bd-article h1 { font-size: 2rem; } .bd-article h2 { font-size: 1.6rem; } }
"""


def launch_line(stem: str) -> str:
    """Markdown: the learner notebook's Colab and Binder links (text, no badge images)."""
    return (f'<p class="launch-links"><a href="{colab_url(stem)}">▶ Colab me kholiye</a> · '
            f'<a href="{binder_url(stem)}">▶ Binder me kholiye</a></p>')


def header(source: str, stem: str) -> str:
    """The first cell without its badge images, the launch links under the title."""
    lines = [line for line in source.splitlines() if not line.startswith("[![")]
    return "\n".join(lines).strip() + "\n\n" + launch_line(stem)


def solution_code(source: str) -> str:
    """An exercise cell's solution with nbgrader's markers and hint lines taken out."""
    kept = [line for line in source.splitlines() if not line.strip().startswith(MARKERS)]
    return "\n".join(kept).strip("\n")


def _clean_outputs(cell) -> None:
    cell.outputs = [o for o in cell.outputs if o.get("output_type") != "error"]
    for output in cell.outputs:
        data = output.get("data", {})
        if WIDGET_VIEW in data:
            data.pop(WIDGET_VIEW)
            if "text/html" in data:  # the static copy, not the widget's repr
                data.pop("text/plain", None)


def _exercise(solution, learner) -> list:
    """The learner's stub, then the solution folded (a code or a markdown cell)."""
    if solution.cell_type == "markdown":
        folded = (f"<details><summary>{SHOW}</summary>\n\n{solution_code(solution.source)}"
                  "\n\n</details>")
        return [learner, nbformat.v4.new_markdown_cell(folded)]
    stub = nbformat.v4.new_code_cell(learner.source)
    shown = copy.deepcopy(solution)
    shown.source = solution_code(solution.source)
    shown.metadata.setdefault("tags", []).append("hide-input")
    shown.metadata["mystnb"] = {"code_prompt_show": SHOW, "code_prompt_hide": HIDE}
    return [stub, shown]


def page_notebook(solution, learner, stem: str):
    """A copy of the solution notebook ready to be a page (see the module's docstring)."""
    nb = copy.deepcopy(solution)
    for key in ("widgets", "jupytext"):
        nb.metadata.pop(key, None)
    paired = len(learner.cells) == len(nb.cells)
    cells = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            _clean_outputs(cell)
        if index == 0 and cell.cell_type == "markdown":
            cell.source = header(cell.source, stem)
        elif index == 1 and cell.cell_type == "code" and cell.source.startswith("# Setup:"):
            cell.metadata.setdefault("tags", []).append("hide-input")
        elif cell.cell_type == "code" and any(marker in cell.source for marker in FOLDED):
            cell.metadata.setdefault("tags", []).append("hide-input")
        elif has_solution(cell):
            stub = learner.cells[index] if paired else None
            if stub is None or stub.cell_type != cell.cell_type:
                stub = nbformat.v4.new_markdown_cell("*(Learner notebook me yahan stub hai.)*")
            cells += _exercise(cell, stub)
            continue
        cells.append(cell)
    nb.cells = cells
    return nb


def index_page(stems: list[str]) -> str:
    """The home page: the course map, each row linking its page, and the site's table of contents."""
    table = readme_map(stems).replace("](notebooks/", "](")
    toctree = "\n".join(stems)
    return f"""# Transformers Intuition — Hinglish me

* Yeh site course ke notebooks ki **padhne wali copy** hai: har lesson apne outputs, pictures,
  quizzes (jawab fold kiye hue) aur exercises (pehle learner ka stub, solution ek click ke peeche) ke saath.
* Khud chalana ho to har page ke upar **Colab** / **Binder** links hain, ya repo clone karke `make lab`
  ([GitHub](https://github.com/{REPOSITORY})).
* Explorers (sliders) yahan static picture hain; live controls notebook me chalte hain.

## Course map

{table}

```{{toctree}}
:hidden:
:maxdepth: 1

{toctree}
```
"""


def write_sources(root: Path, source: Path) -> list[str]:
    """Write conf.py, index.md, the CSS and one notebook page per lesson into ``source``."""
    if source.exists():
        shutil.rmtree(source)
    (source / "_static").mkdir(parents=True)
    stems = [x.stem for x in LESSONS if (root / "solutions" / f"{x.stem}.ipynb").exists()]
    for stem in stems:
        solution = nbformat.read(root / "solutions" / f"{stem}.ipynb", as_version=4)
        learner_path = root / "notebooks" / f"{stem}.ipynb"
        learner = (nbformat.read(learner_path, as_version=4) if learner_path.exists()
                   else nbformat.v4.new_notebook())
        nbformat.write(page_notebook(solution, learner, stem), source / f"{stem}.ipynb")
    (source / "conf.py").write_text(CONF, encoding="utf-8")
    (source / "_static" / "course.css").write_text(CSS, encoding="utf-8")
    (source / "index.md").write_text(index_page(stems), encoding="utf-8")
    return stems


def build(root: Path = Path("."), output: Path | None = None, source: Path | None = None) -> Path:
    """Build the site into ``output`` (default build/book); returns the path of its index.html."""
    root = Path(root).resolve()
    output = Path(output or root / "build" / "book").resolve()
    source = Path(source or root / "build" / "book-src").resolve()
    start = time.perf_counter()
    stems = write_sources(root, source)
    done = subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-q", "-E",
                           str(source), str(output)], check=False)
    if done.returncode != 0:
        raise SystemExit(f"sphinx-build fail hua (exit {done.returncode}); upar ka error dekhiye.")
    print(f"  book         {len(stems)} lessons → {output / 'index.html'} "
          f"({time.perf_counter() - start:.0f} s)")
    return output / "index.html"
