"""Roll-ups killed half way, with a real worker and broker (CI's PostgreSQL and Redis run;
skipped on the newcomer's SQLite set-up, where tasks run in-process).

The worker is killed with SIGKILL while its transaction is writing the roll-up tables,
in a drain of many changed cells and in a full run (held half way by a lock the test
keeps on the progress rows, which a roll-up writes last). The tables must still be those of
the run before, whole, and the records of what to recount still there; once a worker
starts again, without anyone queueing anything or waiting for the nightly run, the
tables must be those of a clean full recompute within a minute.
"""

import pytest

from core import rollup_queue
from reporting.models import Activity, Recount
from reporting.rollups import services as rollups
from tests import worker as tests_worker
from tests.reporting.rollups import worker_helpers as helpers
from tests.reporting.rollups.tables import differences, recomputed, tables

# Enough for a full recompute to take a few seconds on PostgreSQL.
ACTIVITIES, FIRMS = 50_000, 10_000
# Cells enough for a drain to take a while, and few enough to be recounted cell by cell.
CHANGED = rollup_queue.FULL_AFTER_KEYS - 50
RESTART_SECONDS = 60


@pytest.fixture
def busy_year(agreement_2018, hanne, sofie):
    helpers.require_broker()
    helpers.log_a_busy_year(agreement_2018, [hanne, sofie], activities=ACTIVITIES, firms=FIRMS)
    rollups.rollup_full(agreement_2018)
    helpers.analyze()
    helpers.purge_queue()
    yield agreement_2018
    helpers.forget_unacked()


def approve_submitted(agreement, count):
    """Approve submitted guidance as the services would, recording their cells; return them."""
    chosen = list(
        Activity.objects.filter(
            agreement=agreement,
            status=Activity.Status.SUBMITTED,
            activity_type__code="guidance",
        ).order_by("pk")[:count]
    )
    Activity.objects.filter(pk__in=[activity.pk for activity in chosen]).update(
        status=Activity.Status.APPROVED
    )
    rollup_queue.queue_update(agreement.pk, [rollups.activity_key(each) for each in chosen])
    return chosen


def kill_half_way_and_restart(agreement, before):
    with helpers.holding_progress_rows(agreement):
        worker = helpers.start_worker()
        try:
            session = helpers.wait_until_rewriting()
            helpers.kill_worker(worker)
        finally:
            tests_worker.stop_worker(worker)
    helpers.wait_until_gone(session)

    assert differences(tables(agreement), before) == {}
    assert Recount.objects.filter(agreement=agreement).exists()

    worker = helpers.start_worker()
    try:
        helpers.wait_until_drained(agreement, timeout=RESTART_SECONDS)
    finally:
        tests_worker.stop_worker(worker)
    recounted = tables(agreement)
    assert differences(recounted, recomputed(agreement)) == {}
    return recounted


@pytest.mark.django_db(transaction=True)
def test_a_drain_killed_half_way_is_done_again_once_a_worker_starts(busy_year):
    before = tables(busy_year)
    with helpers.send_to_own_queue():
        assert len(approve_submitted(busy_year, CHANGED)) == CHANGED

    recounted = kill_half_way_and_restart(busy_year, before)

    assert recounted["firms"] != before["firms"]  # the approvals count now


@pytest.mark.django_db(transaction=True)
def test_a_full_run_killed_half_way_is_done_again_once_a_worker_starts(busy_year):
    before = tables(busy_year)
    assert helpers.approve_some_pending(busy_year) > 1000
    with helpers.send_to_own_queue():
        rollup_queue.queue_full(busy_year.pk)

    recounted = kill_half_way_and_restart(busy_year, before)

    assert recounted["progress"] != before["progress"]  # the approvals count now
