# Transformers Intuition (Hinglish): the Linux/macOS face of the course's commands.
# Windows/Anaconda: see README ("Bina make ke").

PYTHON  ?= python3
VENV    ?= .venv
TORCH   ?= torch==2.13.0
HOST    ?= 127.0.0.1
PORT    ?= 8888
WORKERS ?= 2
PY      := $(VENV)/bin/python
COURSE  := PYTHONPATH=src $(PYTHON) -m transformer_course
VENVARGS = --venv $(VENV) --torch "$(TORCH)"

.PHONY: help setup lab test unit exercises sync execute notebooks doctor lint clean bench sweep progress slides book hub-link test-browser test-install test-nbgrader soak

help:
	@echo "make lab        - setup (agar zaroori) aur JupyterLab kholein (localhost, token ke saath)"
	@echo "make test       - setup (agar zaroori), unit tests + har notebook nbval se"
	@echo "make test-browser - JupyterLab + headless Chromium me notebook 02 chala kar, slides aur website (book) dekhein"
	@echo "make test-install - course ka wheel naye venv me, notebooks repo ke bahar (jaise learner)"
	@echo "make test-nbgrader - nbgrader ka poora round trip (generate, validate, autograde) notebook 02 par"
	@echo "make soak RUNS=10 - notebook suite baar-baar chala kar hang/failure ginein (build/soak/)"
	@echo "make doctor     - environment check (OK/FAIL har cheez ke liye)"
	@echo "make exercises  - solutions se learner notebooks banayein (FORCE=1: learner ke badlaav bhi overwrite)"
	@echo "make sync       - solutions/scripts/*.py -> solutions/*.ipynb (jupytext)"
	@echo "make notebooks  - sync + solutions execute + exercises (authors ke liye)"
	@echo "make bench      - har solution notebook ka time + peak memory (REPEAT=3 se median)"
	@echo "make sweep NAME=... - lamba measurement chala kar record likhein (NAME khaali: saare; QUICK=1)"
	@echo "make progress   - learner notebooks chala kar har exercise ka haal (FOLDER=... submissions ke liye)"
	@echo "make slides     - solutions se reveal.js slides, slides/ folder me"
	@echo "make book       - solutions se static website (Sphinx + MyST-NB), build/book/ me (offline)"
	@echo "make hub-link HUB=https://... - workshop ke liye nbgitpuller link (FOLDER=solutions baad me)"
	@echo "make lint       - ruff"
	@echo "make clean      - caches hatayein (notebooks ko kabhi nahi chhoota)"

# setup, lab and test run on the standard library only (src/transformer_course/tools/launcher.py):
# they create .venv when missing and reinstall when TORCH or pyproject.toml changes.
setup:
	$(COURSE) setup $(VENVARGS)

lab:
	$(COURSE) lab $(VENVARGS) --host $(HOST) --port $(PORT)

test:
	$(COURSE) test $(VENVARGS) --workers $(WORKERS)

# A real browser: Debian's chromium driven by Python playwright (no browser download).
test-browser: setup
	@command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium) \
		|| (echo "chromium chahiye: sudo apt-get install chromium" && exit 2)
	@command -v npm >/dev/null || (apt-get update -qq && apt-get install -y -qq npm) \
		|| (echo "npm chahiye (slides ki libraries ke liye): sudo apt-get install npm" && exit 2)
	$(PY) -m pip install --quiet playwright -e ".[book]"
	$(PY) -m pytest -m browser tests/browser -p no:xdist -q

# The built wheel in a fresh venv, learner notebooks run from an empty folder (a few minutes).
test-install: setup
	$(PY) -m pytest -m install tests/install -p no:xdist -q

# nbgrader's real round trip on notebook 02: generate, validate, autograde (installs nbgrader).
test-nbgrader: setup
	$(PY) -m pip install --quiet "nbgrader>=0.9"
	$(PY) -m pytest -m nbgrader tests/nbgrader -p no:xdist -q

# Reliability: the notebook suite RUNS times (default 10); hangs show up as cell timeouts.
soak: setup
	$(PY) -m transformer_course soak --runs $(or $(RUNS),10)

unit: setup
	$(PY) -m pytest -n $(WORKERS) tests

exercises: setup
	$(PY) -m transformer_course exercises $(if $(FORCE),--force) $(NB)

sync: setup
	$(PY) -m transformer_course sync $(NB)

execute: setup
	$(PY) -m transformer_course execute $(NB)

notebooks: sync execute exercises

bench: setup
	$(PY) -m transformer_course bench --repeat $(or $(REPEAT),1)

# Measurements too slow for a notebook (records in src/transformer_course/data/records/).
sweep: setup
	$(PY) -m transformer_course sweep $(NAME) $(if $(QUICK),--quick)

progress: setup
	$(PY) -m transformer_course progress $(or $(FOLDER),notebooks)

slides: setup
	$(PY) -m transformer_course slides --output slides

# The course as a static website from the stored outputs (docs/BOOK.md); installs the `book` extra.
book: setup
	$(PY) -m pip install --quiet -e ".[book]"
	$(PY) -m transformer_course book --output $(or $(OUTPUT),build/book)

hub-link: setup
	@test -n "$(HUB)" || (echo "HUB=https://aapka-hub.example.org dijiye" && exit 2)
	@$(PY) -m transformer_course hub-link "$(HUB)" --folder $(or $(FOLDER),notebooks)

doctor: setup
	$(PY) -m transformer_course doctor

lint: setup
	$(VENV)/bin/ruff check src tests solutions/scripts

clean:
	rm -rf build dist src/*.egg-info .pytest_cache .ruff_cache .hypothesis
	find src tests -name __pycache__ -type d -prune -exec rm -rf {} +
