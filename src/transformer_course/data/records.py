"""Measured records: results of sweeps too slow for a notebook, shipped as JSON beside the data.

A sweep (``make sweep NAME=…``, see ``tools/sweeps.py``) runs once on an author's machine and
writes ``records/<name>.json`` with the machine, the versions, the seeds and its config. The
notebook plots the record and re-runs one live slice that must agree with it, so a record can
never silently drift from the code."""

from __future__ import annotations

import json
import os
import platform
import sys
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path

from ..errors import fail

RECORDS_DIR = "records"
REQUIRED_KEYS = ("name", "command", "created", "machine", "versions", "seeds", "config", "results")


def record_names() -> list[str]:
    """Names of the records that ship with the package."""
    folder = resources.files(__package__).joinpath(RECORDS_DIR)
    if not folder.is_dir():
        return []
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".json"))


def load_record(name: str) -> dict:
    """One shipped record (a dict with ``REQUIRED_KEYS``)."""
    if name not in record_names():
        raise fail("record `name`", f"in mein se ek: {record_names()}", repr(name),
                   f"author `make sweep NAME={name}` chala kar record bana sakte hain.")
    path = resources.files(__package__).joinpath(RECORDS_DIR, f"{name}.json")
    return json.loads(path.read_text(encoding="utf-8"))


def load_checkpoint(name: str) -> dict:
    """The weights a sweep shipped beside its record (``records/<name>.pt``), read with
    ``weights_only=True`` (config, vocabulary and tensors are plain types)."""
    import io

    import torch

    source = resources.files(__package__).joinpath(RECORDS_DIR, f"{name}.pt")
    if not source.is_file():
        raise fail("checkpoint", f"records/{name}.pt", "nahi mila",
                   f"author `make sweep NAME={name}` chala kar bana sakte hain.")
    return torch.load(io.BytesIO(source.read_bytes()), weights_only=True)


def machine_and_versions() -> tuple[dict, dict]:
    """Where a measurement ran: (machine, versions) for a record."""
    import torch

    from ..course_map import VERSION
    machine = {"system": platform.system(), "machine": platform.machine(),
               "processor": platform.processor() or platform.machine(),
               "cpus": os.cpu_count(), "torch_threads": torch.get_num_threads(),
               "device": "cpu"}
    versions = {"python": sys.version.split()[0], "torch": torch.__version__,
                "transformer_course": VERSION}
    return machine, versions


def write_record(name: str, results, *, seeds, config: dict, command: str,
                 folder: Path | None = None) -> Path:
    """Write ``records/<name>.json`` (into the source tree unless ``folder`` is given)."""
    machine, versions = machine_and_versions()
    record = {"name": name, "command": command,
              "created": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
              "machine": machine, "versions": versions, "seeds": list(seeds),
              "config": config, "results": results}
    folder = folder or Path(__file__).parent / RECORDS_DIR
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.json"
    path.write_text(json.dumps(record, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def describe_record(record: dict) -> str:
    """One line for a notebook: where and when a record was measured."""
    m, v = record["machine"], record["versions"]
    return (f"record `{record['name']}`: {record['created']}, {m['processor']} ({m['cpus']} CPUs, "
            f"{m['torch_threads']} torch threads, {m['device']}), torch {v['torch']}, "
            f"seeds {record['seeds']}; dobara banane ke liye: `{record['command']}`")
