# The README's commands: `make install`, `make serve` and `make test` (each sets up .venv on first use), `make fmt`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: install serve test test-here lint fmt bench clean

$(STAMP): requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

# Only the set-up (.venv with requirements-dev.txt); the other targets do it on first use too.
install: $(STAMP)

serve: $(STAMP)
	$(PY) -m connector serve

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m connector lint

# The whole suite on every supported Python installed here (noxfile.py), the worker tier included.
test: lint
	$(PY) -m nox

# The whole suite on .venv's Python only: quicker while working.
test-here: lint
	$(PY) -m pytest

# Formats the code as the pre-commit hook does (.pre-commit-config.yaml).
fmt: $(STAMP)
	$(PY) -m ruff format .

# Measured speed (about ten minutes); writes benchmarks/results/latest.md, .json and the charts.
bench: $(STAMP)
	$(PY) -m benchmarks

clean:
	rm -rf $(VENV)
