"""The course as a learner installs it: the built wheel in a fresh venv, notebooks outside the repo.

Run with `make test-install` (a few minutes: it creates a venv and installs torch into it). Every
kernel runs with the network blocked (tests/offline). It checks what a clone hides: package data
(records, checkpoints) inside the wheel, the setup cell and doctor of an installed course, and the
console script's clone-only commands.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from transformer_course.tools import launcher

pytestmark = pytest.mark.install

ROOT = Path(__file__).resolve().parents[2]
# a learner notebook, and solutions that load the shipped records and the checkpoint
NOTEBOOKS = ["notebooks/00_shuru_karein.ipynb", "solutions/07_transformer_vs_rnn.ipynb",
             "solutions/08_decoder_and_masking.ipynb"]
RUNNER = """
import json, sys, nbformat, nbclient
nb = nbformat.read(sys.argv[1], as_version=4)
nbclient.NotebookClient(nb, timeout=300, kernel_name="python3").execute()
text = [o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs]
print(json.dumps(text))
"""


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A fresh venv holding torch, the course wheel and a Jupyter kernel; returns its Python."""
    home = tmp_path_factory.mktemp("install")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "-q", "-w", home / "dist", ROOT], check=True)
    wheel = next((home / "dist").glob("transformer_course-*.whl"))
    venv.create(home / "venv", with_pip=True)
    python = launcher.venv_python(home / "venv")
    torch = os.environ.get("TORCH", launcher.DEFAULT_TORCH)
    subprocess.run([python, "-m", "pip", "install", "-q", *launcher.torch_install_args(torch)],
                   check=True)
    subprocess.run([python, "-m", "pip", "install", "-q", wheel, "nbclient", "ipykernel"], check=True)
    return python


def _offline_env() -> dict:
    """The test run's environment, minus anything that would put the clone's src/ on the path."""
    return {**launcher.offline_env(), "PYTHONPATH": str(launcher.OFFLINE_GUARD)}


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_notebook_runs_from_an_empty_folder(installed, tmp_path, notebook):
    shutil.copy(ROOT / notebook, tmp_path)
    result = subprocess.run([installed, "-c", RUNNER, Path(notebook).name], cwd=tmp_path,
                            env=_offline_env(), capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-3000:]
    text = "".join(json.loads(result.stdout.splitlines()[-1]))
    assert "Setup ho gaya" in text
    if "00_" in notebook:
        assert "installed: " in text and "FAIL" not in text and "Sab theek hai" in text


def test_console_script_in_an_installed_course(installed, tmp_path):
    script = installed.parent / "transformer-course"
    doctor = subprocess.run([script, "doctor"], cwd=tmp_path, env=_offline_env(),
                            capture_output=True, text=True)
    assert doctor.returncode == 0 and "installed: " in doctor.stdout, doctor.stdout + doctor.stderr
    setup = subprocess.run([script, "setup"], cwd=tmp_path, capture_output=True, text=True)
    assert setup.returncode == 2 and "course ke clone me chalta hai" in setup.stderr
