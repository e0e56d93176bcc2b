# Transformers Intuition (Hinglish): the Linux/macOS face of the course's commands.
# Windows/Anaconda: see README ("Bina make ke").

PYTHON  ?= python3
VENV    ?= .venv
TORCH   ?= torch==2.13.0
HOST    ?= 127.0.0.1
PORT    ?= 8888
WORKERS ?= 2
PY      := $(VENV)/bin/python
KERNEL  := transformer-course
# The stamp names the torch spec, so `make setup TORCH=...` reinstalls when it changes.
STAMP   := $(VENV)/.installed-$(shell printf '%s' '$(TORCH)' | cksum | cut -d' ' -f1)

.PHONY: help setup lab test unit exercises sync execute notebooks doctor lint clean bench

help:
	@echo "make lab        - setup (agar zaroori) aur JupyterLab kholein (localhost, token ke saath)"
	@echo "make test       - setup (agar zaroori), unit tests + har notebook nbval se"
	@echo "make doctor     - environment check (OK/FAIL har cheez ke liye)"
	@echo "make exercises  - solutions se learner notebooks banayein (FORCE=1: learner ke badlaav bhi overwrite)"
	@echo "make sync       - solutions/scripts/*.py -> solutions/*.ipynb (jupytext)"
	@echo "make notebooks  - sync + solutions execute + exercises (authors ke liye)"
	@echo "make bench      - har solution notebook ka time + peak memory (REPEAT=3 se median)"
	@echo "make lint       - ruff"
	@echo "make clean      - caches hatayein (notebooks ko kabhi nahi chhoota)"

setup: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet "$(TORCH)"
	$(PY) -m pip install --quiet -e ".[dev]"
	$(PY) -m ipykernel install --user --name $(KERNEL) --display-name "Transformer Course (Hinglish)"
	rm -f $(VENV)/.installed-*
	touch $@

lab: setup
	$(VENV)/bin/jupyter lab --ServerApp.ip=$(HOST) --ServerApp.port=$(PORT) \
		--ServerApp.root_dir=. notebooks/00_shuru_karein.ipynb

test: setup
	$(PY) -m pytest -n $(WORKERS) --dist loadfile tests notebooks solutions \
		--nbval-lax --nbval-current-env

unit: setup
	$(PY) -m pytest -n $(WORKERS) tests

exercises: setup
	$(PY) -m transformer_course exercises $(if $(FORCE),--force)

sync: setup
	$(PY) -m transformer_course sync

execute: setup
	$(PY) -m transformer_course execute $(NB)

notebooks: sync execute exercises

bench: setup
	$(PY) -m transformer_course bench --repeat $(or $(REPEAT),1)

doctor: setup
	$(PY) -m transformer_course doctor

lint: setup
	$(VENV)/bin/ruff check src tests solutions/scripts

clean:
	rm -rf build dist src/*.egg-info .pytest_cache .ruff_cache .hypothesis
	find src tests -name __pycache__ -type d -prune -exec rm -rf {} +
