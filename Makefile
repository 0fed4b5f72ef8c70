# WPQ: `make run` builds everything and serves the demo council (web and background worker); `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
HOST ?= 127.0.0.1
GOVUK := node_modules/govuk-frontend/dist/govuk
ASSETS := workforce/kernel/static/govuk

OIDC_PROVIDER := tests/oidc/node_modules/.package-lock.json

.PHONY: run test install assets oidc-provider lint test-postgres test-browser bench bench-working-day clean

run: install assets
	$(BIN)/wpq db upgrade
	$(BIN)/wpq demo load --if-empty
	@echo
	@$(BIN)/wpq demo credentials --url http://$(HOST):$(PORT)
	@echo
	$(BIN)/wpq serve --bind $(HOST):$(PORT) --workers 2 --threads 4

test: install assets oidc-provider
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/pytest -n auto

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

ENGINES := tests/browser/engines

assets: $(ASSETS)/.installed $(ENGINES)/node_modules/.installed

# The second accessibility engine for the browser tests (IBM Equal Access), pinned apart from the app's assets.
$(ENGINES)/node_modules/.installed: $(ENGINES)/package.json $(ENGINES)/package-lock.json
	npm ci --prefix $(ENGINES) --no-audit --no-fund --loglevel=error
	touch $@

$(ASSETS)/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	rm -rf $(ASSETS)
	mkdir -p $(ASSETS)
	cp $(GOVUK)/govuk-frontend.min.css $(GOVUK)/govuk-frontend.min.js $(ASSETS)/
	cp -R $(GOVUK)/assets $(ASSETS)/assets
	touch $@

# The real OpenID Connect provider (npm oidc-provider) the council sign-in tests start.
oidc-provider: $(OIDC_PROVIDER)

$(OIDC_PROVIDER): tests/oidc/package.json tests/oidc/package-lock.json
	cd tests/oidc && npm ci --no-audit --no-fund --loglevel=error
	touch $@

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

bench: install assets
	$(BIN)/python -m bench --database $(or $(BENCH_DATABASE),both)

# The working-day page run alone, on a database loaded with `wpq demo load --size large` (PostgreSQL).
bench-working-day: install assets
	$(BIN)/python -m bench.working_day $(DATABASE_URL)
	$(BIN)/python -m bench --report-only

clean:
	rm -rf $(VENV) node_modules $(ENGINES)/node_modules tests/oidc/node_modules $(ASSETS) .pytest_cache .ruff_cache
