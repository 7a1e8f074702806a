"""A busy year and a Celery worker of its own, for the tests that kill a roll-up half way.

The worker consumes only its own queue, which is also its default one (where it sends
its drain on start), so the session's worker (tests/worker.py) never takes its tasks;
the test sends there too (send_to_own_queue). Its database connection is named, so that
the test can see when it is inside a roll-up's transaction. It is killed with SIGKILL,
as an out-of-memory killer or a lost machine would.
"""

import itertools
import json
import os
import signal
import socket
import time
from contextlib import contextmanager
from unittest import mock

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from agreement.models import Municipality
from config.celery import app
from core import tasks
from goals.models import ActivityType
from reporting.activities.selectors import goals_by_activity_type
from reporting.models import (
    Activity,
    Firm,
    Recount,
    TargetFirm,
    TargetMonth,
    TargetMunicipality,
    TargetProgress,
    complete_cvr,
)
from tests import worker

QUEUE = "rollup-kill-test"
WORKER_NAME = f"rollup-kill-test@{socket.gethostname()}"
APPLICATION_NAME = "rollup-kill-test-worker"
START_TIMEOUT_SECONDS = 60
ROLLUP_TABLES = {
    model._meta.db_table for model in (TargetFirm, TargetMonth, TargetMunicipality, TargetProgress)
}

# Of every twenty activities: 8 guidance, 4 growth mappings, 2 events, one of each other type.
MIX = (
    ["guidance"] * 8
    + ["growth_mapping"] * 4
    + ["growth_course", "event", "event", "collaboration", "professional_area"]
    + ["capital_event", "analysis", "labour_case"]
)


# --- The data -----------------------------------------------------------------------


def log_a_busy_year(agreement, authors, *, activities, firms):
    """Insert a year of both houses in bulk: firms and activities of every kind and status.

    Of every 20 activities about 14 are approved, 4 submitted, 1 a draft and 1
    returned; 1 in 50 is deleted; 2 in 3 growth courses are delivered in the other
    house. A firm works with its own house, now and then with the other. Activities
    of the goal-linked types are linked to their default goals.
    """
    houses = [author.organisation_id for author in authors]
    places = list(Municipality.objects.values_list("pk", flat=True))
    cvrs = (complete_cvr(str(prefix)) for prefix in itertools.count(5_000_000))
    Firm.objects.bulk_create(
        (
            Firm(cvr=cvr, name=f"Travl {n} ApS", municipality_id=places[n % len(places)])
            for n, cvr in enumerate(itertools.islice(filter(None, cvrs), firms))
        ),
        batch_size=5000,
    )
    types = {kind.code: kind for kind in ActivityType.objects.all()}
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH hashed AS (
                SELECT i,
                       (i * 2654435761) %% 4294967296 AS r,
                       (i * 2246822519) %% 4294967296 AS q
                FROM generate_series(0, %(count)s - 1) AS i
            ), picked AS (
                -- Two multiplicative hashes of i, read from their upper bits, so that
                -- type, firm, house and status do not follow one another. A firm works
                -- with its own house; one activity in twenty is with the other.
                SELECT i, r,
                       q / 16 %% %(firm_count)s AS firm,
                       (q / 16 %% %(firm_count)s + (q / 214748365 = 0)::int) %% 2 AS house
                FROM hashed
            ), series AS (
                SELECT i,
                       r / 256 %% 20 AS state,
                       r / 8192 %% 50 = 0 AS deleted,
                       r / 65536 %% 3 > 0 AS elsewhere,
                       (%(types)s::bigint[])[i %% 20 + 1] AS type_id,
                       (%(houses)s::bigint[])[house + 1] AS house_id,
                       (%(houses)s::bigint[])[2 - house] AS other_house_id,
                       (%(authors)s::bigint[])[house + 1] AS author_id,
                       (%(firms)s::bigint[])[firm + 1] AS firm_id
                FROM picked
            )
            INSERT INTO {Activity._meta.db_table} (
                agreement_id, house_id, delivered_in_id, activity_type_id, date, firm_id,
                municipality_id, quantity, description, status, return_reason, author_id,
                created_at, updated_at, deleted_at, erp_id, version
            )
            SELECT %(agreement)s, s.house_id,
                   CASE WHEN s.type_id = %(course)s AND s.elsewhere THEN s.other_house_id END,
                   s.type_id,
                   DATE '2018-01-01' + ((s.i * 37) %% 365)::int,
                   CASE WHEN s.type_id = ANY(%(firm_types)s) THEN s.firm_id END,
                   CASE WHEN s.type_id = ANY(%(firm_types)s) THEN f.municipality_id END,
                   1, '',
                   CASE WHEN s.state < 14 THEN 'approved'
                        WHEN s.state < 18 THEN 'submitted'
                        WHEN s.state = 18 THEN 'draft'
                        ELSE 'returned' END,
                   CASE WHEN s.state = 19 THEN 'Mangler CVR-bilag' ELSE '' END,
                   s.author_id, now(), now(), CASE WHEN s.deleted THEN now() END, '', 1
            FROM series s JOIN {Firm._meta.db_table} f ON f.id = s.firm_id
            """,
            {
                "agreement": agreement.pk,
                "types": [types[code].pk for code in MIX],
                "houses": houses,
                "authors": [author.pk for author in authors],
                "firms": list(Firm.objects.order_by("pk").values_list("pk", flat=True)),
                "firm_count": firms,
                "count": activities,
                "course": types["growth_course"].pk,
                "firm_types": [kind.pk for kind in types.values() if kind.counts_firms],
            },
        )
        links = [
            (type_id, goal_id)
            for type_id, goal_ids in goals_by_activity_type(agreement).items()
            for goal_id in goal_ids
        ]
        through = Activity.goals.through._meta
        cursor.execute(
            f"INSERT INTO {through.db_table} (activity_id, goal_id) "
            f"SELECT a.id, link.goal_id FROM {Activity._meta.db_table} a "
            "JOIN unnest(%s::bigint[], %s::bigint[]) AS link(type_id, goal_id) "
            "ON link.type_id = a.activity_type_id WHERE a.agreement_id = %s",
            [[t for t, _g in links], [g for _t, g in links], agreement.pk],
        )


def analyze():
    """Gather the planner's statistics, as autovacuum would have by now in production.

    Without them PostgreSQL may misjudge the roll-up tables' sizes (from what they held
    at the last analysis) and plan the full run's joins for a few rows.
    """
    with connection.cursor() as cursor:
        for model in (Firm, Activity, TargetFirm, TargetMonth, TargetMunicipality, TargetProgress):
            cursor.execute(f"ANALYZE {model._meta.db_table}")


def approve_some_pending(agreement):
    """Approve one in three submitted activities, as a manager's review round would."""
    submitted = Activity.objects.filter(agreement=agreement, status=Activity.Status.SUBMITTED)
    chosen = list(submitted.order_by("pk").values_list("pk", flat=True))[::3]
    return Activity.objects.filter(pk__in=chosen).update(
        status=Activity.Status.APPROVED, updated_at=timezone.now()
    )


# --- The broker -----------------------------------------------------------------------


def require_broker():
    """Skip without a broker on the newcomer's set-up (SQLite, tasks in-process); fail where
    a run must not pass unnoticed: in CI on PostgreSQL, or with a broker that does not answer.
    """
    if not settings.CELERY_BROKER_URL:
        message = (
            "The kill-and-rerun test needs a broker: set CELERY_BROKER_URL (and DATABASE_URL)."
        )
        if os.environ.get("CI") and connection.vendor == "postgresql":
            pytest.fail(message)
        pytest.skip(message)
    if connection.vendor != "postgresql":
        pytest.fail("A real worker shares the test database: use PostgreSQL (DATABASE_URL).")
    try:
        with app.connection_for_write() as broker:
            broker.ensure_connection(max_retries=1, timeout=5)
    except Exception as error:  # kombu raises the transport's own errors
        pytest.fail(f"The broker at CELERY_BROKER_URL does not answer: {error}")


def purge_queue():
    with app.connection_for_write() as broker:
        broker.default_channel.queue_purge(QUEUE)


def forget_unacked():
    """Drop the killed task's message: Redis would hand it out again after an hour."""
    with app.connection_for_write() as broker:
        client = broker.default_channel.client
        for tag, payload in client.hgetall("unacked").items():
            _message, _exchange, routing_key = json.loads(payload)
            if routing_key == QUEUE:
                client.hdel("unacked", tag)
                client.zrem("unacked_index", tag)


# --- The worker -----------------------------------------------------------------------


def start_worker():
    """Start a worker on the test database that consumes only QUEUE.

    Not waiting for it to answer: it drains on start, and a solo worker busy with a task
    answers no ping.
    """
    return worker.start_worker(
        wait=False,
        name=WORKER_NAME,
        queues=QUEUE,
        application_name=APPLICATION_NAME,
        purge=False,
        env={"CELERY_TASK_DEFAULT_QUEUE": QUEUE},
    )


def send_to_own_queue():
    """Send the tasks this process sets off by name (core.tasks) to the test worker's queue."""
    return mock.patch.object(
        tasks, "delay", lambda name, *args: app.send_task(name, args=args, queue=QUEUE)
    )


def kill_worker(process):
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)


# --- Watching the worker's transaction ---------------------------------------------------


def worker_backend():
    """Return the pid of the worker's database session, or None."""
    with connection.cursor() as cursor:
        # Inside a transaction (holding_progress_rows) the statistics views would answer from
        # the snapshot its first read took.
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT pid FROM pg_stat_activity "
            "WHERE datname = current_database() AND application_name = %s",
            [APPLICATION_NAME],
        )
        row = cursor.fetchone()
    return row and row[0]


def tables_written_by(pid):
    """Return the roll-up tables the session's open transaction has written to."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
            "WHERE l.pid = %s AND l.mode = 'RowExclusiveLock' AND l.granted "
            "AND c.relname IN %s",
            [pid, tuple(ROLLUP_TABLES)],
        )
        return {relname for (relname,) in cursor.fetchall()}


def current_query(pid):
    with connection.cursor() as cursor:
        cursor.execute("SELECT state, query FROM pg_stat_activity WHERE pid = %s", [pid])
        return cursor.fetchone()


def wait_until_rewriting(timeout=60):
    """Wait until the worker's open transaction has written to a roll-up table.

    A written table stays locked (RowExclusiveLock) until the transaction ends: the
    worker is then half way, its records taken and some rows changed, none of it
    committed. Return the session's pid.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        pid = worker_backend()
        if pid is not None and tables_written_by(pid):
            return pid
        time.sleep(0.005)
    pytest.fail(
        f"The worker did not start writing the roll-up tables within {timeout} s "
        f"({Recount.objects.count()} records wait; the worker's session: "
        f"{worker_backend() and current_query(worker_backend())})."
    )


def wait_until_drained(agreement, timeout=60):
    """Wait until no record of the agreement waits; return the seconds it took."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if not Recount.objects.filter(agreement=agreement).exists():
            return time.monotonic() - started
        time.sleep(0.1)
    pytest.fail(f"The roll-up records were not drained within {timeout} s.")


@contextmanager
def holding_progress_rows(agreement):
    """Hold the agreement's progress rows locked meanwhile, in this connection's transaction.

    A roll-up writes the progress rows last: it then waits for the lock half way, with its
    records taken and the other tables written, however fast it would have run through.
    """
    with transaction.atomic():
        rows = TargetProgress.objects.filter(target__agreement=agreement)
        list(rows.select_for_update(of=("self",)))
        yield


def wait_until_gone(pid, timeout=30):
    """Wait until the killed worker's database session has ended (and its lock is free)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [pid])
            if cursor.fetchone() is None:
                return
        time.sleep(0.05)
    pytest.fail(f"The killed worker's database session {pid} was still there after {timeout} s.")
