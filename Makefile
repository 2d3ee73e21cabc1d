# Two commands: `make run` (set up + serve the demo) and `make test` (set up + run every test).
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run test test-only install install-test system-deps bench backup restore lint clean

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

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
