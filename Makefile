# Two commands for a fresh machine with Python 3.11: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1:8000

.PHONY: run test venv lint check clean-venv worker beat bench bench-small

$(VENV)/.installed: requirements.txt
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "需要 Python 3.11 ($(PYTHON)); set PYTHON=..."; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

venv: $(VENV)/.installed

run: venv
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo --if-empty
	@echo "Open http://$(HOST)/ — demo logins above (password demo-pass-2026, demo only)."
	$(PY) manage.py runserver $(HOST)

# The suite runs on two processes (pytest-xdist), one test file per process at a time, so that the tests that
# start a Celery worker or their own redis-server never share them; TEST_WORKERS=0 runs it in one process.
TEST_WORKERS ?= 2
test: venv
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile --durations=20

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

check: venv
	$(PY) manage.py makemigrations --check --dry-run

worker: venv
	$(VENV)/bin/celery -A pension worker -l info

beat: venv
	$(VENV)/bin/celery -A pension beat -l info

# Build the county (500,000 residents, ~2,000,000 contributions, pensions) into its own database (BENCH_DB, default
# pension_bench) and run every benchmark under bench/; one table of figure, target, measured, floor, ratio.
# `make bench BENCH_ARGS=--no-build` runs them on the county as it is (pension_bench once .pension_bench_ready exists).
bench: venv
	$(PY) bench/run_all.py $(BENCH_ARGS)

# The same at a few thousand residents (CI runs it so that no benchmark rots unnoticed).
bench-small: venv
	$(PY) bench/run_all.py --small $(BENCH_ARGS)
