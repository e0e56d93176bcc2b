"""Device choice, seeding, doctor, and the setup cell every notebook starts with."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import types
from pathlib import Path

import pytest
import torch

import transformer_course as tc
from transformer_course import course_map, runtime
from transformer_course.tools import doctor, launcher


def test_device_defaults_to_cpu_here_and_env_overrides(monkeypatch):
    monkeypatch.delenv(runtime.DEVICE_ENV, raising=False)
    expected = "cuda" if torch.cuda.is_available() else "cpu"
    if not torch.cuda.is_available() and runtime._mps_available():
        expected = "mps"
    assert tc.get_device().type == expected
    monkeypatch.setenv(runtime.DEVICE_ENV, "cpu")
    assert tc.get_device() == torch.device("cpu")


def test_asking_for_a_missing_gpu_is_a_clear_error(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    monkeypatch.setenv(runtime.DEVICE_ENV, "cuda")
    with pytest.raises(tc.CourseError, match="CUDA nahi mila"):
        tc.get_device()


def test_course_threads(monkeypatch):
    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    monkeypatch.setenv(runtime.THREADS_ENV, "3")
    assert runtime.course_threads() == 3
    monkeypatch.delenv(runtime.THREADS_ENV)
    monkeypatch.setattr(runtime, "usable_cpus", lambda: 2)
    assert runtime.course_threads() == 1
    monkeypatch.setattr(runtime, "usable_cpus", lambda: 16)
    assert runtime.course_threads() == 4
    monkeypatch.setenv("OMP_NUM_THREADS", "2")
    assert runtime.course_threads() == 2
    assert runtime.usable_cpus() >= 1


def test_seed_everything_repeats_numbers():
    tc.seed_everything(7)
    a = torch.randn(3)
    tc.seed_everything(7)
    assert torch.equal(a, torch.randn(3))


def test_doctor_prints_one_line_per_check(capsys):
    ok = tc.doctor(local=False)
    out = capsys.readouterr().out
    assert ok and out.count("OK  ") >= 8 and "FAIL" not in out and "Sab theek hai" in out


def test_doctor_reports_a_missing_package_with_a_hint(capsys):
    ok, line = doctor.check_package("surely-not-installed-pkg", "1.0", "make test")
    assert not ok and line.startswith("FAIL") and "make setup" in line


def test_doctor_reports_an_old_version():
    ok, line = doctor.check_package("numpy", "999.0", "notebooks")
    assert not ok and "kam se kam 999.0 chahiye" in line


def test_version_parsing():
    assert doctor._version_tuple("2.13.0+cpu") == (2, 13, 0)
    assert doctor._version_tuple("1.16.0rc1") >= (1, 16)


# ---------------------------------------------------------------- the setup cell

def _run_setup_cell(monkeypatch, *, colab: bool):
    """Execute the notebooks' setup cell as if the package were missing."""
    calls = []
    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "transformer_course" else real_find_spec(name, *a))
    monkeypatch.setattr(subprocess, "run", lambda cmd, **kw: calls.append((cmd, kw)))
    monkeypatch.setattr(tc, "setup_notebook", lambda: "device")
    if colab:
        fake = types.ModuleType("google.colab")
        fake.output = types.SimpleNamespace(enable_custom_widget_manager=lambda: calls.append("widgets"))
        monkeypatch.setitem(sys.modules, "google.colab", fake)
    else:
        monkeypatch.delitem(sys.modules, "google.colab", raising=False)
    namespace: dict = {}
    exec(course_map.SETUP_CELL, namespace)
    return calls, namespace


def test_setup_cell_in_colab_installs_exactly_the_course_package(monkeypatch):
    calls, namespace = _run_setup_cell(monkeypatch, colab=True)
    assert calls == [([sys.executable, "-m", "pip", "install", "-q", course_map.PACKAGE_URL],
                      {"check": True}), "widgets"]
    assert course_map.PACKAGE_URL == f"git+https://github.com/{course_map.REPOSITORY}@{course_map.BRANCH}"
    assert namespace["tc"] is tc and namespace["device"] == "device"


def test_setup_cell_in_a_clone_puts_src_on_the_path(monkeypatch, repo_root):
    monkeypatch.chdir(repo_root / "notebooks")
    monkeypatch.setattr(sys, "path", list(sys.path))
    calls, _ = _run_setup_cell(monkeypatch, colab=False)
    assert calls == [] and sys.path[0] == str(repo_root / "src")


def test_setup_cell_does_not_reinstall_when_the_package_is_importable(monkeypatch):
    calls = []
    monkeypatch.setattr(subprocess, "run", lambda cmd, **kw: calls.append(cmd))
    fake = types.ModuleType("google.colab")
    fake.output = types.SimpleNamespace(enable_custom_widget_manager=lambda: calls.append("widgets"))
    monkeypatch.setitem(sys.modules, "google.colab", fake)
    monkeypatch.setattr(tc, "setup_notebook", lambda: "device")
    exec(course_map.SETUP_CELL, {})
    assert calls == ["widgets"]  # no pip install, only Colab's widget manager


def test_doctor_outside_a_clone_checks_only_what_a_learner_needs(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(launcher, "ROOT", tmp_path)  # a pip-installed course: no pyproject.toml
    assert not launcher.in_clone()
    assert tc.doctor()
    out = capsys.readouterr().out
    assert "installed: " in out and "nbval" not in out.split("(jupyterlab")[0]
    assert "sirf course ke clone me" in out and "FAIL" not in out


def test_doctor_prints_no_machine_paths(capsys):
    assert launcher.in_clone()
    tc.doctor()
    out = capsys.readouterr().out
    assert "clone/src/transformer_course" in out
    assert str(launcher.ROOT) not in out and str(Path.home()) not in out


def test_setup_cell_outside_a_clone_and_colab_names_the_install_line(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ModuleNotFoundError, match="nahi mila.*%pip install git\\+https://github.com/"):
        _run_setup_cell(monkeypatch, colab=False)


def test_an_old_ipywidgets_in_the_kernel_asks_for_a_restart(monkeypatch):
    from transformer_course.lessons import notebook_setup
    assert notebook_setup.widgets_warning() is None  # this kernel's ipywidgets is 8+
    monkeypatch.setitem(sys.modules, "ipywidgets", types.SimpleNamespace(__version__="7.7.1"))
    monkeypatch.setitem(sys.modules, "google.colab", types.ModuleType("google.colab"))
    warning = notebook_setup.widgets_warning()
    assert "7.7.1" in warning and "Runtime → Restart session" in warning
