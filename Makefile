# Two entry points: `make demo` runs explorer on the bundled seeds, `make test` runs every test.
# `make check` is the quick loop: ruff and the tests not marked slow or browser, on two processes.
# Each creates .venv and installs what it needs on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test check lint browser spreadsheet clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The demo needs the package and the dashboard's charts, nothing of the tests.
$(VENV)/.demo: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dashboard]'
	touch $@

$(VENV)/.test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# The thread metrics make demo prints; `explorer stats seeds/` prints every column.
DEMO_FIELDS := thread,comments,top_level,replies_explicit,replies_inferred,max_depth,$\
authors_named,authors_inferred,anonymous_share,quotes_marked,quotes_unmarked,$\
repeated_passages,external_quotes,gini,structural_virality

demo: $(VENV)/.demo
	$(BIN)/explorer graph seeds/ -o out/
	@echo "Open out/index.html in a browser for the interactive graphs. Thread metrics:"
	$(BIN)/explorer stats seeds/ --fields $(DEMO_FIELDS)

# Debian's Chromium for the browser tests, installed when missing.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests" >&2; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; }

# LibreOffice Calc without its GUI, for the test that opens exported CSV as a spreadsheet.
spreadsheet:
	@command -v soffice >/dev/null 2>&1 || { \
	  echo "Installing Debian's libreoffice-calc-nogui for the spreadsheet test" >&2; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq libreoffice-calc-nogui >/dev/null; }

lint: $(VENV)/.test
	$(BIN)/ruff check explorer tests benchmarks examples

check: lint
	$(BIN)/python -m pytest -q -n 2 -m "not slow and not browser"

test: lint browser spreadsheet
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) out .pytest_cache .ruff_cache .hypothesis
