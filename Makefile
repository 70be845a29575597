# Two commands do all the set-up on a fresh machine (see README):
#   make run    create .venv, install, migrate, load demo data when the database is empty, start on :8501
#   make test   install test tools (Debian chromium included), ruff, then the whole suite on SQLite and PostgreSQL
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8501

.PHONY: run test install install-dev migrate demo lint

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

migrate: install
	$(PY) -m dossier migrate

demo: migrate
	$(PY) -m dossier seed-demo --if-empty

run: demo
	$(PY) -m streamlit run server.py --server.address localhost --server.port $(PORT)

lint: install-dev
	$(VENV)/bin/ruff check .

test: install-dev
	bash scripts/test.sh $(PYTEST_ARGS)
