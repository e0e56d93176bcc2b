"""Binder's environment.yml, pyproject.toml, postBuild and CI agree with each other."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from transformer_course.tools import launcher

from .conftest import ROOT

tomllib = pytest.importorskip("tomllib")  # Python 3.11+

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
    assert "TORCH   ?= torch==2.13.0" in makefile and '--torch "$(TORCH)"' in makefile
    assert launcher.DEFAULT_TORCH == "torch==2.13.0"
    for target in ("setup", "lab", "test"):
        assert f"$(COURSE) {target} $(VENVARGS)" in makefile


@pytest.mark.parametrize("system, spec, reachable, expected", [
    ("Linux", "torch==2.13.0", True, ["torch==2.13.0", "--index-url", launcher.CPU_INDEX]),
    ("Linux", "torch==2.13.0", False, ["torch==2.13.0"]),  # a mirror / CI: pip's own settings
    ("Darwin", "torch==2.13.0", True, ["torch==2.13.0"]),  # PyPI's macOS and Windows torch is CPU
    ("Windows", "torch==2.13.0", True, ["torch==2.13.0"]),
    ("Linux", "torch==2.5.1", True, ["torch==2.5.1"]),  # a GPU machine's own choice
    ("Linux", "torch==2.5.1 --index-url https://example.org/cu121", True,
     ["torch==2.5.1", "--index-url", "https://example.org/cu121"])])
def test_torch_install_takes_the_cpu_build_on_linux(system, spec, reachable, expected):
    probed = []

    def probe(url):
        probed.append(url)
        return reachable

    assert launcher.torch_install_args(spec, system, probe) == expected
    assert probed == ([launcher.CPU_INDEX] if system == "Linux" and spec == launcher.DEFAULT_TORCH else [])


def test_the_cpu_index_probe_is_short_and_never_raises(monkeypatch):
    calls = []

    def refuse(address, timeout):
        calls.append((address, timeout))
        raise OSError("no route")

    monkeypatch.setattr(launcher.socket, "create_connection", refuse)
    assert launcher._reachable(launcher.CPU_INDEX) is False
    assert calls == [(("download.pytorch.org", 443), 3.0)]  # 3 s, not pip's minutes of retries


def test_lab_is_local_with_token_auth():
    command = launcher.lab_command(Path("py"), "127.0.0.1", 8888)
    assert "--ServerApp.ip=127.0.0.1" in command
    assert not any("token" in part or "password" in part for part in command)


def test_test_command_runs_every_notebook_folder_with_nbval():
    command = launcher.test_command(Path("py"), 2)
    assert {"tests", "notebooks", "solutions", "--nbval-lax", "--nbval-current-env"} <= set(command)


def test_setup_stamp_changes_with_the_torch_spec(tmp_path):
    assert launcher._stamp(tmp_path, "torch==2.13.0") != launcher._stamp(tmp_path, "torch==2.5.1")
    assert launcher._stamp(tmp_path, "torch==2.13.0") == launcher._stamp(tmp_path, "torch==2.13.0")


def test_the_package_imports_without_torch_for_setup():
    import subprocess
    import sys
    code = ("import sys; sys.modules['torch'] = None; import transformer_course.tools.cli, "
            "transformer_course.tools.launcher; print('ok')")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env={"PYTHONPATH": str(ROOT / "src")})
    assert result.stdout.strip() == "ok", result.stderr


def test_readme_badges_come_from_the_one_repository_setting():
    from transformer_course import course_map
    assert course_map.badges("00_shuru_karein") in (ROOT / "README.md").read_text()


def test_kernel_is_registered_again_when_it_points_to_another_clone(tmp_path, monkeypatch):
    import json
    monkeypatch.setenv("JUPYTER_DATA_DIR", str(tmp_path))
    assert not launcher._kernel_points_to(Path("/venv/bin/python"))
    spec = tmp_path / "kernels" / launcher.kernel_name() / "kernel.json"
    spec.parent.mkdir(parents=True)
    spec.write_text(json.dumps({"argv": ["/other/clone/.venv/bin/python", "-m", "ipykernel_launcher"]}))
    assert not launcher._kernel_points_to(Path("/venv/bin/python"))
    assert launcher._kernel_points_to(Path("/other/clone/.venv/bin/python"))


def test_each_clone_has_its_own_kernel(monkeypatch, tmp_path):
    names = set()
    for clone in ("a/transformers-intuition", "b/transformers-intuition"):
        monkeypatch.setattr(launcher, "ROOT", tmp_path / clone)
        names.add(launcher.kernel_name())
        assert launcher.kernel_display().endswith(str(tmp_path / clone))
    assert len(names) == 2 and all(n.startswith("transformer-course-") for n in names)
    monkeypatch.setattr(launcher, "ROOT", Path.home() / "code" / "course")
    assert launcher.kernel_display() == "Transformer Course (Hinglish) · ~/code/course"


def test_version_is_said_once_in_code_and_matches_pyproject():
    from transformer_course import __version__, course_map
    assert __version__ == course_map.VERSION == _pyproject()["project"]["version"]


def test_the_declared_license_ships_as_a_file():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["license"] == {"text": "MIT"}
    assert (ROOT / "LICENSE").read_text().startswith("MIT License")


def test_every_command_says_where_it_runs():
    from transformer_course.tools import cli
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    parser_commands = {"doctor", "bench", "progress", "slides", "book", "hub-link", "sweep", "readme-map", "soak", "nbgrader-source",
                       "sync", "execute", "exercises", "setup", "lab", "test"}
    assert set(cli.CLONE_ONLY) | set(cli.ANYWHERE) == parser_commands
    assert not set(cli.CLONE_ONLY) & set(cli.ANYWHERE)


def test_an_installed_course_explains_clone_only_commands(monkeypatch, tmp_path, capsys):
    from transformer_course.tools import cli
    monkeypatch.setattr(launcher, "ROOT", tmp_path)  # as if pip-installed: no pyproject.toml
    assert cli.main(["setup"]) == 2
    err = capsys.readouterr().err
    assert "course ke clone me chalta hai" in err and "git clone https://github.com/" in err
    assert cli.main(["hub-link", "https://hub.example.org"]) == 0
    assert "hub.example.org" in capsys.readouterr().out


def test_soak_reads_failures_from_junit(tmp_path):
    from transformer_course.tools import soak
    junit = tmp_path / "run.xml"
    junit.write_text('<testsuites><testsuite><testcase classname="solutions/02.ipynb" name="Cell 5"/>'
                     '<testcase classname="solutions/08.ipynb" name="Cell 40">'
                     '<failure message="Timeout: cell did not finish in 120 s">trace</failure>'
                     '</testcase></testsuite></testsuites>')
    assert soak._failures(junit) == ["solutions/08.ipynb::Cell 40: Timeout: cell did not finish in 120 s"]
    assert "missing" in soak._failures(tmp_path / "none.xml")[0]
