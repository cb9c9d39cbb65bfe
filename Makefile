# make run   — set up what is missing, then serve the dashboard on http://127.0.0.1:8765
# make test  — set up what is missing, then run every test (browser tests included)
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8765
# Python 3.12 (Mesa >= 3.4 needs it): pyenv reads .python-version; else a python3.12 on PATH.
PYTHON312 := $(shell (pyenv which python3 2>/dev/null | grep -q 3.12 && pyenv which python3) || command -v python3.12 || echo python3)
STAMP := $(VENV)/.installed
ASSETS := $(VENV)/share/solara/cdn/.complete

export SOLARA_TELEMETRY_MIXPANEL_ENABLE := False
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run test venv assets browser bench lint clean

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON312) -c 'import sys; assert sys.version_info[:2] >= (3, 12), "Python 3.12 is needed (see .python-version)"'
	test -x $(PY) || $(PYTHON312) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -c constraints.txt -e '.[test]'
	touch $(STAMP)

venv: $(STAMP)

$(ASSETS): scripts/offline_assets.sh | $(STAMP)
	bash scripts/offline_assets.sh $(VENV)

assets: $(ASSETS)

browser:
	@command -v chromium >/dev/null || test -x /usr/bin/chromium || bash scripts/install_chromium.sh

run: venv assets
	$(PY) -m dashboard --host $(HOST) --port $(PORT)

test: venv assets browser
	$(VENV)/bin/pytest -q

bench: venv assets browser
	$(PY) benchmarks/bench_model.py

lint: venv
	$(VENV)/bin/ruff check .

clean:
	rm -rf $(VENV) .pytest_cache
