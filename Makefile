# Two commands: `make run` (set up + serve the demo) and `make test` (set up + run every test).
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
HOST   ?= 127.0.0.1
PORT   ?= 8000
# pip's output goes to a log, shown only when the install fails.
PIP_LOG = >$(VENV)/pip.log 2>&1 || { cat $(VENV)/pip.log; exit 1; }

.PHONY: run test test-only install install-test system-deps bench backup restore lint \
	wheel-check clean lock audit-deps walkthrough

# Dependencies come from the lock files (exact versions with hashes, made by `make lock`);
# the project itself is then installed editable on top, without resolving anything again.
LOCK      := requirements.lock
TEST_LOCK := requirements-test.lock
LOCK_FLAGS := --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url \
	--no-emit-find-links $(if $(UPGRADE),--upgrade,)
AUDIT_SERVICE ?= pypi

$(VENV)/.installed: pyproject.toml $(LOCK)
	@echo "==> Installing the app's Python packages into $(VENV) (first time: about 30 s)"
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install --quiet --upgrade pip $(PIP_LOG)
	@$(PY) -m pip install --quiet --require-hashes -r $(LOCK) $(PIP_LOG)
	@$(PY) -m pip install --quiet --no-deps -e . $(PIP_LOG)
	@touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml $(TEST_LOCK)
	@echo "==> Installing the test and lint tools into $(VENV)"
	@$(PY) -m pip install --quiet --require-hashes -r $(TEST_LOCK) $(PIP_LOG)
	@$(PY) -m pip install --quiet --no-deps -e ".[test]" $(PIP_LOG)
	@touch $@

# After changing dependencies in pyproject.toml: regenerate both lock files (existing pins are
# kept; `make lock UPGRADE=1` moves everything to the newest allowed versions).
lock:
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet "pip-tools>=7.4,<8"
	$(PY) -m piptools compile $(LOCK_FLAGS) --output-file $(LOCK) pyproject.toml
	$(PY) -m piptools compile $(LOCK_FLAGS) --extra test --output-file $(TEST_LOCK) pyproject.toml

# Known vulnerabilities in every locked package (PyPI's advisory data; AUDIT_SERVICE=osv for
# OSV). --strict: a package the service cannot look up is a failure, never a silent pass.
audit-deps: install
	$(PY) -m pip install --quiet "pip-audit>=2.7,<3"
	@$(VENV)/bin/pip-audit --strict --disable-pip --require-hashes --progress-spinner off \
		--vulnerability-service $(AUDIT_SERVICE) -r $(TEST_LOCK) || { \
		echo "make audit-deps FAILED: a locked package has a known vulnerability, or the" >&2; \
		echo "vulnerability service ($(AUDIT_SERVICE)) could not be reached or could not look a" >&2; \
		echo "package up, so nothing was checked. See pip-audit's message above." >&2; exit 1; }

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

run: install
	@mkdir -p -m 700 var
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

# Issue #12's reference case entered by tapping in Chromium (touch, 810x1080): taps, keystrokes,
# screens scrolled per step; screenshots in test-artifacts/walkthrough/; table in BENCHMARKS.md.
walkthrough: install-test system-deps
	$(PY) scripts/walkthrough.py $(if $(PORT_WALK),--port $(PORT_WALK),)

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
