"""Binder's environment.yml, pyproject.toml, postBuild and CI agree with each other."""

from __future__ import annotations

import re
import tomllib

from .conftest import ROOT

CONDA_TO_PIP = {"pytorch-cpu": "torch"}


def _requirement(text: str) -> tuple[str, str]:
    match = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", text)
    return match.group(1).lower(), match.group(2).replace(" ", "")


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())


def test_environment_yml_has_the_same_packages_and_bounds_as_pyproject():
    project = _pyproject()["project"]
    wanted = dict(_requirement(r) for r in project["dependencies"] + project["optional-dependencies"]["dev"])
    conda = {}
    for line in (ROOT / "environment.yml").read_text().splitlines():
        item = line.strip()
        if item.startswith("- ") and not item.startswith("- conda-forge"):
            name, bound = _requirement(item[2:])
            if name not in ("python", "pip"):
                conda[CONDA_TO_PIP.get(name, name)] = bound
    assert conda == wanted


def test_lab_extra_is_part_of_dev():
    extras = _pyproject()["project"]["optional-dependencies"]
    assert set(extras["lab"]) <= set(extras["dev"])


def test_postbuild_is_strict_and_installs_the_package():
    text = (ROOT / "postBuild").read_text().splitlines()
    commands = [line for line in text if line.strip() and not line.startswith("#")]
    assert commands[0] == "set -e"
    assert any("pip install" in line and " ." in line for line in commands)


def test_ci_runs_the_readme_test_command():
    assert "make test" in (ROOT / ".ci" / "run").read_text()
    assert "make test" in (ROOT / "README.md").read_text()


def test_makefile_pins_cpu_torch_and_keeps_it_overridable():
    makefile = (ROOT / "Makefile").read_text()
    assert "TORCH   ?= torch==2.13.0" in makefile
    assert '"$(TORCH)"' in makefile
    assert "--ServerApp.ip=$(HOST)" in makefile and "HOST    ?= 127.0.0.1" in makefile
