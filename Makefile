# Jaring: the README's two commands are `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_ENV := DJANGO_SETTINGS_MODULE=config.settings.dev
TEST_DB_URL ?= postgres://postgres@127.0.0.1:5432/test
export JARING_TEST_DATABASE_URL ?=

.PHONY: install demo test lint test-sqlite test-postgres bench clean messages

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	@mkdir -p var
	$(DEMO_ENV) $(BIN)/python manage.py migrate --noinput
	$(DEMO_ENV) $(BIN)/python manage.py load_reference_data
	$(DEMO_ENV) $(BIN)/python manage.py demo_data
	@echo "Pekerja latar (db_worker) dan server web di http://127.0.0.1:8000 (Ctrl+C untuk berhenti)"
	@$(DEMO_ENV) $(BIN)/python manage.py db_worker > var/worker.log 2>&1 & \
	  WORKER=$$!; trap "kill $$WORKER 2>/dev/null" EXIT INT TERM; \
	  $(DEMO_ENV) $(BIN)/python manage.py runserver 127.0.0.1:8000

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: lint test-sqlite test-postgres

test-sqlite: $(STAMP)
	@echo "== tests on SQLite =="
	JARING_TEST_DATABASE_URL= $(BIN)/python -m pytest -q

test-postgres: $(STAMP)
	@if $(BIN)/python scripts/db_ready.py "$(TEST_DB_URL)"; then \
	  echo "== tests on PostgreSQL =="; \
	  JARING_TEST_DATABASE_URL="$(TEST_DB_URL)" $(BIN)/python -m pytest -q; \
	elif [ "$$CI" = "true" ]; then \
	  echo "PostgreSQL at $(TEST_DB_URL) does not answer, and CI=true: failing."; exit 1; \
	else \
	  echo "PostgreSQL at $(TEST_DB_URL) does not answer: PostgreSQL tests skipped."; \
	fi

bench: $(STAMP)
	$(BIN)/python bench/run.py

messages: $(STAMP)
	$(BIN)/python manage.py makemessages -l en --ignore=.venv --ignore=var
	$(BIN)/python manage.py compilemessages --ignore=.venv

clean:
	rm -rf var/jaring.sqlite3 var/test-media staticfiles
