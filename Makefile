# The documented way in: `make run` serves the demo, `make test` runs the tests.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
export MITRA_DATA_DIR ?= $(CURDIR)/var

.PHONY: setup run test test-postgres lint fmt messages clean

$(BIN)/python:
	$(PY) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

# Compiled translations are built, not committed; Babel compiles them without GNU gettext.
mitra/locale/%/LC_MESSAGES/django.mo: mitra/locale/%/LC_MESSAGES/django.po $(VENV)/.installed
	$(BIN)/pybabel compile --statistics -D django -d mitra/locale -l $* 2>&1 | tail -1

setup: $(VENV)/.installed mitra/locale/id/LC_MESSAGES/django.mo mitra/locale/en/LC_MESSAGES/django.mo
	$(BIN)/mitra manage migrate --no-input -v 0

run: setup
	$(BIN)/mitra demo
	@echo "Open http://127.0.0.1:8000/ and log in as officer (or admin, focal, viewer)."
	$(BIN)/mitra serve --host 127.0.0.1 --port 8000

test: setup
	$(BIN)/pytest

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy mitra

fmt: $(VENV)/.installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Refresh the catalogues after changing user-facing text (needs GNU gettext's xgettext).
messages: $(VENV)/.installed
	cd mitra && ../$(BIN)/mitra manage makemessages -l id -l en --no-location --no-obsolete

clean:
	rm -rf $(VENV) var
