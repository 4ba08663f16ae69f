# `make run`: set up a fresh machine and run the app with demo content.
# `make test`: the whole test suite.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
HOST ?= 127.0.0.1
PORT ?= 8000
WORKER_CONCURRENCY ?= 2
BIN := $(VENV)/bin
export PATH := $(abspath $(BIN)):$(PATH)

.PHONY: run test browser lint typecheck check bench bench-ingest bench-scorecard bench-report bench-drift clean help

help:
	@echo "make run    set up and run web, worker and beat with demo content (HOST=$(HOST) PORT=$(PORT))"
	@echo "make test   run the whole test suite (ARGS='tests/x.py -k name' for a subset)"
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

# Browser tests drive the system Chromium; install it from Debian when missing.
CHROMIUM ?= /usr/bin/chromium
browser:
	@if [ ! -x "$(CHROMIUM)" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Chromium for the browser tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "Browser tests need Chromium at $(CHROMIUM): install it (apt-get install chromium) or set CHROMIUM=path"; exit 1; \
	  fi; \
	fi

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
