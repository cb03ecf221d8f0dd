# revmech: `make run` to try it, `make test` to check it. See README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export REVMECH_DATA_DIR ?= $(CURDIR)/var
# `make run ADDR=0.0.0.0:8080` serves elsewhere; links in mail follow the address.
ADDR ?= 127.0.0.1:8000

.PHONY: run test lint audit bench messages browsers browser-tools clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

messages: $(STAMP)
	cd src/revmech && ../../$(BIN)/django-admin compilemessages --ignore=.venv >/dev/null

run: export REVMECH_MODE := development
run: export REVMECH_BASE_URL ?= http://$(ADDR)
run: export ALLOWED_HOSTS ?= $(firstword $(subst :, ,$(ADDR))),127.0.0.1,localhost
run: $(STAMP) messages
	mkdir -p var
	$(BIN)/revmech migrate --noinput
	$(BIN)/revmech load-reference
	$(BIN)/revmech demo
	@echo "Mail goes through the queue: the worker below prints it here (console mail)."
	$(BIN)/revmech worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/revmech serve $(ADDR)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

# axe-core, which the browser tests inject to check accessibility: from the npm registry into a
# git-ignored folder (never a CDN). The browser tests install it themselves when it is missing.
AXE_VERSION := 4.14.1
browser-tools:
	test -f .browser-tools/node_modules/axe-core/axe.min.js || npm install --no-audit --no-fund --prefix .browser-tools axe-core@$(AXE_VERSION)

# The installed dependencies against PyPI's advisories (pip-audit; docs/security.md, "Dependencies").
audit: $(STAMP)
	$(BIN)/python .ci/audit.py

# The suite runs on every core (pytest-xdist), one test file to a worker, each worker with its
# own test database; `make test PYTEST_WORKERS=0` runs it in one process.
PYTEST_WORKERS ?= auto
test: $(STAMP) messages lint browser-tools
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadfile

# The drawing of lots, then the load test of a deadline week on PostgreSQL (docs/performance.md).
bench: $(STAMP) messages
	$(BIN)/python -m revmech.rules.lots.bench
	$(BIN)/python -m revmech.site.loadbench

clean:
	rm -rf var .pytest_cache .mypy_cache
