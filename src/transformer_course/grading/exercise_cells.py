"""Exercise cells that never stop "Run All": a broken cell reports itself and the notebook goes on.

A cell whose first line starts with MARKER is run by ``run_exercise_cell`` instead of directly
(``tc.setup_notebook()`` registers the IPython input transformer that does this). When the
learner's code does not compile, or raises while the cell runs, the cell prints what went wrong
in Hinglish, and every function or class the cell should define but didn't gets a placeholder
that raises NotImplementedError: the check below then says ⏳ and ``tc.choose`` hands the later
cells the course's reference. Outside IPython, or without the package, the marker is a comment.
"""

from __future__ import annotations

import linecache
import re
import traceback
import zlib

from .messages import explain_error

MARKER = "# ✏️ exercise cell"
PLACEHOLDER = "_exercise_cell_has_an_error"  # the name a check sees in the traceback


def _placeholder(name: str):
    def _exercise_cell_has_an_error(*args, **kwargs):
        raise NotImplementedError(f"`{name}` wale exercise cell me error hai; upar uska message "
                                  "dekhiye, theek kijiye aur cell dobara chalaiye.")
    return _exercise_cell_has_an_error


def run_exercise_cell(source: str, namespace: dict) -> bool:
    """Run an exercise cell's code in ``namespace``; True when it ran without an error."""
    names = re.findall(r"(?m)^(?:async\s+)?(?:def|class)\s+(\w+)", source)
    before = {name: namespace.get(name) for name in names}
    filename = f"<exercise cell {zlib.crc32(source.encode()):08x}>"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    try:
        exec(compile(source, filename, "exec"), namespace)  # noqa: S102 (the learner's own cell)
        return True
    except SyntaxError as error:
        where = f"line {error.lineno}" if error.lineno else "is cell"
        print(f"❌ Is exercise cell ka code Python samajh nahi paaya ({where}: {error.msg}).\n"
              f"   {(error.text or '').strip()}\n"
              f"   Aksar: bracket ya quote band nahi hua, `:` chhoot gaya, ya indentation galat hai.")
    except (Exception, SystemExit) as error:  # the learner's top-level code raised while it ran
        mine = [f for f in traceback.extract_tb(error.__traceback__) if f.filename == filename]
        line = mine[-1].lineno if mine else "?"
        print(f"❌ Is exercise cell ne chalte hi error diya (line {line}): "
              f"{explain_error(error)}")
    missing = [name for name in names if namespace.get(name) is before[name]]
    for name in missing:
        namespace[name] = _placeholder(name)
    if missing:
        print(f"➡️  Notebook aage chalta rahega: {', '.join(f'`{n}`' for n in missing)} ki jagah abhi "
              "ek placeholder hai, check ⏳ dikhayega aur aage ke cells course ka reference lenge.")
    else:
        print("➡️  Notebook aage chalta rahega; error theek karke yeh cell dobara chalaiye.")
    return False


def transform(lines: list[str]) -> list[str]:
    """IPython input transformer: exercise cells go through ``run_exercise_cell``."""
    if not lines or not lines[0].startswith(MARKER):
        return lines
    source = "".join(lines)
    return ["__import__('transformer_course.grading.exercise_cells', fromlist=['_'])"
            f".run_exercise_cell({source!r}, globals());\n"]


def register(shell) -> None:
    """Install ``transform`` in an IPython shell (once)."""
    if shell is not None and transform not in shell.input_transformers_post:
        shell.input_transformers_post.append(transform)
