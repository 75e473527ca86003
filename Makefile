# The documented way in: `make run` serves the demo, `make test` runs the tests.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
export MITRA_DATA_DIR ?= $(CURDIR)/var

.PHONY: setup system-packages run test test-postgres bench lint fmt messages vendor clean

$(BIN)/python:
	$(PY) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

# Compiled translations are built, not committed; Babel compiles them without GNU gettext.
mitra/locale/%/LC_MESSAGES/django.mo: mitra/locale/%/LC_MESSAGES/django.po $(VENV)/.installed
	$(BIN)/pybabel compile --statistics -D django -d mitra/locale -l $* 2>&1 | tail -1

setup: system-packages $(VENV)/.installed mitra/locale/id/LC_MESSAGES/django.mo mitra/locale/en/LC_MESSAGES/django.mo
	$(BIN)/mitra manage migrate --no-input -v 0

# WeasyPrint (country brief PDF) needs Pango; the PDF tests read pages back with poppler-utils.
# Installed with apt-get when missing and we are root; otherwise say what to install.
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core poppler-utils
system-packages:
	@if ldconfig -p | grep -q libpangoft2-1.0 && command -v pdftoppm >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(SYSTEM_PACKAGES) >/dev/null; \
	else echo "Please install: $(SYSTEM_PACKAGES) (Debian/Ubuntu package names)"; fi

# One background worker runs beside the web server (imports, daily run); Ctrl-C stops both.
PORT ?= 8000
run: setup
	$(BIN)/mitra demo
	@echo "Open http://127.0.0.1:$(PORT)/ and log in as officer (or admin, focal, viewer)."
	@$(BIN)/mitra worker & worker=$$!; \
	trap 'kill -TERM $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	$(BIN)/mitra serve --host 127.0.0.1 --port $(PORT)

test: setup
	$(BIN)/pytest

# The benchmark suite on synthetic data (SCALE=1 by default) in its own data directory.
SCALE ?= 1
BENCH_DIR ?= $(CURDIR)/var-bench-$(SCALE)
bench: setup
	@test -f $(BENCH_DIR)/.generated || (MITRA_DATA_DIR=$(BENCH_DIR) $(BIN)/mitra generate --scale $(SCALE) && touch $(BENCH_DIR)/.generated)
	MITRA_DATA_DIR=$(BENCH_DIR) $(BIN)/mitra bench --scale $(SCALE) --out bench-$(SCALE).json

# ruff (lint and format), mypy with django-stubs, and the layer contracts in pyproject.toml.
lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy mitra
	$(BIN)/lint-imports

fmt: $(VENV)/.installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Refresh the catalogues after changing user-facing text (needs GNU gettext's xgettext).
messages: $(VENV)/.installed
	cd mitra && ../$(BIN)/mitra manage makemessages -l id -l en --no-location --no-obsolete

# Re-fetch the pinned front-end packages into mitra/static/vendor/ (needs npm; result committed).
vendor:
	scripts/vendor.sh

clean:
	rm -rf $(VENV) var
