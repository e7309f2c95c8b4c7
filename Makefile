# The learning-city dashboard. `make run` and `make test` work on a fresh machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8501

.PHONY: install install-dev fonts browser nginx run test lint bench bench-smoke clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

install: $(BIN)/python fonts  ## Python packages, and the map JS/CSS from the npm registry
	$(BIN)/pip install --quiet -r requirements.txt
	npm ci --no-audit --no-fund --ignore-scripts --silent
	$(BIN)/python -m dashboard.assets

install-dev: install browser nginx
	$(BIN)/pip install --quiet -r requirements-dev.txt

fonts:  ## Noto Sans (Vietnamese diacritics) embedded in exported maps, briefs and decks
	@test -f /usr/share/fonts/truetype/noto/NotoSans-Regular.ttf || { apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-core >/dev/null; }

browser:  ## Debian's Chromium for the browser tests (Playwright drives it; no browser download)
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-core >/dev/null; }

# RUNLEVEL=1 keeps invoke-rc.d from starting Debian's own nginx service (port 80) on install.
nginx:  ## Debian's nginx and its Brotli module for the two-replica test and bench (run in the foreground from a temp folder)
	@test -f /usr/lib/nginx/modules/ngx_http_brotli_static_module.so || { apt-get update -qq && \
	  RUNLEVEL=1 DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx \
	  libnginx-mod-http-brotli-static >/dev/null; }

run: install  ## start the dashboard on the embedded SQLite database (created on first start)
	$(BIN)/streamlit run streamlit_app.py --server.port $(PORT)

# Two workers, one test file each at a time (module fixtures such as a browser test's server
# stay in one worker); PostgreSQL databases are per test. `pytest tests/x.py` still runs serially.
test: install-dev  ## the whole suite, on SQLite and on PostgreSQL (127.0.0.1:5432)
	$(BIN)/python -m pytest -n 2 --dist loadfile

LINTED := dashboard geo pages tests bench deploy streamlit_app.py

lint: install-dev  ## ruff (lint + format check) and mypy, as CI runs them
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)
	$(BIN)/mypy dashboard geo pages bench deploy streamlit_app.py

bench: install-dev  ## builder table, page table (per page run, before/after), load table (websocket viewers), browser table; fails at the end if a target is missed
	@rc=0; \
	$(BIN)/python -m bench || rc=1; \
	$(BIN)/python -m bench.pages --compare bench/results/pages_before.json || rc=1; \
	$(BIN)/python -m bench.load || rc=1; \
	$(BIN)/python -m bench.browser || rc=1; \
	exit $$rc

bench-smoke: install-dev  ## 10 viewers at once on ours and the floor: fails on failed viewers or exceptions, never on time
	$(BIN)/python -m bench.load --smoke

clean:
	rm -rf local static/vendor node_modules
