"""Real-browser test: JupyterLab in headless Chromium runs a learner notebook with widgets.

Run with `make test-browser` (installs Debian's chromium and Python playwright, which drives
that executable; no browser download). Windowing is switched off so every cell is in the DOM.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = "notebooks/02_attention.ipynb"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = ROOT / "build" / "browser"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def local_only(outside: list[str]):
    """A playwright route handler: requests to local files go through, any other is recorded in
    ``outside`` and aborted (a course page must work with no network)."""
    def route(route):
        if route.request.url.startswith(("file:", "data:", "about:")):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()
    return route


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _setting(folder: Path, plugin: str, values: dict) -> None:
    path = folder / f"{plugin}.jupyterlab-settings"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(values))


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """JupyterLab on localhost with a random token, serving a copy of the learner notebook
    (autosave must never write outputs into notebooks/); yields (base_url, token)."""
    if not Path(CHROMIUM).exists():
        pytest.fail("chromium nahi mila: `make test-browser` use install karta hai")
    settings = tmp_path_factory.mktemp("lab-settings")
    _setting(settings, "@jupyterlab/notebook-extension/tracker", {"windowingMode": "none"})
    _setting(settings, "@jupyterlab/apputils-extension/notification", {"fetchNews": "false"})
    served = tmp_path_factory.mktemp("served")
    (served / "notebooks").mkdir()
    shutil.copy(ROOT / NOTEBOOK, served / NOTEBOOK)
    port, token = _free_port(), secrets.token_hex(16)
    env = {**os.environ, "JUPYTERLAB_SETTINGS_DIR": str(settings)}
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--ServerApp.ip=127.0.0.1",
         f"--ServerApp.port={port}", f"--IdentityProvider.token={token}",
         f"--ServerApp.root_dir={served}", "--LabApp.expose_app_in_browser=True",
         *(["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else [])],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
            break
        except OSError:
            time.sleep(0.5)
    else:
        server.kill()
        pytest.fail("JupyterLab 60 s me start nahi hua")
    yield base, token
    server.terminate()
    server.wait(timeout=20)


def test_token_is_required(lab):
    base, _ = lab
    with pytest.raises(urllib.error.HTTPError) as denied:
        urllib.request.urlopen(f"{base}/api/contents", timeout=5)
    assert denied.value.code == 403


def test_learner_notebook_runs_in_the_browser(lab):
    from playwright.sync_api import sync_playwright

    base, token = lab
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(f"{base}/lab/tree/{NOTEBOOK}?token={token}")
        page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
        page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell.currentWidget"
                               " && window.jupyterapp.shell.currentWidget.sessionContext"
                               " && window.jupyterapp.shell.currentWidget.sessionContext.session",
                               timeout=60_000)
        page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
        # done when every code cell has an execution count and the kernel is idle
        page.wait_for_function("""() => {
            const panel = window.jupyterapp.shell.currentWidget;
            const cells = Array.from(panel.content.model.cells);
            const code = cells.filter(c => c.type === 'code');
            return panel.sessionContext.session.kernel.status === 'idle'
                && code.every(c => c.executionCount !== null);
        }""", timeout=240_000, polling=1000)
        errors = page.evaluate("""() => {
            const cells = Array.from(window.jupyterapp.shell.currentWidget.content.model.cells);
            const found = [];
            cells.forEach((c, i) => {
                if (c.type !== 'code') return;
                for (let j = 0; j < c.outputs.length; j++) {
                    const out = c.outputs.get(j);
                    if (out.type === 'error') found.push(i + ': ' + out.toJSON().ename);
                }
            });
            return found;
        }""")
        page.wait_for_selector(".jupyter-widgets .widget-dropdown, .jupyter-widgets select",
                               timeout=30_000)
        widgets = page.locator(".jupyter-widgets").count()
        page.locator(".widget-dropdown").first.scroll_into_view_if_needed()
        page.screenshot(path=str(ARTIFACTS / "02_attention_explorer.png"))
        browser.close()
    assert errors == [], f"cells with errors: {errors}"
    assert widgets > 0
