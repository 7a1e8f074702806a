"""A real Celery worker process for the tests, when a broker is configured.

Without CELERY_BROKER_URL, tasks run in-process (the embedded default) and no
worker is started. With one, as in CI, the worker consumes from the real broker
and works on the test database, like a production worker.

Under pytest-xdist each test worker (gw0, gw1, ...) starts one of its own, on its own
test database (test_<name>_gw0, ...) and its own Redis database (see broker_env).
"""

import os
import socket
import subprocess
import sys
import time
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.db import connection

from config.celery import app

START_TIMEOUT_SECONDS = 60


def database_url():
    """Return a URL to the test database, which the worker must share with the tests."""
    db = connection.settings_dict
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"


def broker_env(index, environ=os.environ):
    """Return the broker variables for the index-th pytest-xdist worker, to set in its
    environment before it starts: its own Redis database, the URL's plus the index.

    redis://.../1 gives gw0 database 1 and gw1 database 2, so that a task queued by gw1's
    tests is run by gw1's Celery worker, on gw1's test database. They are set in the
    environment rather than in the settings because Celery reads CELERY_BROKER_URL and
    CELERY_RESULT_BACKEND from the environment before the settings, and because every
    process the tests start (Celery workers, manage.py) inherits them.
    """
    env = {}
    for name in ("CELERY_BROKER_URL", "CELERY_RESULT_BACKEND"):
        url = environ.get(name, "")
        if not url:
            continue  # no broker: tasks run in-process; no result backend: the broker's
        parts = urlsplit(url)
        if parts.scheme not in {"redis", "rediss"}:
            if name == "CELERY_RESULT_BACKEND":
                continue  # results in another store: task ids do not collide
            raise pytest.UsageError(
                f"Parallel test workers need a Redis {name} (a database each), not "
                f"{parts.scheme}://: run the tests in one process (PYTEST_WORKERS=0 make test)."
            )
        database = int(parts.path.strip("/") or 0) + index
        env[name] = parts._replace(path=f"/{database}").geturl()
    return env


def worker_name():
    """Name the worker after the pytest-xdist worker it serves (gw0, ...; main when serial)."""
    return f"tests-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}@{socket.gethostname()}"


def start_worker(*, name=None, queues=None, application_name=None, purge=True, env=None, wait=True):
    """Start a worker process on the test database and wait until it answers.

    By default it serves the pytest-xdist worker and first drops what an interrupted run
    left in the broker; a test of its own (the kill test) names it, its queue and its
    database connection, and keeps the broker as it is; env adds to its environment. With
    wait=False it returns at once: a solo worker busy with a task answers no ping.
    """
    if connection.vendor != "postgresql":
        pytest.fail("A real worker shares the test database: use PostgreSQL (DATABASE_URL).")
    if not connection.settings_dict["NAME"].startswith("test_"):
        pytest.fail("The worker starts only for tests that use the test database (django_db).")
    if purge:
        # Tasks an interrupted run left in the broker name rows of a database that is gone.
        app.control.purge()
    name = name or worker_name()
    url = database_url()
    env = {
        **os.environ,
        **(env or {}),
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"{url}?application_name={application_name}" if application_name else url,
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=solo",
            "--loglevel=warning",
            f"--hostname={name}",
            *([f"--queues={queues}"] if queues else []),
            # Nothing to sync with other workers: start without waiting for them.
            "--without-mingle",
            "--without-gossip",
        ],
        cwd=settings.BASE_DIR,
        env=env,
    )
    if not wait:
        return process
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"The Celery worker {name} exited with code {process.returncode}.")
        if app.control.ping(destination=[name], timeout=0.5):
            return process
    stop_worker(process)
    pytest.fail(f"The Celery worker {name} did not answer within {START_TIMEOUT_SECONDS} s.")


def stop_worker(process):
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
