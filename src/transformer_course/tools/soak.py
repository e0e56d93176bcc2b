"""`make soak RUNS=10`: run the notebook suite again and again, and report every hang or failure.

Each run is the notebook half of `make test` (nbval, 2 workers, network blocked, one torch thread
per kernel) with a short cell timeout, so a lost kernel message shows up as a timed-out cell
instead of a 5-minute wait. JUnit files and a summary land in build/soak/.
"""

from __future__ import annotations

import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

from .launcher import ROOT, offline_env


def _failures(junit: Path) -> list[str]:
    """'test id: first line of the message' for each failed or errored test in a JUnit file."""
    if not junit.exists():
        return ["(junit file missing: pytest stopped early)"]
    rows = []
    for case in ET.parse(junit).getroot().iter("testcase"):
        for problem in [*case.iter("failure"), *case.iter("error")]:
            message = (problem.get("message") or problem.text or "").strip().splitlines()
            rows.append(f"{case.get('classname')}::{case.get('name')}: {message[0][:160] if message else ''}")
    return rows


def soak(runs: int = 10, cell_timeout: int = 120, workers: int = 2) -> int:
    """Run the notebook suite ``runs`` times; print and write a summary; return the failed runs."""
    out = ROOT / "build" / "soak"
    out.mkdir(parents=True, exist_ok=True)
    env = offline_env()
    lines = ["| run | seconds | problems |", "|---|---|---|"]
    bad = 0
    for run in range(1, runs + 1):
        junit = out / f"run-{run}.xml"
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "pytest", "-n", str(workers), "--dist", "loadfile",
                        "notebooks", "solutions", "--nbval-lax", "--nbval-current-env",
                        f"--nbval-cell-timeout={cell_timeout}", "-q", f"--junitxml={junit}"],
                       cwd=ROOT, env=env, capture_output=True, text=True)
        seconds = time.perf_counter() - start
        problems = _failures(junit)
        bad += bool(problems)
        lines.append(f"| {run} | {seconds:.0f} | {'; '.join(problems) or 'koi nahi'} |")
        print(lines[-1], flush=True)
    lines.append(f"\n{runs} runs, {bad} me dikkat (hang = cell timeout {cell_timeout} s).")
    (out / "summary.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(lines[-1].strip())
    return bad
