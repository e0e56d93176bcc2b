"""The course map (lessons, repository, version) and the cells every notebook starts with.

REPOSITORY is the one setting that says where the course lives: the launch badges and the
Colab install in each notebook's setup cell are rendered from it (``make sync`` stamps them,
a test checks they match). Standard library only: the launcher reads it before any install."""

from __future__ import annotations

from dataclasses import dataclass

VERSION = "0.1.0"  # the package's version (pyproject.toml says the same; a test checks)

REPOSITORY = "hinglish-ai/transformers-intuition"  # GitHub "owner/name"; forks change this line
BRANCH = "main"
PACKAGE_URL = f"git+https://github.com/{REPOSITORY}@{BRANCH}"


@dataclass(frozen=True)
class Lesson:
    """One notebook of the course."""

    stem: str     # file name without .ipynb, e.g. "01_transformer_intuition"
    title: str    # Hinglish title
    outcome: str  # what the learner leaves able to do
    minutes: int  # time in a workshop, including exercises


LESSONS = [
    Lesson("00_shuru_karein", "Shuru karein", "course chalana, setup check karna, exercises aur checks samajhna; tensor warm-up", 30),
    Lesson("01_transformer_intuition", "Transformer intuition", "poora sequence ek saath dekhna; encoder ka har shape padhna", 45),
    Lesson("01b_tokens_embeddings", "Tokens aur embeddings", "text → tokens → ids → vectors; BPE haath se; nn.Embedding ek lookup table", 60),
    Lesson("02_attention", "Attention", "scaled dot-product attention haath se aur code me; masks; trained attention ki jhalak", 66),
    Lesson("03_positional_encoding", "Positional encoding", "order ki jaankari; sine/cosine encoding", 55),
    Lesson("04_multi_head_attention", "Multi-head attention", "heads me baantna; padding mask ke saath self-attention; ⭐ nn.MultiheadAttention ka twin", 85),
    Lesson("05_encoder_block", "Feed-forward aur encoder block", "FFN, residual, LayerNorm; nn.TransformerEncoderLayer se exact match", 85),
    Lesson("06_train_tiny_transformer", "Chhota Transformer train karein", "toy task par training; trained attention dekhna", 65),
    Lesson("06b_training_dynamics", "Training ki dynamics", "warmup aur LR decay, overfitting, gradient clipping, label smoothing naapna", 58),
    Lesson("07_transformer_vs_rnn", "Transformer vs RNN", "long-range, speed, gradient flow aur O(n²) cost naapna", 85),
    Lesson("08_decoder_and_masking", "Decoder aur masking", "causal mask, cross-attention, chhota generator", 75),
    Lesson("08b_generation", "Text generation", "temperature, top-k/top-p, KV cache, greedy vs beam search", 47),
    Lesson("09_recap", "Recap aur aage", "glossary, final quiz, BERT/GPT/ViT kahan fit hote hain", 20),
]


NOTEBOOK_GLOB = "[0-9][0-9]*_*"  # a lesson's files: 01_….ipynb, and 01b_… for a lesson inserted later


def lesson(stem: str) -> Lesson:
    """The lesson with this file stem."""
    for item in LESSONS:
        if item.stem == stem:
            return item
    from .errors import fail
    raise fail("lesson(stem)", "course map ka ek notebook naam", repr(stem),
               ", ".join(x.stem for x in LESSONS))


def colab_url(stem: str, folder: str = "notebooks") -> str:
    return f"https://colab.research.google.com/github/{REPOSITORY}/blob/{BRANCH}/{folder}/{stem}.ipynb"


def binder_url(stem: str, folder: str = "notebooks") -> str:
    return f"https://mybinder.org/v2/gh/{REPOSITORY}/{BRANCH}?urlpath=lab/tree/{folder}/{stem}.ipynb"


def badges(stem: str, folder: str = "notebooks") -> str:
    """Markdown for the two launch badges of one notebook."""
    return (f"[![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)]"
            f"({colab_url(stem, folder)}) "
            f"[![Binder](https://mybinder.org/badge_logo.svg)]({binder_url(stem, folder)})")


def header_cell(stem: str) -> str:
    """The first (markdown) cell of a notebook: badges and title."""
    number = stem.split("_", 1)[0]
    return f"{badges(stem)}\n\n# {number} · {lesson(stem).title}"


SETUP_CELL = f'''# Setup: course ka helper package load karein (Colab me pehli baar install bhi hota hai)
import importlib.util, pathlib, subprocess, sys
if importlib.util.find_spec("transformer_course") is None:
    if "google.colab" in sys.modules:
        subprocess.run([sys.executable, "-m", "pip", "install", "-q",
                        "{PACKAGE_URL}"], check=True)
    else:  # repo ka clone: src/ folder ko import path par daalein
        root = next((p for p in [pathlib.Path.cwd(), *pathlib.Path.cwd().parents]
                     if (p / "src" / "transformer_course").is_dir()), None)
        if root is None:
            raise ModuleNotFoundError("transformer_course nahi mila. Ek cell me yeh chalaiye, phir "
                                      "yeh cell dobara: %pip install {PACKAGE_URL}")
        sys.path.insert(0, str(root / "src"))
if "google.colab" in sys.modules:  # Colab ko ipywidgets 8 ke liye yeh chahiye
    from google.colab import output
    output.enable_custom_widget_manager()
import transformer_course as tc
device = tc.setup_notebook()'''


def next_link(stem: str) -> str:
    """Markdown pointing to the next notebook (or the end of the course)."""
    stems = [x.stem for x in LESSONS]
    position = stems.index(stem)
    if position + 1 == len(stems):
        return "**Course poora!** 🎉 Aage ke liye upar ki 'Aage kya padhein' list dekhiye (README me bhi hai)."
    following = LESSONS[position + 1]
    return f"**Agla notebook:** [{following.stem.split('_', 1)[0]} · {following.title}]({following.stem}.ipynb) →"


def readme_map(stems: list[str]) -> str:
    """The README's course-map table for the notebooks that exist."""
    rows = ["| # | notebook | aap kya seekhenge | minute | launch |", "|---|---|---|---|---|"]
    for item in LESSONS:
        if item.stem in stems:
            number = item.stem.split("_", 1)[0]
            rows.append(f"| {number} | [{item.title}](notebooks/{item.stem}.ipynb) | {item.outcome} "
                        f"| {item.minutes} | [Colab]({colab_url(item.stem)}) |")
    total = sum(item.minutes for item in LESSONS if item.stem in stems)
    rows.append(f"| | **kul** | | **{total}** (~{total / 60:.1f} ghante) | |")
    return "\n".join(rows)
