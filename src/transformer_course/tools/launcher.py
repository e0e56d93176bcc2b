"""setup / lab / test with the standard library only, so they run before anything is installed.

The Makefile calls these (``make setup``, ``make lab``, ``make test``), and so can anyone
without make, e.g. on Windows: ``python course.py lab`` from the repository root.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import shlex
import socket
import subprocess
import venv as venv_module
from pathlib import Path

DEFAULT_TORCH = "torch==2.13.0"  # the CPU build; override for GPUs (e.g. TORCH=torch==2.5.1)
# PyPI's Linux torch is the CUDA build (several GB); PyTorch's own CPU index serves the CPU one
CPU_INDEX = "https://download.pytorch.org/whl/cpu"
KERNEL_DISPLAY = "Transformer Course (Hinglish)"


ROOT = Path(__file__).resolve().parents[3]


def kernel_name() -> str:
    """This clone's own Jupyter kernel (user-wide), so two clones never re-point each other's."""
    return "transformer-course-" + hashlib.sha256(str(ROOT).encode()).hexdigest()[:8]


def kernel_display() -> str:
    """The kernel's name in Jupyter's menus: which clone it runs (home shortened to ~)."""
    return f"{KERNEL_DISPLAY} · {home_path(ROOT)}"


def in_clone() -> bool:
    """Is the course running from a clone of its repository (not a pip-installed copy)?"""
    return (ROOT / "pyproject.toml").is_file() and (ROOT / "src" / "transformer_course").is_dir()


OFFLINE_GUARD = ROOT / "tests" / "offline"  # its sitecustomize.py allows loopback connections only


def venv_python(venv: Path) -> Path:
    """The Python inside a virtual environment, on Windows or elsewhere."""
    return venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def _stamp(venv: Path, torch_spec: str) -> Path:
    """A file whose name changes when the torch spec or pyproject.toml changes."""
    digest = hashlib.sha256(torch_spec.encode() + (ROOT / "pyproject.toml").read_bytes())
    return venv / f".installed-{digest.hexdigest()[:12]}"


def offline_env() -> dict[str, str]:
    """The environment of a test run: every process and notebook kernel has the network blocked,
    and parallel workers get one torch thread each (two 2-thread kernels on 2 cores stall 5-27x)."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(OFFLINE_GUARD), env.get("PYTHONPATH")]))
    env.setdefault("OMP_NUM_THREADS", "1")
    return env


def home_path(path: Path) -> str:
    """``path`` with the home folder shown as ~ (no user name in what we print)."""
    home = Path.home()
    return f"~/{path.relative_to(home).as_posix()}" if path.is_relative_to(home) else str(path)


def _reachable(url: str, timeout: float = 3.0) -> bool:
    """Can we open a connection to ``url``'s host? (Mirrors and offline machines: no.)"""
    host = url.split("://", 1)[-1].split("/", 1)[0]
    try:
        with socket.create_connection((host, 443), timeout=timeout):
            return True
    except OSError:
        return False


def torch_install_args(torch_spec: str, system: str | None = None,
                       reachable=_reachable) -> list[str]:
    """pip arguments that install torch: the default spec on Linux comes from the CPU index.

    A custom spec (``TORCH="torch==2.5.1"``, perhaps with its own ``--index-url``) is installed
    as given. When the CPU index cannot be reached (an offline mirror, CI), pip's own settings
    decide, after a 3-second probe.
    """
    args = shlex.split(torch_spec)
    if torch_spec != DEFAULT_TORCH or (system or platform.system()) != "Linux":
        return args
    if not reachable(CPU_INDEX):
        print(f"→ {CPU_INDEX} tak nahi pahunch paaye: torch pip ki apni settings se", flush=True)
        return args
    return [*args, "--index-url", CPU_INDEX]


def _run(*command) -> None:
    print("→", " ".join(str(c) for c in command), flush=True)
    subprocess.run([str(c) for c in command], check=True, cwd=ROOT)


def _kernel_points_to(python: Path) -> bool:
    """Is this clone's kernel registered, for this venv's Python?"""
    env = os.environ
    homes = [Path(env["JUPYTER_DATA_DIR"])] if env.get("JUPYTER_DATA_DIR") else []
    if env.get("APPDATA"):  # Windows
        homes.append(Path(env["APPDATA"]) / "jupyter")
    homes += [Path.home() / "Library" / "Jupyter",  # macOS
              Path(env.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "jupyter"]
    for home in homes:
        spec = home / "kernels" / kernel_name() / "kernel.json"
        if spec.is_file():
            try:
                return Path(json.loads(spec.read_text())["argv"][0]) == python
            except (ValueError, KeyError, IndexError):
                return False
    return False


def setup(venv: Path, torch_spec: str = DEFAULT_TORCH) -> Path:
    """Create the venv if missing, install torch, the course (editable, dev extras), the kernel.

    Installs run again only when the torch spec or pyproject.toml changed; the kernel is
    registered again whenever it points elsewhere (another clone registered it last).
    """
    venv = (ROOT / venv).resolve()
    python = venv_python(venv)
    stamp = _stamp(venv, torch_spec)
    if not stamp.exists():
        if not python.exists():
            print(f"→ naya virtual environment: {venv}", flush=True)
            venv_module.create(venv, with_pip=True)
        _run(python, "-m", "pip", "install", "--quiet", *torch_install_args(torch_spec))
        _run(python, "-m", "pip", "install", "--quiet", "-e", ".[dev]")
        for old in venv.glob(".installed-*"):
            old.unlink()
        stamp.touch()
        print("✅ Setup poora.", flush=True)
    if not _kernel_points_to(python):
        _run(python, "-m", "ipykernel", "install", "--user", "--name", kernel_name(),
             "--display-name", kernel_display())
    return python


def lab_command(python: Path, host: str, port: int) -> list[str]:
    """JupyterLab on the course: token authentication on (the default), localhost unless told."""
    root_user = ["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []
    return [str(python), "-m", "jupyterlab", f"--ServerApp.ip={host}", f"--ServerApp.port={port}",
            f"--ServerApp.root_dir={ROOT}", *root_user, "notebooks/00_shuru_karein.ipynb"]


def test_command(python: Path, workers: int) -> list[str]:
    """Unit tests plus nbval over every notebook in notebooks/ and solutions/."""
    return [str(python), "-m", "pytest", "-n", str(workers), "--dist", "loadfile",
            "tests", "notebooks", "solutions", "--nbval-lax", "--nbval-current-env",
            "--nbval-cell-timeout=300"]  # the slowest cell takes ~10 s; never wait 2000 s


def main(command: str, venv: str = ".venv", torch_spec: str = DEFAULT_TORCH, host: str = "127.0.0.1",
         port: int = 8888, workers: int = 2, extra: list[str] | None = None) -> int:
    python = setup(Path(venv), torch_spec)
    if command == "setup":
        return 0
    if command == "lab":
        args = lab_command(python, host, port)
    elif command == "test":
        args = test_command(python, workers)
    else:  # any other course command runs inside the environment
        args = [str(python), "-m", "transformer_course", command]
    args += extra or []
    env = offline_env() if command == "test" else dict(os.environ)
    print("→", " ".join(args), flush=True)
    return subprocess.run(args, cwd=ROOT, env=env).returncode
