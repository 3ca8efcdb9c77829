# The README's two commands: `make serve` and `make test`. Both set up .venv on first use.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: serve test test-here lint bench clean

$(STAMP): requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

serve: $(STAMP)
	$(PY) -m connector serve

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m connector lint

# The whole suite on every supported Python installed here (noxfile.py), the worker tier included.
test: lint
	$(PY) -m nox

# The whole suite on .venv's Python only: quicker while working.
test-here: lint
	$(PY) -m pytest

# Measured speed (a few minutes); writes benchmarks/results/latest.md and .json.
bench: $(STAMP)
	$(PY) -m benchmarks

clean:
	rm -rf $(VENV)
