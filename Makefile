# Two commands: `make run` (set up + serve the demo) and `make test` (set up + run every test).
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
HOST   ?= 127.0.0.1
PORT   ?= 8000
# pip's output goes to a log, shown only when the install fails.
PIP_LOG = >$(VENV)/pip.log 2>&1 || { cat $(VENV)/pip.log; exit 1; }

.PHONY: run test test-only install install-test system-deps bench backup restore lint \
	wheel-check clean

$(VENV)/.installed: pyproject.toml
	@echo "==> Installing the app's Python packages into $(VENV) (first time: about 30 s)"
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install --quiet --upgrade pip $(PIP_LOG)
	@$(PY) -m pip install --quiet -e . $(PIP_LOG)
	@touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	@echo "==> Installing the test and lint tools into $(VENV)"
	@$(PY) -m pip install --quiet -e ".[test]" $(PIP_LOG)
	@touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

run: install
	@mkdir -p var
	@echo "==> Preparing the database var/db.sqlite3 (migrate)"
	@$(PY) manage.py migrate --noinput -v 0
	@echo "==> Adding the demo clinic, login and synthetic patients (seed_demo)"
	@$(PY) manage.py seed_demo > var/demo-login.txt
	@echo "==> Starting the development server"
	@echo ""
	@echo "  Open http://$(HOST):$(PORT)/ in a browser (a tablet on the clinic network: make run HOST=0.0.0.0)"
	@sed 's/^/  /' var/demo-login.txt
	@echo "  Stop the server with Ctrl+C."
	@echo ""
	@$(PY) manage.py runserver --skip-checks $(HOST):$(PORT)

system-deps:
	bash scripts/system-deps.sh

# Lint first (seconds), then the suite (minutes).
test: lint system-deps
	$(PY) -m pytest $(PYTEST_ARGS)

# Run the suite without the set-up steps (used by .ci/run for the PostgreSQL pass).
test-only:
	$(PY) -m pytest $(PYTEST_ARGS)

# The checks of .pre-commit-config.yaml, plus mypy, on the whole tree (README: "Linters").
TEMPLATES = $(shell find templates -name '*.html')
lint: install-test
	@echo "==> Lint: ruff check, ruff format --check, djade --check, mypy"
	@$(VENV)/bin/ruff check --quiet .
	@$(VENV)/bin/ruff format --check --quiet .
	@$(VENV)/bin/djade --check $(TEMPLATES) >/dev/null 2>&1 || $(VENV)/bin/djade --check $(TEMPLATES)
	@$(VENV)/bin/mypy

bench: install-test system-deps
	$(PY) scripts/bench.py

# Build the wheel, install it into a clean virtualenv outside the checkout, check --deploy and
# serve /login/ with its stylesheet from the installed package (about 30 s; CI runs it too).
wheel-check: install
	PYTHON=$(PYTHON) BUILD_PYTHON=$(PY) bash scripts/wheel-check.sh

backup: install
	$(PY) manage.py backup_db $(if $(OUT),--output $(OUT),)

restore: install
	@test -n "$(IN)" || { echo "usage: make restore IN=var/backups/FILE"; exit 2; }
	$(PY) manage.py restore_db $(IN)

clean:
	rm -rf $(VENV) staticfiles test-artifacts
