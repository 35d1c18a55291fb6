# Prevent Hub. `make run` serves the demo; `make test` runs every test, browser tests included.
SHELL := /bin/bash
PYTHON ?= python3.12
VENV := .venv
PY := $(VENV)/bin/python
# Every target here runs on a developer's machine; production sets PREVENTHUB_ENVIRONMENT
# itself, and the settings refuse to start without it.
DEV := PREVENTHUB_ENVIRONMENT=development
DEMO := $(DEV) PREVENTHUB_DEMO=true
FRONTEND_SOURCES := $(shell find frontend -type f)

.PHONY: run serve worker test lint format bench-plans bench-cases help
.DEFAULT_GOAL := help

help:
	@echo "make run    install, migrate, load the demo and serve on http://127.0.0.1:8000"
	@echo "make worker run background tasks, such as the daily follow-up digest"
	@echo "make serve  production settings under gunicorn on PostgreSQL, with the worker (docs/deployment.md)"
	@echo "make test   the whole test suite, browser tests included"
	@echo "make lint   ruff, mypy and the migrations check"

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements/pip.txt

$(VENV)/.base-installed: requirements/base.txt | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements/base.txt
	touch $@

$(VENV)/.dev-installed: requirements/base.txt requirements/dev.txt | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes \
		-r requirements/base.txt -r requirements/dev.txt
	touch $@ $(VENV)/.base-installed

node_modules/.package-lock.json: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

static-build/app/app.css: node_modules/.package-lock.json $(FRONTEND_SOURCES)
	npm run --silent build

/usr/bin/chromium:
	@if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	$$SUDO apt-get install -y --no-install-recommends chromium \
		|| ($$SUDO apt-get update && $$SUDO apt-get install -y --no-install-recommends chromium)

run: $(VENV)/.base-installed static-build/app/app.css
	mkdir -p var
	$(DEV) $(PY) manage.py migrate --noinput
	$(DEMO) $(PY) manage.py load_demo
	# The task worker runs beside the server (it brings the dashboard's figures up to
	# date after each change) and stops with it.
	$(DEMO) $(PY) manage.py db_worker & worker=$$!; \
		trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		$(DEMO) DEBUG=false $(PY) manage.py runserver 127.0.0.1:8000 --insecure

# Production settings under gunicorn (deploy/gunicorn.conf.py) against PostgreSQL, after
# the deployment checks, collectstatic and migrate, with the task worker beside it, stopped
# with it. Needs PREVENTHUB_ENVIRONMENT=production and the production variables in the
# environment, or in the file PREVENTHUB_ENV_FILE names (deploy/preventhub.env.example);
# refuses, listing what is missing, without them. See docs/deployment.md.
serve: $(VENV)/.base-installed static-build/app/app.css
	PY=$(PY) deploy/serve.sh

# Runs the tasks queued in the database, such as the digest that
# `manage.py enqueue_follow_up_digest` queues each day.
worker: $(VENV)/.base-installed static-build/app/app.css
	mkdir -p var
	$(DEV) $(PY) manage.py migrate --noinput
	$(DEMO) $(PY) manage.py db_worker

test: $(VENV)/.dev-installed static-build/app/app.css /usr/bin/chromium
	$(PY) -m pytest -n auto --dist loadgroup -q

lint: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(DEV) $(VENV)/bin/mypy .
	$(DEV) $(PY) manage.py makemigrations --check --dry-run

format: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench-plans: $(VENV)/.dev-installed static-build/app/app.css
	$(DEV) $(PY) bench/plans.py

bench-cases: $(VENV)/.dev-installed static-build/app/app.css
	$(DEV) $(PY) bench/cases.py
