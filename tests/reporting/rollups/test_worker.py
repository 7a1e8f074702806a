"""A full recompute killed half way, with a real worker and broker (CI's PostgreSQL and
Redis run; skipped on the newcomer's SQLite set-up, where tasks run in-process).

The worker is killed with SIGKILL while its transaction has deleted the old rows and
is writing new ones. The tables must still be those of the run before, whole; and
the next run must leave what a clean recompute leaves.
"""

import pytest

from reporting.rollups import services as rollups
from reporting.rollups import tasks
from tests import worker as tests_worker
from tests.reporting.rollups import worker_helpers as helpers
from tests.reporting.rollups.tables import differences, tables

# Enough for a full recompute to take a few seconds on PostgreSQL.
ACTIVITIES, FIRMS = 50_000, 10_000


@pytest.fixture
def broker():
    helpers.require_broker()


@pytest.mark.django_db(transaction=True)
def test_a_full_recompute_killed_half_way_leaves_the_last_tables_and_a_rerun_completes_them(
    broker, agreement_2018, hanne, sofie
):
    helpers.log_a_busy_year(agreement_2018, [hanne, sofie], activities=ACTIVITIES, firms=FIRMS)
    rollups.rollup_full(agreement_2018)
    helpers.analyze()
    before = tables(agreement_2018)
    assert helpers.approve_some_pending(agreement_2018) > 1000

    helpers.purge_queue()
    worker = helpers.start_worker()
    try:
        tasks.rollup_full.apply_async([agreement_2018.pk], queue=helpers.QUEUE)
        session = helpers.wait_until_rewriting()
        helpers.kill_worker(worker)
    finally:
        tests_worker.stop_worker(worker)
    helpers.wait_until_gone(session)
    helpers.forget_unacked()

    assert differences(tables(agreement_2018), before) == {}

    worker = helpers.start_worker()
    try:
        tasks.rollup_full.apply_async([agreement_2018.pk], queue=helpers.QUEUE).get(timeout=60)
    finally:
        tests_worker.stop_worker(worker)
    rerun = tables(agreement_2018)
    rollups.rollup_full(agreement_2018)

    assert differences(rerun, tables(agreement_2018)) == {}
    assert rerun["progress"] != before["progress"]  # the approvals count now
