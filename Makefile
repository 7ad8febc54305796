# Two commands on a fresh machine: `make run` serves the site, `make test` runs every check.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# The PostgreSQL pass of the tests; pytest-django creates and drops test_<name> itself.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/whatworked
REDIS_URL ?= redis://127.0.0.1:6379/0

.PHONY: install run serve setup test test-sqlite test-postgres lint format messages bench

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

install: $(VENV)/.installed

setup: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_catalog
	$(PY) manage.py load_questionnaires
	$(PY) manage.py generate_demo_reports --count 20000 --seed 1 --if-empty
	$(PY) manage.py aggregate

run: setup
	$(PY) manage.py runserver $(HOST):$(PORT)

# Production on one machine, from the environment (README, "Production"): migrate,
# collectstatic, then gunicorn, a Celery worker and beat until Ctrl-C or SIGTERM.
serve: install
	exec $(PY) -m config.serve

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

test: lint test-sqlite test-postgres

test-sqlite: install
	DATABASE_URL= $(PY) -m pytest

test-postgres: install
	@if $(PY) -m tests.services postgres "$(TEST_DATABASE_URL)"; then \
		echo "== PostgreSQL pass ($(TEST_DATABASE_URL))"; \
		DATABASE_URL="$(TEST_DATABASE_URL)" REDIS_URL="$(REDIS_URL)" $(PY) -m pytest; \
	elif [ "$(REQUIRE_SERVICES)" = "1" ]; then \
		echo "PostgreSQL is unreachable at $(TEST_DATABASE_URL) and REQUIRE_SERVICES=1"; exit 1; \
	else \
		echo "SKIPPED: the PostgreSQL pass (no server at $(TEST_DATABASE_URL)); set REQUIRE_SERVICES=1 to fail instead"; \
	fi

format: install
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

bench: install
	$(PY) -m benchmarks.submissions
	$(PY) -m benchmarks.aggregation
	$(PY) -m benchmarks.pages
	$(PY) -m benchmarks.circles
	$(PY) -m benchmarks.startup
	$(PY) -m benchmarks.load

messages: install
	$(PY) manage.py makemessages --all --no-location --ignore=.venv --ignore=staticfiles
	$(PY) manage.py compilemessages --ignore=.venv
