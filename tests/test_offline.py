"""`make test` runs every test and every notebook kernel with the network blocked."""

from __future__ import annotations

import os
import socket
import subprocess
import sys

import pytest

from transformer_course.tools import launcher

from .conftest import ROOT

GUARD = str(ROOT / "tests" / "offline")
PROBE = """
import socket
s = socket.socket()
s.settimeout(2)
try:
    s.connect(("93.184.216.34", 80))
    print("connected")
except OSError as error:
    print(type(error).__name__, "band hai" in str(error))
try:
    socket.getaddrinfo("pypi.org", 443)
    print("resolved")
except OSError as error:
    print(type(error).__name__)
server = socket.socket(); server.bind(("127.0.0.1", 0)); server.listen(1)
client = socket.create_connection(server.getsockname(), timeout=2)
print("loopback ok")
"""


def test_guard_blocks_the_internet_but_not_loopback():
    env = {**os.environ, "PYTHONPATH": GUARD}
    result = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, env=env)
    assert result.stdout.split("\n")[:3] == ["OfflineError True", "OfflineError", "loopback ok"], result.stderr


def test_make_test_runs_under_the_guard(monkeypatch):
    seen = {}
    monkeypatch.setattr(launcher, "setup", lambda venv, torch_spec: "python")
    monkeypatch.setattr(launcher.subprocess, "run",
                        lambda args, cwd, env: seen.update(env=env) or subprocess.CompletedProcess(args, 0))
    assert launcher.main("test") == 0
    assert seen["env"]["PYTHONPATH"].split(os.pathsep)[0] == str(launcher.OFFLINE_GUARD)
    assert seen["env"]["OMP_NUM_THREADS"] == os.environ.get("OMP_NUM_THREADS", "1")


@pytest.mark.skipif(not getattr(socket, "COURSE_OFFLINE_GUARD", False),
                    reason="only inside `make test`, which installs the guard")
def test_this_run_is_offline():
    with pytest.raises(OSError, match="band hai"):
        socket.create_connection(("1.1.1.1", 443), timeout=2)
