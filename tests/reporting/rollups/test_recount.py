"""The recount records: written with each change, drained once for many, kept when a drain
dies; and a full run that writes only what changed."""

import datetime
from unittest import mock

import pytest

from core import rollup_queue
from reporting.activities import services
from reporting.models import Recount, TargetFirm, TargetMonth, TargetProgress
from reporting.rollups import progress
from reporting.rollups import services as rollups
from tests.reporting.rollups.commits import commit
from tests.reporting.rollups.tables import differences, tables
from tests.reporting.rollups.year import (
    APPROVED,
    COPENHAGEN,
    MID_YEAR,
    YEAR_END,
    agreement,
    log,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def counted_year(year, time_machine):
    time_machine.move_to(datetime.datetime(2018, 6, 30, 12, tzinfo=COPENHAGEN), tick=False)
    rollups.rollup_full(agreement())
    return year


def log_guidance(people, who, month, firm):
    return log(people, who, "guidance", (month, 3), firm=firm, status=APPROVED)


def test_each_change_records_its_cells_in_its_own_transaction(counted_year, people):
    log_guidance(people, "hanne", 3, counted_year["alfa"])

    # Logged, submitted and approved: a record each, with the cells of March.
    recorded = list(Recount.objects.all())
    assert {record.scope for record in recorded} == {"cells"}
    assert {key["month"] for record in recorded for key in record.keys} == {"2018-03-01"}


def test_a_burst_of_changes_is_recounted_by_one_drain_that_removes_its_records(
    counted_year, people, tasks_in_process
):
    # Changes committed while no drain ran (a busy worker, a lost task): records wait.
    with mock.patch.object(rollup_queue.tasks, "delay", lambda name, *args: None):
        for month, who, firm in [(3, "hanne", "alfa"), (5, "sofie", "zeta"), (9, "hanne", "eta")]:
            commit(lambda w=who, m=month, f=firm: log_guidance(people, w, m, counted_year[f]))
    assert Recount.objects.count() >= 3
    drained = mock.Mock(wraps=rollups._recount)

    with mock.patch.object(rollups, "_recount", drained):
        rollups.rollup_drain(agreement())

    assert drained.call_count == 1
    assert Recount.objects.count() == 0
    updated = tables(agreement())
    rollups.rollup_full(agreement())
    assert differences(updated, tables(agreement())) == {}


def test_a_drain_that_dies_half_way_keeps_the_tables_and_the_records(counted_year, people):
    commit_without_drain = mock.patch.object(rollup_queue.tasks, "delay", lambda *args: None)
    with commit_without_drain:
        commit(lambda: log_guidance(people, "hanne", 3, counted_year["alfa"]))
    before, recorded = tables(agreement()), Recount.objects.count()

    with (
        mock.patch.object(progress, "rows", side_effect=MemoryError("killed")),
        pytest.raises(MemoryError),
    ):
        rollups.rollup_drain(agreement())

    assert tables(agreement()) == before
    assert Recount.objects.count() == recorded
    rollups.rollup_drain(agreement())
    assert Recount.objects.count() == 0
    updated = tables(agreement())
    rollups.rollup_full(agreement())
    assert differences(updated, tables(agreement())) == {}


def test_a_drain_with_nothing_recorded_writes_nothing(counted_year):
    assert rollups.rollup_drain(agreement()) == 0


def test_a_second_full_run_with_no_change_writes_no_row(counted_year):
    first = tables(agreement())

    assert rollups.rollup_full(agreement()) == 0
    assert tables(agreement()) == first


def test_a_full_run_after_one_change_writes_only_the_rows_it_moved(counted_year, people):
    firms_before = set(TargetFirm.objects.values_list("pk", flat=True))
    with mock.patch.object(rollup_queue.tasks, "delay", lambda *args: None):
        log_guidance(people, "hanne", 3, counted_year["alfa"])

    written = rollups.rollup_full(agreement())

    assert 0 < written < 40
    # The firm counted before still counts, from the same day: its rows were left alone.
    assert set(TargetFirm.objects.values_list("pk", flat=True)) == firms_before
    assert Recount.objects.count() == 0


def test_the_nightly_run_recomputes_only_progress_as_the_day_moves_on(counted_year):
    months = list(TargetMonth.objects.values_list("pk", "cumulative").order_by("pk"))
    firms = list(TargetFirm.objects.values_list("pk", "approved_on").order_by("pk"))
    behind_mid_year = TargetProgress.objects.filter(status="behind").count()

    written = rollups.rollup_progress(agreement(), today=YEAR_END)

    assert written > 0
    assert TargetProgress.objects.filter(status="behind").count() != behind_mid_year
    assert list(TargetMonth.objects.values_list("pk", "cumulative").order_by("pk")) == months
    assert list(TargetFirm.objects.values_list("pk", "approved_on").order_by("pk")) == firms
    assert rollups.rollup_progress(agreement(), today=YEAR_END) == 0
    updated = tables(agreement())
    rollups.rollup_full(agreement(), today=YEAR_END)
    assert tables(agreement()) == updated
    assert MID_YEAR < YEAR_END


def test_a_status_text_records_progress_only(counted_year, people):
    from goals import services as goal_services
    from goals.models import Goal, Progress

    with mock.patch.object(rollup_queue.tasks, "delay", lambda *args: None):
        goal_services.status_text_save(
            goal=Goal.objects.get(focus_area__agreement=agreement(), code="b.e"),
            house=people["mads"].organisation,
            quarter=2,
            status=Progress.AT_RISK,
            text="Et case mangler.",
            author=people["mads"],
        )

    assert list(Recount.objects.values_list("scope", flat=True)) == ["progress"]
    assert services  # the activity services record cells (above)
