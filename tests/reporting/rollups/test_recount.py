"""The recount records: written with each change, drained once for many, kept when a drain
dies; and a full run that writes only what changed."""

import datetime
from unittest import mock

import pytest

from agreement.models import Municipality
from core import rollup_queue
from reporting.activities import services
from reporting.models import (
    Firm,
    Recount,
    TargetFirm,
    TargetMonth,
    TargetMunicipality,
    TargetProgress,
)
from reporting.rollups import progress
from reporting.rollups import services as rollups
from tests.factories import SJAELLAND, house
from tests.reporting.rollups.commits import commit
from tests.reporting.rollups.tables import differences, recomputed, tables
from tests.reporting.rollups.year import (
    APPROVED,
    COPENHAGEN,
    MID_YEAR,
    YEAR_END,
    agreement,
    log,
    target,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def counted_year(year, time_machine):
    time_machine.move_to(datetime.datetime(2018, 6, 30, 12, tzinfo=COPENHAGEN), tick=False)
    rollups.rollup_full(agreement())
    return year


def no_drain():
    return mock.patch.object(rollup_queue.tasks, "delay", lambda *args: None)


def month_values(code, house_key=None):
    rows = TargetMonth.objects.filter(
        target=target(code), house=house(house_key) if house_key else None
    )
    return {row.month.month: (row.value, row.pending) for row in rows}


def municipality_values(code):
    rows = TargetMunicipality.objects.filter(target=target(code), house=None)
    return {row.municipality.code: (row.value, row.pending) for row in rows}


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
    assert differences(updated, recomputed(agreement())) == {}


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
    assert differences(updated, recomputed(agreement())) == {}


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


def test_a_full_run_recounts_a_parent_whose_firm_counts_earlier_and_keeps_its_subset(
    counted_year, people
):
    mappings = month_values("national.growth-mappings")
    assert month_values("national.guided-firms", SJAELLAND)[1][0] == 1  # beta
    assert month_values("national.guided-firms", SJAELLAND)[3][0] == 1  # gamma
    with no_drain():
        # Gamma, guided in March and mapped in May, is now guided in January too.
        log(people, "sofie", "guidance", (1, 22), firm=counted_year["gamma"], status=APPROVED)

    assert rollups.rollup_full(agreement()) > 0

    assert month_values("national.guided-firms", SJAELLAND)[1][0] == 2
    assert month_values("national.guided-firms", SJAELLAND)[3][0] == 0
    # Its growth mapping still counts from May, when the parent already counted it.
    assert month_values("national.growth-mappings") == mappings
    assert differences(tables(agreement()), recomputed(agreement())) == {}


def test_a_full_run_counts_a_firm_that_moved_where_it_sits_now_in_every_firm_target(
    counted_year, people
):
    zeta = Firm.objects.get(pk=counted_year["zeta"].pk)  # Holbæk: guided, and mapped
    assert municipality_values("national.guided-firms")[316] == (1, 0)
    assert municipality_values("national.growth-mappings")[316] == (1, 0)
    assert municipality_values("national.guided-firms")[101] == (1, 0)  # alfa
    with no_drain():
        services.firm_update(
            firm=zeta,
            version=zeta.version,
            user=people["hanne"],
            municipality=Municipality.objects.get(code=101),
        )

    rollups.rollup_full(agreement())

    assert 316 not in municipality_values("national.guided-firms")
    assert 316 not in municipality_values("national.growth-mappings")
    assert municipality_values("national.guided-firms")[101] == (2, 0)
    assert municipality_values("national.growth-mappings")[101] == (1, 0)
    assert differences(tables(agreement()), recomputed(agreement())) == {}


def test_a_full_run_fills_in_month_rows_of_a_firm_target_whose_firms_did_not_change(
    counted_year,
):
    counted = tables(agreement())
    TargetMonth.objects.filter(
        target=target("national.guided-firms"), month=datetime.date(2018, 3, 1)
    ).delete()

    # For each house and for all houses.
    assert rollups.rollup_full(agreement()) == 3
    assert tables(agreement()) == counted


def test_a_full_run_sets_right_wrong_cells_of_a_firm_target_whose_firms_did_not_change(
    counted_year,
):
    # The nightly safety net: a cell that went wrong is counted again from the firms.
    counted = tables(agreement())
    wrong = TargetMunicipality.objects.filter(target=target("national.guided-firms"))
    assert wrong.update(value=99) > 0

    assert rollups.rollup_full(agreement()) == wrong.count()
    assert tables(agreement()) == counted


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
