# The two commands: `make run` serves the demo council; `make test` runs the whole suite.
# Both set up everything they need first, on a fresh machine too.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app shopper
PORT ?= 5000
# pytest-xdist workers for `make test`: one per core; WORKERS=0 runs the suite in one process.
WORKERS ?= auto
HOST ?= 127.0.0.1

.PHONY: run test setup assets browser pdf-libraries lint check-postgres

run: setup
	@echo "== Creating or upgrading the database"
	$(FLASK) db upgrade
	@echo "== Loading the demo council (only into an empty database)"
	$(FLASK) shopper demo --if-empty
	@echo "== Serving Shopper on http://$(HOST):$(PORT) (Ctrl-C stops it)"
	$(FLASK) run --host $(HOST) --port $(PORT)

test: setup browser
	@echo "== Checking the code with ruff"
	$(BIN)/ruff check .
	@echo "== Checking the layers with import-linter"
	$(BIN)/lint-imports
	@echo "== Running the whole test suite ($(WORKERS) workers)"
	$(BIN)/pytest -n $(WORKERS)

setup: pdf-libraries $(VENV)/.installed assets

$(VENV)/.installed: pyproject.toml
	@echo "== Creating the Python virtual environment in $(VENV)"
	$(PYTHON) -m venv $(VENV)
	@echo "== Installing Shopper's Python packages (a minute or two on a fresh machine)"
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

node_modules/.package-lock.json: package.json package-lock.json
	@echo "== Installing GOV.UK Frontend and axe-core from npm"
	npm ci --no-audit --no-fund --loglevel=error

assets: node_modules/.package-lock.json $(VENV)/.installed
	@echo "== Compiling the CSS and JavaScript"
	$(BIN)/python -m shopper.assets

# Browser tests drive Debian's Chromium; Playwright cannot download its own browser here.
browser:
	@command -v chromium >/dev/null || { \
		echo "Installing Debian's chromium for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# WeasyPrint draws the PDF evidence pack with Pango; Debian has it, pip does not.
PDF_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core
pdf-libraries:
	@dpkg -s $(PDF_PACKAGES) >/dev/null 2>&1 || { \
		echo "Installing Debian's Pango and fonts for the PDF evidence pack"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(PDF_PACKAGES) >/dev/null; }
