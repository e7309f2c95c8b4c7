# The learning-city dashboard. `make run` and `make test` work on a fresh machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8501

.PHONY: install install-dev fonts browser run test lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

install: $(BIN)/python fonts  ## Python packages, and the map JS/CSS from the npm registry
	$(BIN)/pip install --quiet -r requirements.txt
	npm ci --no-audit --no-fund --ignore-scripts --silent
	$(BIN)/python -m dashboard.assets

install-dev: install browser
	$(BIN)/pip install --quiet -r requirements-dev.txt

fonts:  ## Noto Sans (Vietnamese diacritics) embedded in exported maps, briefs and decks
	@test -f /usr/share/fonts/truetype/noto/NotoSans-Regular.ttf || { apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-core >/dev/null; }

browser:  ## Debian's Chromium for the browser tests (Playwright drives it; no browser download)
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-core >/dev/null; }

run: install  ## start the dashboard on the embedded SQLite database (created on first start)
	$(BIN)/streamlit run streamlit_app.py --server.port $(PORT)

test: install-dev  ## the whole suite, on SQLite and on PostgreSQL (127.0.0.1:5432)
	$(BIN)/python -m pytest

LINTED := dashboard geo pages tests bench streamlit_app.py

lint: install-dev  ## ruff (lint + format check) and mypy, as CI runs them
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)
	$(BIN)/mypy dashboard geo pages bench streamlit_app.py

bench: install-dev
	$(BIN)/python -m bench

clean:
	rm -rf local static/vendor node_modules
