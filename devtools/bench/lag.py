"""How long figures trail the log: ``rollup_lag_p95_seconds``.

WRITERS threads write through the services for SECONDS against a real Celery worker
(a subprocess on the bench database, with BENCH_BROKER_URL): each, as a house's staff,
logs a guidance of a firm and submits it, and as the manager approves it, pausing
THINK_SECONDS on average between writes (about four writes a second in all, as a busy
day's 16 staff and managers). For every committed write the time is taken, and the
highest roll-up record id there is then (its own are at most that). A watcher polls
the records every POLL_SECONDS: a write's figures are on the dashboard once none of
the records up to its id waits, since a drain deletes the records it recounted in the
transaction that writes the figures. The lag is that moment less the commit; the
figure is the 95th percentile over all writes.
"""

import logging
import os
import random
import statistics
import subprocess
import sys
import threading
import time
from datetime import timedelta

from django.conf import settings
from django.db import close_old_connections, connection, connections
from django.db.models import Max, Min

from agreement.models import Agreement
from config.celery import app
from devtools.bench import data
from goals.models import ActivityType
from reporting.activities import services
from reporting.models import Firm, Recount

logger = logging.getLogger(__name__)

WRITERS = 16
SECONDS = 60
THINK_SECONDS = 4.0
POLL_SECONDS = 0.05
GIVE_UP_SECONDS = 120
BROKER_URL = os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/14")


def run(agreement: Agreement) -> dict[str, float]:
    """Return rollup_lag_p95_seconds (and the median, and the writes) on the current log."""
    writes, done = [], {}
    worker = _start_worker()
    previous = app.conf.task_always_eager, app.conf.broker_url
    app.conf.task_always_eager, app.conf.broker_url = False, BROKER_URL
    try:
        stop = time.monotonic() + SECONDS
        threads = [
            threading.Thread(target=_write, args=(agreement, n, stop, writes))
            for n in range(WRITERS)
        ]
        # A writer finishes the write it has begun after `stop`: the watcher follows every
        # write until the last writer has ended, then gives the drains GIVE_UP_SECONDS more.
        writers_done = threading.Event()
        watcher = threading.Thread(target=_watch, args=(agreement, writes, done, writers_done))
        for thread in [*threads, watcher]:
            thread.start()
        for thread in threads:
            thread.join()
        writers_done.set()
        watcher.join()
    finally:
        app.conf.task_always_eager, app.conf.broker_url = previous
        worker.terminate()
        worker.wait(timeout=30)
    lags = sorted(
        done[index] - committed for index, (committed, _id) in enumerate(writes) if index in done
    )
    missing = len(writes) - len(lags)
    logger.info(
        "  lag: %s writes, %s not drained within %s s of the last",
        len(writes),
        missing,
        GIVE_UP_SECONDS,
    )
    p95 = lags[int(0.95 * (len(lags) - 1))] if lags else float("inf")
    return {
        "rollup_lag_writes": len(writes),
        # Writes whose records still waited GIVE_UP_SECONDS after the last write (p95 is then inf).
        "rollup_lag_undrained_writes": missing,
        "rollup_lag_median_seconds": statistics.median(lags) if lags else float("inf"),
        "rollup_lag_p95_seconds": p95 if not missing else float("inf"),
    }


def _start_worker():
    env = {
        **os.environ,
        "CELERY_BROKER_URL": BROKER_URL,
        "DATABASE_URL": _database_url(),
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DEBUG": "false",
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--concurrency=2",
            "--loglevel=warning",
            "--without-mingle",
            "--without-gossip",
            "--purge",
        ],
        cwd=settings.BASE_DIR,
        env=env,
    )
    time.sleep(5)  # the worker's start; what it finds waiting it drains at once
    return process


def _database_url():
    db = connection.settings_dict
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"


def _write(agreement, number, stop, writes):
    """Log, submit and approve guidance through the services until the time is up."""
    randomly = random.Random(number)
    house = agreement.growth_houses()[number % 2]
    staff, manager = data.bench_users(house)
    guidance = ActivityType.objects.get(code="guidance")
    firm_ids = list(Firm.objects.order_by("pk").values_list("pk", flat=True)[:50_000])
    days = (agreement.period_end - agreement.period_start).days
    try:
        while time.monotonic() < stop:
            firm = Firm.objects.get(pk=randomly.choice(firm_ids))
            activity = services.activity_create(
                agreement=agreement,
                house=house,
                author=staff,
                activity_type=guidance,
                date=agreement.period_start + timedelta(randomly.randrange(days)),
                firm=firm,
                municipality=firm.municipality,
                submit=True,
            )
            _committed(writes)
            time.sleep(randomly.uniform(0, 2 * THINK_SECONDS))
            services.activity_approve(activity=activity, user=manager, version=activity.version)
            _committed(writes)
            time.sleep(randomly.uniform(0, 2 * THINK_SECONDS))
    finally:
        connections.close_all()


def _committed(writes):
    writes.append((time.monotonic(), Recount.objects.aggregate(last=Max("pk"))["last"] or 0))


def _watch(agreement, writes, done, writers_done):
    give_up = None
    try:
        while give_up is None or time.monotonic() < give_up:
            if give_up is None and writers_done.is_set():
                give_up = time.monotonic() + GIVE_UP_SECONDS
            now = time.monotonic()
            first_waiting = Recount.objects.filter(agreement=agreement).aggregate(first=Min("pk"))[
                "first"
            ]
            for index, (_committed_at, last_id) in enumerate(list(writes)):
                if index not in done and (first_waiting is None or last_id < first_waiting):
                    done[index] = now
            if writers_done.is_set() and len(done) == len(writes):
                return
            time.sleep(POLL_SECONDS)
            close_old_connections()
    finally:
        connections.close_all()
