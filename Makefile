# The two commands of the README. Everything else is documented there.
PY ?= python3
WAREHOUSE ?= data/warehouse.duckdb
PORT ?= 8050

.PHONY: run test

run:  ## install, build the warehouse if absent, start the dashboard on http://127.0.0.1:$(PORT)
	$(PY) -m pip install -q -e .
	test -f $(WAREHOUSE) || $(PY) -m etl build --warehouse $(WAREHOUSE)
	$(PY) -m dashboard --warehouse $(WAREHOUSE) --port $(PORT)

test:  ## install what the tests need and run the whole suite
	$(PY) -m pip install -q -e '.[test]'
	npm install --prefix tests/browser --no-audit --no-fund --loglevel=error
	$(PY) -m ruff check .
	$(PY) -m pytest
