"""Course commands without make (Windows too), from the repository root:

    python course.py setup     # .venv + CPU torch + the course + Jupyter kernel
    python course.py lab       # setup if needed, then JupyterLab (localhost, token)
    python course.py test      # setup if needed, then every test and notebook
    python course.py doctor    # any other course command runs inside .venv

Another torch build: set the TORCH environment variable to a pip spec first.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "src"))

from transformer_course.tools.launcher import DEFAULT_TORCH, main  # noqa: E402

if __name__ == "__main__":
    command, rest = (sys.argv[1], sys.argv[2:]) if len(sys.argv) > 1 else ("lab", [])
    sys.exit(main(command, torch_spec=os.environ.get("TORCH", DEFAULT_TORCH), extra=rest))
