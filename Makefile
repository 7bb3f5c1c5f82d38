# Two entry points for people: `make demo` and `make test`. Both set up .venv first.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test lint browser eval bench

$(BIN)/newssearcher: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

# Debian's Chromium for the browser tests (they skip with a reason when it is absent).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium not installed and not root: browser tests will be skipped" >&2; fi; }

demo: $(BIN)/newssearcher
	$(BIN)/newssearcher demo

test: $(BIN)/newssearcher browser
	$(BIN)/pytest

lint: $(BIN)/newssearcher
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
