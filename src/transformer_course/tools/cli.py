"""Command line: ``python -m transformer_course <command>`` (the Makefile calls these)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

# commands that read or write the repository's files; the rest work in an installed package too
CLONE_ONLY = ("setup", "lab", "test", "sync", "execute", "exercises", "readme-map", "sweep",
              "bench", "slides", "book", "soak", "nbgrader-source")
ANYWHERE = ("doctor", "progress", "hub-link")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m transformer_course",
                                     description="Transformers Intuition course ke tools.")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("doctor", help="environment check: ek OK/FAIL line har cheez ke liye")
    bench = sub.add_parser("bench", help="har solution notebook ka time aur peak memory naapein")
    bench.add_argument("--repeat", type=int, default=1, help="kitni baar chalayein (median)")
    bench.add_argument("--folder", default="solutions")
    bench.add_argument("--output", default="docs/BENCHMARK.md")
    progress = sub.add_parser("progress", help="learner notebooks chala kar har exercise ka haal")
    progress.add_argument("folder", nargs="?", default="notebooks")
    slides = sub.add_parser("slides", help="solution notebooks se reveal.js slides (HTML)")
    slides.add_argument("--output", default="slides")
    book = sub.add_parser("book", help="solution notebooks se static website (Sphinx), build/book me")
    book.add_argument("--output", default="build/book")
    hub = sub.add_parser("hub-link", help="JupyterHub ke liye nbgitpuller link")
    hub.add_argument("hub_url", help="jaise https://hub.example.org")
    hub.add_argument("--folder", default="notebooks", help="notebooks (workshop) ya solutions (baad me)")
    sweep = sub.add_parser("sweep", help="lamba measurement chala kar uska record likhein (authors)")
    sweep.add_argument("names", nargs="*", help="sweep ke naam (khaali: saare)")
    sweep.add_argument("--quick", action="store_true", help="chhota run, sirf code check; record nahi")
    soak = sub.add_parser("soak", help="notebook suite baar-baar chala kar hang/failure ginein")
    soak.add_argument("--runs", type=int, default=10)
    soak.add_argument("--cell-timeout", type=int, default=120)
    grader = sub.add_parser("nbgrader-source", help="nbgrader ka source/ folder, solutions se (metadata ke saath)")
    grader.add_argument("course", help="nbgrader course ka folder (source/<notebook>/ isme banega)")
    grader.add_argument("stems", nargs="*", help="sirf yeh notebooks (khaali: saare)")
    sub.add_parser("readme-map", help="README ke liye course map table print karein")
    sync_ = sub.add_parser("sync", help="solution scripts ko stamp karke unke notebooks update karein")
    run = sub.add_parser("execute", help="solution notebooks chala kar outputs store karein")
    run.add_argument("stems", nargs="*", help="sirf yeh notebooks (jaise 01_transformer_intuition)")
    ex = sub.add_parser("exercises", help="solutions se learner notebooks banayein")
    ex.add_argument("--force", action="store_true",
                    help="learner ke badle hue notebooks bhi overwrite karein (savdhaan!)")
    ex.add_argument("--check", action="store_true", help="kuch mat likhiye, sirf purane batayein")
    for p in (sync_, ex):
        p.add_argument("stems", nargs="*", help="sirf yeh notebooks (khaali: saare)")
    for p in (sync_, sub.choices["readme-map"], run, ex, grader):
        p.add_argument("--root", default=".", help="repository ka root folder")
    for name, text in (("setup", ".venv banayein aur sab install karein (torch CPU build pinned)"),
                       ("lab", "setup, phir JupyterLab (localhost, token ke saath)"),
                       ("test", "setup, phir unit tests + har notebook nbval se")):
        launch = sub.add_parser(name, help=text)
        launch.add_argument("--venv", default=".venv")
        launch.add_argument("--torch", default=None, help="pip spec, default torch==2.13.0 (CPU)")
        launch.add_argument("--host", default="127.0.0.1")
        launch.add_argument("--port", type=int, default=8888)
        launch.add_argument("--workers", type=int, default=2, help="pytest-xdist workers")
    args, extra = parser.parse_known_args(argv)
    if args.command in CLONE_ONLY:
        from ..course_map import REPOSITORY
        from .launcher import in_clone
        if not in_clone():
            print(f"`{args.command}` course ke clone me chalta hai (yeh package pip se install hua hai):\n"
                  f"  git clone https://github.com/{REPOSITORY} && cd {REPOSITORY.split('/')[1]} "
                  f"&& make {args.command}\n"
                  f"Installed package me yeh chalte hain: {', '.join(ANYWHERE)}.", file=sys.stderr)
            return 2
    if args.command in ("setup", "lab", "test"):
        from .launcher import DEFAULT_TORCH
        from .launcher import main as launch_main
        return launch_main(args.command, args.venv, args.torch or DEFAULT_TORCH, args.host,
                           args.port, args.workers, extra)
    if extra:
        parser.error(f"samajh nahi aaya: {' '.join(extra)}")

    if args.command == "bench":
        from .benchmark import run as run_bench
        run_bench(Path(args.folder), repeat=args.repeat, output=Path(args.output))
        return 0
    if args.command == "progress":
        from .progress import report
        report(Path(args.folder))
        return 0
    if args.command == "slides":
        from .slides import make_slides
        make_slides(Path("solutions"), Path(args.output))
        return 0
    if args.command == "book":
        from .book import build as build_book
        build_book(Path("."), Path(args.output))
        return 0
    if args.command == "hub-link":
        from .teaching import nbgitpuller_link
        print(nbgitpuller_link(args.hub_url, folder=args.folder))
        return 0
    if args.command == "sweep":
        from .sweeps import SWEEPS, run_sweep
        for name in args.names or sorted(SWEEPS):
            run_sweep(name, quick=args.quick)
        return 0
    if args.command == "soak":
        from .soak import soak as run_soak
        return 1 if run_soak(args.runs, args.cell_timeout) else 0
    if args.command == "doctor":
        from .doctor import run_doctor
        return 0 if run_doctor() else 1

    from .authoring import Layout, execute, sync, write_exercises
    layout = Layout(args.root)
    if args.command == "readme-map":
        from ..course_map import readme_map
        print(readme_map(layout.stems()))
    elif args.command == "nbgrader-source":
        from .authoring import write_nbgrader_source
        write_nbgrader_source(layout, Path(args.course), args.stems)
    elif args.command == "sync":
        sync(layout, args.stems)
    elif args.command == "execute":
        execute(layout, args.stems)
    elif args.command == "exercises":
        problems = write_exercises(layout, force=args.force, only_check=args.check,
                                   stems=args.stems)
        for problem in problems:
            print(f"⚠️  {problem}", file=sys.stderr)
        return 1 if problems and args.check else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
