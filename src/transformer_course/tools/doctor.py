"""`make doctor` and ``tc.doctor()``: is this environment ready for the course? One OK/FAIL line per check."""

from __future__ import annotations

import platform
import sys
from importlib import metadata
from pathlib import Path

from . import launcher

# (distribution, minimum version, needed for)
NOTEBOOK_PACKAGES = [
    ("torch", "2.3", "notebooks"),  # 2.3: the first torch built for NumPy 2 (from_numpy)
    ("numpy", "1.24", "notebooks"),
    ("matplotlib", "3.7", "notebooks"),
    ("ipywidgets", "8.0", "notebooks"),
    ("tqdm", "4.60", "notebooks"),
]
LOCAL_PACKAGES = [
    ("jupyterlab", "4.0", "make lab"),
    ("jupytext", "1.16", "make sync / make test"),
    ("nbval", "0.11", "make test"),
    ("pytest", "8.0", "make test"),
]


def _version_tuple(text: str) -> tuple[int, ...]:
    parts = []
    for piece in text.split("+")[0].split("."):
        digits = "".join(ch for ch in piece if ch.isdigit())
        if not digits:
            break
        parts.append(int(digits))
    return tuple(parts)


def _line(ok: bool, label: str, detail: str, hint: str = "") -> tuple[bool, str]:
    text = f"{'OK  ' if ok else 'FAIL'}  {label:<14} {detail}"
    if not ok and hint:
        text += f"\n      → {hint}"
    return ok, text


def _where(path: Path | str) -> str:
    """A path without this machine's folders in it: inside the clone, relative; else from ~."""
    path = Path(path)
    if launcher.in_clone() and path.is_relative_to(launcher.ROOT):
        return f"clone/{path.relative_to(launcher.ROOT).as_posix()}"
    return launcher.home_path(path)


def _in_colab() -> bool:
    return "google.colab" in sys.modules


def _in_kernel() -> bool:
    return "ipykernel" in sys.modules


def check_python() -> tuple[bool, str]:
    ok = sys.version_info >= (3, 10)
    return _line(ok, "python", platform.python_version(),
                 "Python 3.10 ya naya chahiye; conda/pyenv se install karke `make setup` dobara chalaiye.")


def check_package(dist: str, minimum: str, needed_for: str) -> tuple[bool, str]:
    try:
        version = metadata.version(dist)
    except metadata.PackageNotFoundError:
        return _line(False, dist, f"install nahi hai ({needed_for} ke liye zaroori)",
                     "`make setup` chalaiye (ya `pip install -e \".[dev]\"`).")
    ok = _version_tuple(version) >= _version_tuple(minimum)
    return _line(ok, dist, version if ok else f"{version} (kam se kam {minimum} chahiye)",
                 f"`pip install -U \"{dist}>={minimum}\"` chalaiye.")


def check_device() -> tuple[bool, str]:
    try:
        import torch

        from ..runtime import get_device
        device = get_device()
        tensor = torch.ones(2, 2, device=device)
        ok = float((tensor @ tensor).sum()) == 8.0
        return _line(ok, "device", f"{device} (torch {torch.__version__})",
                     "device par chhota sa matmul galat aaya; TC_DEVICE=cpu set karke dekhiye.")
    except Exception as error:
        return _line(False, "device", f"{type(error).__name__}: {error}",
                     "TC_DEVICE=cpu set karke dobara chalaiye.")


def check_course_package() -> tuple[bool, str]:
    from ..course_map import VERSION
    where = _where(Path(__file__).parents[1])
    return _line(True, "course pkg", f"transformer_course {VERSION} "
                                     f"({where if launcher.in_clone() else 'installed: ' + where})")


def check_kernel() -> tuple[bool, str]:
    if _in_kernel():
        return _line(True, "kernel", f"notebook kernel chal raha hai ({_where(sys.executable)})")
    try:
        from jupyter_client.kernelspec import KernelSpecManager
        spec = KernelSpecManager().get_kernel_spec(launcher.kernel_name())
    except Exception:
        return _line(False, "kernel", f"'{launcher.kernel_display()}' register nahi hai",
                     "`make setup` chalaiye (woh kernel register karta hai).")
    python = Path(spec.argv[0])
    ok = python.exists()
    return _line(ok, "kernel", f"'{launcher.kernel_name()}' → {_where(python)}",
                 "kernel ka Python ab maujood nahi; `make setup` dobara chalaiye.")


def run_doctor(local: bool | None = None) -> bool:
    """Print one OK/FAIL line per check; return True when everything is OK.

    ``local`` adds what a course author needs in a clone (Jupyter, jupytext, tests, the kernel);
    by default they are checked only in a clone (a pip-installed course, Colab or Kaggle needs
    only the notebook packages).
    """
    if local is None:
        local = launcher.in_clone() and not _in_colab()
    results = [check_python(), check_course_package()]
    results += [check_package(*row) for row in NOTEBOOK_PACKAGES]
    results.append(check_device())
    if local:
        results += [check_package(*row) for row in LOCAL_PACKAGES]
        results.append(check_kernel())
    for _, text in results:
        print(text)
    if not local:
        print("(jupyterlab, jupytext, nbval, pytest aur kernel sirf course ke clone me check hote hain.)")
    all_ok = all(ok for ok, _ in results)
    failed = sum(not ok for ok, _ in results)
    if all_ok:
        print("\n✅ Sab theek hai, course ke liye taiyaar!")
    else:
        things = "cheez theek karni hai" if failed == 1 else "cheezein theek karni hain"
        print(f"\n❌ {failed} {things}: upar ki FAIL lines aur unke hints dekhiye.")
    return all_ok
