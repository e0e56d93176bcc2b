"""`make bench`: run each solution notebook in a fresh kernel; wall time and peak memory.

Peak memory is the kernel process's resident high-water mark (VmHWM on Linux, else the
largest RSS seen by polling with psutil). Results are medians over ``repeat`` runs, compared
with the budgets of the course design (≤ 60 s, aim ≤ 30 s; ≤ 1 GB, Binder's guarantee).
This is a benchmark, not a test: nothing here fails a build.
"""

from __future__ import annotations

import json
import statistics
import threading
import time
from pathlib import Path

import nbformat

from ..course_map import NOTEBOOK_GLOB

BUDGET_S, AIM_S, BUDGET_MB = 60.0, 30.0, 1024.0


def _peak_rss_mb(pid: int) -> float | None:
    status = Path(f"/proc/{pid}/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return None


def run_once(path: Path) -> tuple[float, float]:
    """Execute one notebook in a fresh kernel; return (seconds, peak MB) of the kernel."""
    import psutil
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=600, kernel_name="python3", record_timing=False,
                            resources={"metadata": {"path": str(path.parent)}})
    polled = [0.0]
    with client.setup_kernel():
        pid = client.km.provisioner.process.pid
        process, stop = psutil.Process(pid), threading.Event()

        def poll():
            while not stop.is_set():
                polled[0] = max(polled[0], process.memory_info().rss / 2**20)
                stop.wait(0.05)

        watcher = threading.Thread(target=poll, daemon=True)
        watcher.start()
        start = time.perf_counter()
        for index, cell in enumerate(nb.cells):
            client.execute_cell(cell, index)
        seconds = time.perf_counter() - start
        peak = _peak_rss_mb(pid)
        stop.set()
        watcher.join()
    return seconds, peak if peak is not None else polled[0]


def verdict(seconds: float, megabytes: float) -> str:
    if seconds > BUDGET_S or megabytes > BUDGET_MB:
        return "❌ budget se bahar"
    return "✅ aim ke andar" if seconds <= AIM_S else "⚠️ budget ke andar, aim se upar"


def run(folder: Path, repeat: int = 1, output: Path | None = None) -> list[dict]:
    """Benchmark every notebook in ``folder``; print a table and write it (markdown + JSON)."""
    rows = []
    for path in sorted(folder.glob(f"{NOTEBOOK_GLOB}.ipynb")):
        runs = [run_once(path) for _ in range(repeat)]
        seconds = statistics.median(r[0] for r in runs)
        megabytes = statistics.median(r[1] for r in runs)
        rows.append({"notebook": path.name, "seconds": round(seconds, 1),
                     "peak_mb": round(megabytes), "repeat": repeat,
                     "verdict": verdict(seconds, megabytes)})
        print(f"  {path.name:38s} {seconds:6.1f} s {megabytes:7.0f} MB  {rows[-1]['verdict']}",
              flush=True)
    table = to_markdown(rows)
    print("\n" + table)
    if output is not None:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(table + "\n")
        output.with_suffix(".json").write_text(json.dumps(rows, indent=1, ensure_ascii=False) + "\n")
        print(f"\nLikha: {output} (aur .json)")
    return rows


def to_markdown(rows: list[dict]) -> str:
    import datetime
    import platform

    import torch

    from ..runtime import usable_cpus
    lines = ["# Notebook benchmark (`make bench`)", "",
             f"Measured {datetime.date.today()} on {usable_cpus()} usable CPUs, Python "
             f"{platform.python_version()}, torch {torch.__version__}. Wall time from the first cell "
             "to the last in a fresh kernel (kernel start-up, ~1–2 s, not included).", "",
             f"Budgets: ≤ {BUDGET_S:.0f} s (aim ≤ {AIM_S:.0f} s) and ≤ {BUDGET_MB:.0f} MB peak "
             "kernel memory per notebook; median of `repeat` fresh-kernel runs.", "",
             "| notebook | wall time (s) | peak memory (MB) | runs | verdict |",
             "|---|---|---|---|---|"]
    lines += [f"| {r['notebook']} | {r['seconds']} | {r['peak_mb']} | {r['repeat']} | {r['verdict']} |"
              for r in rows]
    total = sum(r["seconds"] for r in rows)
    lines.append(f"| **total** | **{total:.1f}** | max {max((r['peak_mb'] for r in rows), default=0)} | | |")
    return "\n".join(lines)
