# The two set-up commands of the README: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint messages bench clean

# The virtualenv is rebuilt whenever a requirements file changes.
$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

run: $(VENV)/.installed
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(PY) manage.py runserver $(HOST):$(PORT)

# The tests run in PYTEST_WORKERS processes (pytest-xdist), each with its own test database,
# live server and, with a broker, its own Celery worker and Redis database. PYTEST_WORKERS=0
# runs them in this process, one after another (for --pdb, or a single test). `--dist load`
# hands each worker its tests in collection order, which puts the tests that empty the
# database last (tests/conftest.py).
# Bytecode is kept (__pycache__, ignored by git) even where PYTHONDONTWRITEBYTECODE is set:
# every test worker, Celery worker and manage.py the tests start imports the whole project,
# and compiling it again each time cost ~3 s of CPU per process.
PYTEST_WORKERS ?= 2

test: $(VENV)/.installed
	PYTHONDONTWRITEBYTECODE= $(PY) -m pytest -n $(PYTEST_WORKERS) --dist load $(PYTEST_ARGS)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# Regenerate the Danish translations after changing user-facing strings.
messages: $(VENV)/.installed
	$(PY) manage.py makemessages --locale da --no-obsolete --add-location file --ignore '.venv/*' --ignore 'staticfiles/*'
	$(PY) manage.py compilemessages --locale da --ignore '.venv/*'

# The benchmark (not a test): it needs PostgreSQL, and drops and makes again a database
# of its own. Only name=value lines go to stdout (hence the silent recipe lines).
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/portal_bench

bench: $(VENV)/.installed
	@$(PY) -m devtools.bench.database '$(BENCH_DATABASE_URL)'
	@DATABASE_URL='$(BENCH_DATABASE_URL)' DJANGO_SETTINGS_MODULE=config.settings.dev DEBUG=false \
		$(PY) manage.py bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
