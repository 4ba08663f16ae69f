# `make run`: set up a fresh machine and run the app with demo content.
# `make test`: the whole test suite.
# `make test-dates`: the time-sensitive tests again at awkward calendar positions.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
HOST ?= 127.0.0.1
PORT ?= 8000
WORKER_CONCURRENCY ?= 2
BIN := $(VENV)/bin
export PATH := $(abspath $(BIN)):$(PATH)

.PHONY: run test test-dates faketime browser lint typecheck check bench bench-ingest bench-scorecard bench-report bench-drift clean help

help:
	@echo "make run    set up and run web, worker and beat with demo content (HOST=$(HOST) PORT=$(PORT))"
	@echo "make test   run the whole test suite (ARGS='tests/x.py -k name' for a subset)"
	@echo "make test-dates  the dated tests at each of TEST_DATES, by TEST_NOW and by libfaketime"
	@echo "make check  lint and type-check"
	@echo "make bench  every benchmark beside its peer (bench-ingest, bench-scorecard, bench-report, bench-drift)"

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/activate
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/activate
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

run: export DEBUG ?= true
run: export TELEMETRY_BASE_URL ?= http://$(HOST):$(PORT)
run: $(VENV)/.runtime
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo --url "http://$(HOST):$(PORT)/"
	$(BIN)/python manage.py run_all --host "$(HOST)" --port "$(PORT)" --concurrency "$(WORKER_CONCURRENCY)"

test: $(VENV)/.dev browser
	$(BIN)/pytest $(ARGS)

# A program the tests need from Debian: (path, package, who needs it). Installed when
# missing and we are root; otherwise, or when the install fails, a clear failure.
define debian_program
	@if [ ! -x "$(1)" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing $(2) for $(3)"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(2) >/dev/null; \
	  else \
	    echo "Missing $(1), which $(3) need: install it (apt-get install $(2)) or set its path"; exit 1; \
	  fi; \
	fi
	@test -x "$(1)" || { echo "$(2) did not install at $(1)"; exit 1; }
endef

# Browser tests drive the system Chromium (CHROMIUM=path to use another).
CHROMIUM ?= /usr/bin/chromium
browser:
	$(call debian_program,$(CHROMIUM),chromium,the browser tests)

# The tests marked `dated` at each date below: a Monday 00:00 and a Sunday 23:59
# (ISO weeks, here also a year that has a week 53), the day after a short
# February and a leap day. Each date twice: once as the site's clock (TEST_NOW),
# once as the process's real clock moved by libfaketime while the site's clock
# stays pinned, so code that still reads the real clock sees another day and
# fails. Only pytest runs under faketime; the database server keeps its own clock,
# which is why no query may ask the database for the time.
TEST_DATES ?= 2027-01-04T00:00:00Z 2027-01-03T23:59:00Z 2027-03-01T00:00:00Z 2028-02-29T00:00:00Z
FAKETIME ?= /usr/bin/faketime
test-dates: $(VENV)/.dev faketime
	@set -e; for at in $(TEST_DATES); do \
	  echo "dated tests, the site's clock at $$at"; \
	  TEST_NOW=$$at $(BIN)/pytest -q -m dated $(ARGS); \
	  echo "dated tests, the real clock at $$at (libfaketime)"; \
	  env -u TEST_NOW TZ=UTC FAKETIME_DONT_FAKE_MONOTONIC=1 \
	    $(FAKETIME) -f "@$$(echo $$at | sed 's/T/ /; s/Z$$//')" $(BIN)/pytest -q -m dated $(ARGS); \
	done

# Debian's libfaketime (FAKETIME=path to use another).
faketime:
	$(call debian_program,$(FAKETIME),faketime,the dated tests)

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(VENV)/.dev
	$(BIN)/mypy

check: lint typecheck

# Benchmarks (see bench/README.md): each prints our figures beside its peer's.
# They need a local PostgreSQL and create and drop databases of their own.
bench: bench-ingest bench-scorecard bench-report bench-drift

# Telemetry ingestion beside MLflow's tracking server.
bench-ingest: $(VENV)/.dev
	$(BIN)/python bench/ingest.py $(ARGS)

# Scorecard (evidence rules and scoring) for a team with 1,000,000 events.
bench-scorecard: $(VENV)/.dev
	$(BIN)/python bench/scorecard.py $(ARGS)

# Team report page render time with a year of telemetry.
bench-report: $(VENV)/.dev
	$(BIN)/python bench/report.py $(ARGS)

# Drift detection beside Evidently's DataDriftPreset at 10k, 100k and 1M rows.
bench-drift: $(VENV)/.dev
	$(BIN)/python bench/drift.py $(ARGS)

clean:
	rm -rf $(VENV)
