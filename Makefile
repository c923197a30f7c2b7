# The two commands of the README. Everything else is documented there.
# Python: PY if given, else the active virtualenv's, else the project virtualenv .venv, made on
# first use with the system's packages visible (so what is installed there is not fetched again;
# pip installs only into .venv, which is what Debian 12 / Ubuntu 24.04's system Python requires).
PYTHON ?= python3
VENV ?= .venv
ifdef VIRTUAL_ENV
PY ?= $(VIRTUAL_ENV)/bin/python
else
PY ?= $(VENV)/bin/python
endif
MAKE_VENV := $(filter $(VENV)/bin/python,$(PY))
WAREHOUSE ?= data/warehouse.duckdb
PORT ?= 8050
# Test processes side by side (pytest-xdist; each has its own warehouse, app and Chromium).
TEST_WORKERS ?= 2

.PHONY: run test

run: $(MAKE_VENV)  ## install, build the warehouse if absent, start the dashboard on http://127.0.0.1:$(PORT)
	$(PY) -m pip install -q -e .
	test -f $(WAREHOUSE) || $(PY) -m etl build --warehouse $(WAREHOUSE)
	$(PY) -m dashboard --warehouse $(WAREHOUSE) --port $(PORT)

test: $(MAKE_VENV)  ## install what the tests need and run the whole suite
	$(PY) -m pip install -q -e '.[test]'
	npm install --prefix tests/browser --no-audit --no-fund --loglevel=error
	$(PY) -m ruff check .
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile

# The system's pip serves the venv when there is one (seconds instead of ensurepip's ~10 s CPU).
$(VENV)/bin/python:
	$(PYTHON) -m venv --system-site-packages --without-pip $(VENV)
	$(VENV)/bin/python -m pip --version >/dev/null 2>&1 || $(VENV)/bin/python -m ensurepip -q
