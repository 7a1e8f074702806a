"""The benchmark's synthetic log keeps its promises, and its floor counts what the roll-up counts.

`make bench` times devtools.bench on a million activities; these check the same
code on a few thousand. PostgreSQL only, as the bench: the log is written by SQL.
"""

from collections import Counter

import pytest
from django.db import connection
from django.db.models import Count

from agreement.models import Municipality
from devtools.bench import data
from devtools.bench.rollup import DISTINCT_FLOOR_TABLE, FLOOR_SQL, distinct_floor_sql
from goals.models import Target
from reporting.models import Activity, Firm, TargetMonth, validate_cvr
from reporting.rollups import services as rollups
from tests.factories import HOVEDSTADEN, SJAELLAND, house

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the bench's log is written by PostgreSQL SQL"
    ),
    # The generator vacuums its tables, which no transaction may do.
    pytest.mark.django_db(transaction=True),
]

SIZE = 3_000


@pytest.fixture
def bench_log(agreement_2018):
    return data.generate(agreement_2018, SIZE)


def test_bench_log_has_exactly_the_activities_asked_for(bench_log):
    assert bench_log.activities == Activity.objects.count() == SIZE
    assert bench_log.firms == Firm.objects.count()
    assert bench_log.goal_links == Activity.goals.through.objects.count()


def test_bench_firms_have_valid_cvr_numbers_and_their_houses_regions(bench_log):
    for cvr in Firm.objects.values_list("cvr", flat=True):
        validate_cvr(cvr)
    regions = {
        house(key).pk: set(
            Municipality.objects.filter(kkr__region=house(key).region_id).values_list(
                "pk", flat=True
            )
        )
        for key in (HOVEDSTADEN, SJAELLAND)
    }
    # A house maps the growth of firms in its own region, and logs them where they are.
    for activity in Activity.objects.filter(activity_type__code="growth_mapping").select_related(
        "firm"
    ):
        assert activity.firm.municipality_id in regions[activity.house_id]
        assert activity.municipality_id == activity.firm.municipality_id


def test_bench_log_is_mostly_approved_guidance_and_growth_mappings(bench_log):
    types = Counter(Activity.objects.values_list("activity_type__code", flat=True))
    statuses = Counter(Activity.objects.values_list("status", flat=True))
    assert (types["guidance"] + types["growth_mapping"]) / SIZE > 0.75
    assert {"event", "collaboration", "growth_course", "press"} <= set(types)
    assert 0.85 < statuses[Activity.Status.APPROVED] / SIZE < 0.97
    assert Activity.objects.filter(delivered_in__isnull=False).exists()
    assert Activity.objects.filter(deleted_at__isnull=False).exists()
    firms_of_both_houses = (
        Activity.objects.filter(firm__isnull=False)
        .values("firm")
        .annotate(houses=Count("house", distinct=True))
        .filter(houses=2)
    )
    assert firms_of_both_houses.exists()


def test_django_adds_after_the_bench_log(bench_log, agreement_2018):
    collaboration = Activity.objects.filter(activity_type__code="collaboration").first()
    logged_after = Activity.objects.create(
        agreement=agreement_2018,
        house=collaboration.house,
        author=collaboration.author,
        activity_type=collaboration.activity_type,
        date=collaboration.date,
    )
    logged_after.goals.set(collaboration.goals.all())
    assert logged_after.pk == SIZE + 1
    assert logged_after.goals.count() == 1


def test_floor_counts_what_the_rollup_counts(bench_log, agreement_2018):
    rollups.rollup_full(agreement_2018)
    with connection.cursor() as cursor:
        cursor.execute(FLOOR_SQL, [agreement_2018.pk])
        floor = cursor.fetchall()
    # Every analysis is linked to goal c.1, so its target counts them all.
    analyses = Target.objects.get(agreement=agreement_2018, code="c.1.analyses")
    type_id = analyses.activity_types.get().pk
    by_house_and_month = {
        (house_id, month.date()): count
        for activity_type_id, house_id, month, count, _quantity, _firms in floor
        if activity_type_id == type_id
    }
    counted = {
        (row.house_id, row.month): row.value
        for row in TargetMonth.objects.filter(target=analyses, house__isnull=False, value__gt=0)
    }
    assert counted == by_house_and_month


def test_distinct_floor_counts_the_firms_the_rollup_counts(bench_log, agreement_2018):
    rollups.rollup_full(agreement_2018)
    sql, params = distinct_floor_sql(agreement_2018)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {DISTINCT_FLOOR_TABLE}")
        cursor.execute(sql, params)
        cursor.execute(f"SELECT target_id, house_id, month, firms FROM {DISTINCT_FLOOR_TABLE}")
        floor = {(target, house, month.date()): n for target, house, month, n in cursor.fetchall()}
    counted = {
        (row.target_id, row.house_id, row.month): row.value
        for row in TargetMonth.objects.filter(
            target__agreement=agreement_2018, target__kind__in=Target.FIRM_KINDS, value__gt=0
        )
    }
    assert floor and counted == floor
