# Two commands: `make run` (set up + serve the demo) and `make test` (set up + run every test).
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run test test-only install install-test system-deps bench backup restore lint clean lock audit-deps

# Dependencies come from the lock files (exact versions with hashes, made by `make lock`);
# the project itself is then installed editable on top, without resolving anything again.
LOCK      := requirements.lock
TEST_LOCK := requirements-test.lock
LOCK_FLAGS := --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url \
	--no-emit-find-links $(if $(UPGRADE),--upgrade,)
AUDIT_SERVICE ?= pypi

$(VENV)/.installed: pyproject.toml $(LOCK)
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r $(LOCK)
	$(PY) -m pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml $(TEST_LOCK)
	$(PY) -m pip install --quiet --require-hashes -r $(TEST_LOCK)
	$(PY) -m pip install --quiet --no-deps -e ".[test]"
	touch $@

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
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	@echo ""
	@echo "  Open http://$(HOST):$(PORT)/ and sign in with the demo login above."
	@echo "  (For a tablet on the clinic network: make run HOST=0.0.0.0)"
	@echo ""
	$(PY) manage.py runserver $(HOST):$(PORT)

system-deps:
	bash scripts/system-deps.sh

test: install-test system-deps
	$(PY) -m pytest $(PYTEST_ARGS)

# Run the suite without the set-up steps (used by .ci/run for the PostgreSQL pass).
test-only:
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/bandit -q -c pyproject.toml -r clinic exam reports

bench: install-test system-deps
	$(PY) scripts/bench.py

backup: install
	$(PY) manage.py backup_db $(if $(OUT),--output $(OUT),)

restore: install
	@test -n "$(IN)" || { echo "usage: make restore IN=var/backups/FILE"; exit 2; }
	$(PY) manage.py restore_db $(IN)

clean:
	rm -rf $(VENV) staticfiles test-artifacts
