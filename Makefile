# Two commands do all the set-up on a fresh machine (see README):
#   make run    create .venv, install, migrate, load demo data when the database is empty, start on :8501
#   make test   install test tools (Debian chromium included), ruff, then the whole suite on SQLite and PostgreSQL
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8501

.PHONY: run test install install-dev migrate demo lint i18n

# The person's languages (dossier/i18n.py): gettext catalogues under locale/, extracted from
# dossier/labels.py by Babel's own tools. `make i18n` after changing a French text of the person's:
# extract the template, merge it into each language's .po (new keys empty, changed ones fuzzy), compile.
BABEL := $(PY) -m babel.messages.frontend -q
LANGS := en ar
MO_FILES := $(foreach l,$(LANGS),locale/$(l)/LC_MESSAGES/messages.mo)

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

# Compiled catalogues (not in git): built by the set-up; without them the app compiles the .po in memory.
locale/%/LC_MESSAGES/messages.mo: locale/%/LC_MESSAGES/messages.po $(VENV)/.installed
	$(BABEL) compile -d locale -D messages -l $*

i18n: install
	$(BABEL) extract -F babel.cfg -o locale/messages.pot --project "Dossier unique d'insertion" \
	    --no-wrap --no-location -c "key:" .
	for l in $(LANGS); do $(BABEL) update -i locale/messages.pot -d locale -D messages -l $$l \
	    --no-wrap --ignore-obsolete --previous || exit 1; done
	$(BABEL) compile -d locale -D messages --statistics

migrate: install $(MO_FILES)
	$(PY) -m dossier migrate

demo: migrate
	$(PY) -m dossier seed-demo --if-empty

run: demo
	$(PY) -m streamlit run server.py --server.address localhost --server.port $(PORT)

lint: install-dev
	$(VENV)/bin/ruff check .

test: install-dev
	bash scripts/test.sh $(PYTEST_ARGS)
