# The two commands of the README: `make run` and `make test`. Both start from a fresh
# clone with nothing installed but python3 (and, for tests, PostgreSQL 15 and apt).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO_ENV := DEBUG=1
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install install-dev chromium demo check-deploy clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.cai-dat: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.cai-dat-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.cai-dat $@

install: $(VENV)/.cai-dat
install-dev: $(VENV)/.cai-dat-dev

## make run: demo server on http://127.0.0.1:8000 with the demo data and users (SQLite)
run: install
	$(DEMO_ENV) $(BIN)/python manage.py migrate --noinput
	$(DEMO_ENV) $(BIN)/python manage.py nap_du_lieu_demo
	@echo "Mở http://$(HOST):$(PORT) — tài khoản demo: xem README.md"
	$(DEMO_ENV) $(BIN)/python manage.py runserver $(HOST):$(PORT)

# Debian's Chromium for the browser tests (Playwright's own download cannot work offline).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Cài Chromium (apt)…"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

## make test: the whole suite on a throwaway PostgreSQL, browser tests included
test: install-dev chromium
	SECRET_KEY=chi-dung-cho-kiem-thu DEBUG=0 HTTPS=0 scripts/voi_postgres.sh scripts/chay_kiem_thu.sh $(TESTS)

clean:
	rm -rf $(VENV) staticfiles .coverage htmlcov .pytest_cache tests/e2e/artifacts
