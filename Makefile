# Every target sets itself up: a fresh clone needs only python3, pip and make.
PYTHON ?= python3
# Another Python gets a venv of its own (see test-python), so .venv stays.
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 5000
PAGE_PORT ?= 5001

.PHONY: test lint typecheck pytest docs docs-serve demo clean browser-model test-python pytest-python

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=25.1"
	$(BIN)/python -m pip install --quiet --group dev -e .
	touch $(STAMP)

## test: every check: lint, format, strict typing, the whole test suite, the docs.
test: lint typecheck pytest docs

lint: $(STAMP)
	$(BIN)/ruff check src tests typings examples benchmarks fuzz soak reference
	$(BIN)/ruff format --check src tests typings examples benchmarks fuzz soak reference

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	$(BIN)/pytest

# Material for MkDocs prints a banner about MkDocs 2.0 on every build;
# NO_MKDOCS_2_WARNING turns it off.
MKDOCS := NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs
# The Griffe extension that mkdocs.yml loads is code too.
DOCS_CODE := docs/_griffe

## docs: the documentation site, built strictly into site/: a broken link or
## anchor, a missing snippet or a stale API reference fails it. The examples it
## shows are run by tests/test_docs_examples.py (in `make pytest`).
docs: $(STAMP)
	$(BIN)/ruff check $(DOCS_CODE)
	$(BIN)/ruff format --check $(DOCS_CODE)
	$(BIN)/mypy $(DOCS_CODE)
	$(MKDOCS) build --strict
	@! grep -rlE ':(attr|class|data|exc|func|meth|mod|obj):' site/reference \
		|| { echo "Sphinx roles left in the API reference (see $(DOCS_CODE))"; exit 1; }

## docs-serve: the documentation site on http://127.0.0.1:8000, rebuilt on every change.
docs-serve: $(STAMP)
	$(MKDOCS) serve --strict

# The demo needs only the package and the demo group, not the dev group's
# test, docs and benchmark tools: a venv of a few tens of MB, not hundreds.
DEMO_STAMP := $(VENV)/.demo-installed

$(DEMO_STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=25.1"
	$(BIN)/python -m pip install --quiet --group demo -e .
	touch $(DEMO_STAMP)

## demo: the example API on http://127.0.0.1:$(PORT) and, on another origin, a page
## (http://localhost:$(PAGE_PORT)) showing which calls the browser allows.
demo: $(DEMO_STAMP)
	PORT=$(PORT) PAGE_PORT=$(PAGE_PORT) $(BIN)/python examples/demo.py

# The browser model against Chromium on MODEL_CASES generated fetches from
# MODEL_SEED, and MODEL_APPS generated Flask apps; `make test` runs 1000 and 250 from
# seed 17 (tests/browser/test_model_generated.py, test_model_generated_apps.py).
MODEL_CASES ?= 10000
MODEL_APPS ?= 2500
MODEL_SEED ?= 1

## browser-model: a long generated run of the browser model against headless
## Chromium (MODEL_CASES=10000 fetches and MODEL_APPS=2500 Flask apps from
## MODEL_SEED=1, about 5 minutes): no disagreement.
browser-model: $(STAMP)
	FLASK_CORS_REQUIRE_BROWSER=1 FLASK_CORS_MODEL_CASES=$(MODEL_CASES) \
		FLASK_CORS_MODEL_APPS=$(MODEL_APPS) FLASK_CORS_MODEL_SEED=$(MODEL_SEED) \
		$(BIN)/pytest -q -s -p no:cacheprovider tests/browser/test_model_generated.py \
		tests/browser/test_model_generated_apps.py

## test-python: on another Python (PYTHON=python3.10), in a venv of its own
## (.venv-3.10): the dev group installs, the docs build, and the core, Flask,
## differential and docs-example tests pass. `make test` covers the rest.
PYTHON_VERSION = $(shell $(PYTHON) -c 'import sys; print("%d.%d" % sys.version_info[:2])')
test-python:
	@test -n "$(PYTHON_VERSION)" || { echo "test-python: $(PYTHON) does not run"; exit 1; }
	$(MAKE) VENV=.venv-$(PYTHON_VERSION) PYTHON=$(PYTHON) docs pytest-python

# The tests that differ between Pythons (typing, the standard library's
# parsers, the docs' examples); browser, benchmark and soak runs do not.
pytest-python: $(STAMP)
	$(BIN)/pytest -q -p no:cacheprovider tests/core tests/flask tests/differential \
		tests/test_docs_examples.py tests/test_demo.py

## test-flask: on the oldest Flask the package supports (FLASK_SPEC, by default
## Flask 2.2 with the Werkzeug 2.2 it was released with: Flask 2.2's test client
## breaks on Werkzeug 3), in a venv of its own (.venv-flask2.2): the core,
## Flask, differential, docs-example and demo tests pass.
## FLASK_SPEC="flask==2.3.*" tries another.
.PHONY: test-flask
FLASK_SPEC ?= flask==2.2.* werkzeug==2.2.*
FLASK_VENV = .venv-$(shell printf '%s' '$(firstword $(FLASK_SPEC))' | sed -E 's/[^A-Za-z0-9.]//g; s/[.]+$$//')
# The stamp holds the spec it was installed for: another spec reinstalls.
FLASK_STAMP := $(FLASK_VENV)/.installed

test-flask:
	@if [ ! -f $(FLASK_STAMP) ] || [ pyproject.toml -nt $(FLASK_STAMP) ] \
		|| [ "$$(cat $(FLASK_STAMP))" != '$(FLASK_SPEC)' ]; then \
		set -ex; rm -rf $(FLASK_VENV); $(PYTHON) -m venv $(FLASK_VENV); \
		$(FLASK_VENV)/bin/python -m pip install --quiet --upgrade "pip>=25.1"; \
		$(FLASK_VENV)/bin/python -m pip install --quiet --group dev -e . $(foreach s,$(FLASK_SPEC),'$(s)'); \
		printf '%s' '$(FLASK_SPEC)' > $(FLASK_STAMP); \
	fi
	@$(FLASK_VENV)/bin/python -c 'from importlib.metadata import version as v; \
		print("test-flask: Flask", v("flask"), "and Werkzeug", v("werkzeug"))'
	$(FLASK_VENV)/bin/pytest -q -p no:cacheprovider tests/core tests/flask tests/differential \
		tests/test_docs_examples.py tests/test_demo.py

clean:
	rm -rf $(VENV) .venv-* .mypy_cache .pytest_cache .ruff_cache site

# Benchmarks: not part of `make test`. They need the bench dependency group
# (gunicorn, matplotlib), and wrk from Debian for the server run.
BENCH_STAMP := $(VENV)/.bench-installed

$(BENCH_STAMP): $(STAMP) pyproject.toml
	$(BIN)/python -m pip install --quiet --group bench
	touch $(BENCH_STAMP)

.PHONY: bench bench-server wrk

# wrk comes from Debian; installed here only when missing and run as root.
wrk:
	@command -v wrk >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 \
		&& apt-get update -qq && apt-get install -y -qq wrk >/dev/null; } \
		|| echo "wrk is not installed: the server benchmark will be skipped"

## bench: every benchmark against flask-cors 6.0.5 (a few minutes); rewrites
## the results in docs/benchmarks.md and docs/benchmarks-overhead.png.
bench: $(BENCH_STAMP) wrk
	$(BIN)/python -m benchmarks.report

## bench-server: only gunicorn + wrk on loopback, bare vs flask-cors vs ours.
bench-server: $(BENCH_STAMP) wrk
	$(BIN)/python -m benchmarks.server

.PHONY: bench-hostile fuzz soak

## bench-hostile: the worst hostile requests found, each against a normal preflight.
bench-hostile: $(STAMP)
	$(BIN)/python -m benchmarks.hostile

# Fuzzing and soak: not part of `make test` (which runs a short fuzz run in
# tests/hostile). See docs/security.md, "Fuzzing and soak".
FUZZ_SECONDS ?= 300
FUZZ_SEED ?= 1

## fuzz: every fuzz target under atheris, FUZZ_SECONDS (300) split between them,
## from FUZZ_SEED (1); corpora and failing inputs kept in ~/.cache/flask-cors-fuzz.
fuzz: $(STAMP)
	$(BIN)/python -m fuzz all --seconds $(FUZZ_SECONDS) --seed $(FUZZ_SEED)

SOAK_STAMP := $(VENV)/.soak-installed
SOAK_SECONDS ?= 60

$(SOAK_STAMP): $(STAMP) pyproject.toml
	$(BIN)/python -m pip install --quiet --group soak
	touch $(SOAK_STAMP)

## soak: gunicorn (gthread) on 127.0.0.1 under a mixed, partly hostile load for
## SOAK_SECONDS (60) after a 10 s warm-up: no 5xx, every response checked,
## worker memory flat.
soak: $(SOAK_STAMP)
	$(BIN)/python -m soak --seconds $(SOAK_SECONDS)
