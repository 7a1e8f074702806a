"""The full roll-up against the small 2018 of year.py, worked out by hand.

What every target should show was counted by hand from the year's log (the tables
below), not by calling the roll-up code: each target's value, pending, percentage,
status and points for each house and in total, the months, the municipalities and
the firms a distinct-firm target counts. Then the rules around the tables: an
of-which target never exceeds its parent, a submitted activity is pending until it
is approved, and a second run changes nothing.
"""

from decimal import Decimal

import pytest

from agreement.models import Municipality
from goals.models import Progress, Target
from reporting.activities import services
from reporting.models import TargetFirm, TargetMonth, TargetMunicipality, TargetProgress
from reporting.rollups import services as rollups
from tests.factories import new_cvr
from tests.reporting.rollups.tables import assert_subsets_within_parents, tables
from tests.reporting.rollups.year import (
    APPROVED,
    DRAFT,
    FIRMS,
    MID_YEAR,
    SUBMITTED,
    YEAR_END,
    agreement,
    day,
    guided,
    house_name,
    log,
    target,
)

pytestmark = pytest.mark.django_db

# Counted by hand. 10 targets are scored (6 with a threshold, 4 milestones; the national
# ones are only quoted), weight 1 each: 100 / 10 = 10 points each. On 30 June 181 of 365
# days have passed, so the pace of "at least 5" is 5 x 181/365 = 2.479: on track from
# 2.23, at risk from 1.74.

A, T, R, B, N = (
    Progress.ACHIEVED,
    Progress.ON_TRACK,
    Progress.AT_RISK,
    Progress.BEHIND,
    Progress.NOT_STARTED,
)
NOTHING = (None, 0, None, N, 0)  # qualitative with no status text, or nothing measured

# target: rows for all houses, H and S: (value, pending, percentage, status, points)
MID_YEAR_PROGRESS = {
    # Distinct firms: alfa and zeta count once in the total though both houses guided
    # them; epsilon's guidance is only submitted, its approved growth mapping counts.
    "national.guided-firms": (
        (6, 1, "0.15", B, 0),  # beta eta | alfa | gamma zeta | epsilon | (delta)
        (4, 1, "0.10", B, 0),  # alfa epsilon zeta eta | (delta)
        (4, 0, "0.10", B, 0),  # alfa beta gamma zeta
    ),
    "national.growth-mappings": (
        (3, 2, "0.15", B, 0),  # gamma epsilon zeta | (delta eta)
        (1, 2, "0.05", B, 0),  # epsilon | (delta eta)
        (2, 0, "0.10", B, 0),  # gamma zeta
    ),
    # Qualitative: the goal's latest status text of each house; the total the worst.
    "a.1.cooperation": ((None, 0, None, B, 0), (None, 0, None, R, 0), (None, 0, None, B, 0)),
    # Counts without a threshold: on track once something counts.
    "a.1.collaborations": ((1, 0, None, T, 0), (1, 0, None, T, 0), (0, 0, None, N, 0)),
    "a.2a.events": (
        (1, 1, "100.00", A, "10.00"),  # e1; e2 is not linked to 2a; e3 pending
        (1, 0, "100.00", A, "10.00"),
        (0, 1, "0.00", B, "0.00"),
    ),
    "a.2b.support": (NOTHING, NOTHING, NOTHING),
    "a.2b.collaborations": ((1, 0, None, T, 0), (1, 0, None, T, 0), (0, 0, None, N, 0)),
    "a.2b.startups": ((0, 0, None, N, 0),) * 3,
    # Done jointly: done for each house and for both.
    "a.3a.interreg-application": ((None, 0, None, A, "10.00"),) * 3,
    "a.3a.collaborations": ((2, 0, None, T, 0), (1, 0, None, T, 0), (1, 0, None, T, 0)),
    "a.4a.professional-areas": (
        (1, 1, "50.00", T, "5.00"),  # p1; p3 is not linked to 4a; p2 pending
        (1, 0, "50.00", T, "5.00"),
        (0, 1, "0.00", B, "0.00"),
    ),
    "a.4a.growth-courses": (
        (3, 1, "60.00", T, "6.00"),  # c1 c2 c3; c4 was at home; c5 pending
        (2, 0, "40.00", R, "4.00"),
        (1, 1, "20.00", B, "2.00"),
    ),
    # Done by H alone: done in the total too.
    "a.4b.een-coordination": (
        (None, 0, None, A, "10.00"),
        (None, 0, None, A, "10.00"),
        (None, 0, None, N, "0.00"),
    ),
    "a.4c.programmes": (
        (1, 0, "100.00", A, "10.00"),
        (1, 0, "100.00", A, "10.00"),
        (0, 0, "0.00", B, "0.00"),
    ),
    "b.a.programmes": ((0, 0, "0.00", B, "0.00"),) * 3,
    "b.a.effect": (NOTHING, NOTHING, NOTHING),
    # The latest measurement of each house; the total pools them: 170 of 500.
    "b.b.international-activity": (
        ("34", 0, "34.00", T, 0),
        ("35", 0, "35.00", T, 0),  # 140 of 400 (15 June) replaces 132 of 410
        ("30", 0, "30.00", T, 0),
    ),
    "b.c.capital-events": (
        (1, 0, "50.00", T, "5.00"),  # k1; k2 deleted
        (0, 0, "0.00", B, "0.00"),
        (1, 0, "50.00", T, "5.00"),
    ),
    "b.c.reporting": ((None, 0, None, A, 0), NOTHING, (None, 0, None, A, 0)),
    "b.d.international-sales": (NOTHING, NOTHING, NOTHING),
    "b.e.cooperation": (NOTHING, NOTHING, NOTHING),
    "b.e.cases": ((0, 1, None, N, 0), (0, 1, None, N, 0), (0, 0, None, N, 0)),
    "c.1.kommissorium": ((None, 0, None, N, "0.00"),) * 3,
    "c.1.cooperation": ((None, 0, None, N, "0.00"),) * 3,
    "c.1.analyses": ((1, 0, None, T, 0), (0, 0, None, N, 0), (1, 0, None, T, 0)),
    "c.1.press": ((0, 0, None, N, 0),) * 3,
}

SCORED = {
    "a.2a.events",
    "a.3a.interreg-application",
    "a.4a.professional-areas",
    "a.4a.growth-courses",
    "a.4b.een-coordination",
    "a.4c.programmes",
    "b.a.programmes",
    "b.c.capital-events",
    "c.1.kommissorium",
    "c.1.cooperation",
}

DONE_ON = {
    ("a.3a.interreg-application", "all"): (4, 30),
    ("a.3a.interreg-application", "H"): (4, 30),
    ("a.3a.interreg-application", "S"): (4, 30),
    ("a.4b.een-coordination", "all"): (6, 1),
    ("a.4b.een-coordination", "H"): (6, 1),
}

# On 31 December the whole period has passed: the pace is the threshold itself, and
# a milestone not done is behind. (all, H, S)
YEAR_END_STATUS = {
    "national.guided-firms": (B, B, B),
    "national.growth-mappings": (B, B, B),
    "a.1.cooperation": (B, R, B),
    "a.1.collaborations": (T, T, N),
    "a.2a.events": (A, A, B),
    "a.2b.support": (N, N, N),
    "a.2b.collaborations": (T, T, N),
    "a.2b.startups": (N, N, N),
    "a.3a.interreg-application": (A, A, A),
    "a.3a.collaborations": (T, T, T),
    "a.4a.professional-areas": (B, B, B),  # 1 of 2: below 70 %
    "a.4a.growth-courses": (B, B, B),  # 3 of 5: below 3.5
    "a.4b.een-coordination": (A, A, B),
    "a.4c.programmes": (A, A, B),
    "b.a.programmes": (B, B, B),
    "b.a.effect": (N, N, N),
    "b.b.international-activity": (T, T, T),
    "b.c.capital-events": (B, B, B),
    "b.c.reporting": (A, N, A),
    "b.d.international-sales": (N, N, N),
    "b.e.cooperation": (N, N, N),
    "b.e.cases": (N, N, N),
    "c.1.kommissorium": (B, B, B),
    "c.1.cooperation": (B, B, B),
    "c.1.analyses": (T, N, T),
    "c.1.press": (N, N, N),
}

# The firms a distinct-firm target counts, and from when: (approved on, pending since).
TARGET_FIRMS = {
    "national.guided-firms": {
        ("alfa", "H"): ((2, 10), None),
        ("alfa", "S"): ((4, 5), None),
        ("alfa", "all"): ((2, 10), None),
        ("beta", "S"): ((1, 8), None),
        ("beta", "all"): ((1, 8), None),
        ("gamma", "S"): ((3, 3), None),
        ("gamma", "all"): ((3, 3), None),
        ("delta", "H"): (None, (6, 1)),
        ("delta", "all"): (None, (6, 1)),
        ("epsilon", "H"): ((5, 15), None),
        ("epsilon", "all"): ((5, 15), None),
        ("zeta", "H"): ((3, 20), None),
        ("zeta", "S"): ((6, 10), None),
        ("zeta", "all"): ((3, 20), None),
        ("eta", "H"): ((1, 15), None),
        ("eta", "all"): ((1, 15), None),
    },
    "national.growth-mappings": {
        ("gamma", "S"): ((5, 20), None),
        ("gamma", "all"): ((5, 20), None),
        ("delta", "H"): (None, (6, 1)),
        ("delta", "all"): (None, (6, 1)),
        ("epsilon", "H"): ((5, 15), None),
        ("epsilon", "all"): ((5, 15), None),
        ("zeta", "S"): ((6, 10), None),
        ("zeta", "all"): ((6, 10), None),
        ("eta", "H"): (None, (6, 25)),
        ("eta", "all"): (None, (6, 25)),
    },
}

# What each month added: {target: {house: {month: (value, pending)}}}; every other
# month of a counting target is (0, 0).
MONTHS = {
    "national.guided-firms": {
        "all": {1: (2, 0), 2: (1, 0), 3: (2, 0), 5: (1, 0), 6: (0, 1)},
        "H": {1: (1, 0), 2: (1, 0), 3: (1, 0), 5: (1, 0), 6: (0, 1)},
        "S": {1: (1, 0), 3: (1, 0), 4: (1, 0), 6: (1, 0)},
    },
    "national.growth-mappings": {
        "all": {5: (2, 0), 6: (1, 2)},
        "H": {5: (1, 0), 6: (0, 2)},
        "S": {5: (1, 0), 6: (1, 0)},
    },
    "a.1.collaborations": {"all": {2: (1, 0)}, "H": {2: (1, 0)}},
    "a.2a.events": {"all": {5: (1, 0), 6: (0, 1)}, "H": {5: (1, 0)}, "S": {6: (0, 1)}},
    "a.2b.collaborations": {"all": {2: (1, 0)}, "H": {2: (1, 0)}},
    "a.3a.collaborations": {"all": {2: (1, 0), 4: (1, 0)}, "H": {2: (1, 0)}, "S": {4: (1, 0)}},
    "a.4a.professional-areas": {
        "all": {3: (1, 0), 6: (0, 1)},
        "H": {3: (1, 0)},
        "S": {6: (0, 1)},
    },
    "a.4a.growth-courses": {
        "all": {2: (1, 0), 4: (1, 0), 5: (1, 0), 6: (0, 1)},
        "H": {4: (1, 0), 5: (1, 0)},
        "S": {2: (1, 0), 6: (0, 1)},
    },
    "a.4c.programmes": {"all": {6: (1, 0)}, "H": {6: (1, 0)}},
    "b.c.capital-events": {"all": {3: (1, 0)}, "S": {3: (1, 0)}},
    "b.e.cases": {"all": {5: (0, 1)}, "H": {5: (0, 1)}},
    "c.1.analyses": {"all": {1: (1, 0)}, "S": {1: (1, 0)}},
}

# The running total of firms guided, January to December.
GUIDED_FIRMS_TO_DATE = {
    "all": [2, 3, 5, 5, 6, 6, 6, 6, 6, 6, 6, 6],
    "H": [1, 2, 3, 3, 4, 4, 4, 4, 4, 4, 4, 4],
    "S": [1, 1, 2, 3, 3, 4, 4, 4, 4, 4, 4, 4],
}

# {target: {house: {municipality code: (value, pending)}}}: a distinct-firm target
# places a firm where the firm sits; a count where the activity took place.
MUNICIPALITIES = {
    "national.guided-firms": {
        "all": {
            101: (1, 0),
            147: (1, 0),
            157: (0, 1),
            219: (1, 0),
            259: (1, 0),
            265: (1, 0),
            316: (1, 0),
        },
        "H": {101: (1, 0), 147: (1, 0), 157: (0, 1), 219: (1, 0), 316: (1, 0)},
        "S": {101: (1, 0), 259: (1, 0), 265: (1, 0), 316: (1, 0)},
    },
    "national.growth-mappings": {
        "all": {147: (0, 1), 157: (0, 1), 219: (1, 0), 259: (1, 0), 316: (1, 0)},
        "H": {147: (0, 1), 157: (0, 1), 219: (1, 0)},
        "S": {259: (1, 0), 316: (1, 0)},
    },
    "a.2a.events": {"all": {101: (1, 0)}, "H": {101: (1, 0)}},
    "a.4a.growth-courses": {
        # c2 with gamma (Køge) took place in Solrød.
        "all": {101: (1, 0), 157: (0, 1), 265: (1, 0), 269: (1, 0)},
        "H": {265: (1, 0), 269: (1, 0)},
        "S": {101: (1, 0), 157: (0, 1)},
    },
}


def progress_rows():
    """Return {(target, house): (value, pending, percentage, status, points)} as computed."""
    return {
        (row.target.code, house_name(row.house and row.house.key)): (
            row.value,
            row.pending,
            row.percentage,
            row.status,
            row.points,
        )
        for row in TargetProgress.objects.filter(target__agreement__year=2018).select_related(
            "target", "house"
        )
    }


# --- The year, counted ------------------------------------------------------------


def expected_progress(table):
    expected = {}
    for code, rows in table.items():
        for name, (value, pending, percentage, status, points) in zip(
            ("all", "H", "S"), rows, strict=True
        ):
            expected[(code, name)] = (
                None if value is None else Decimal(value),
                Decimal(pending),
                None if percentage is None else Decimal(percentage),
                status,
                Decimal(points),
            )
    return expected


def test_the_hand_counted_table_covers_every_target_of_2018(agreement_2018):
    codes = set(Target.objects.filter(agreement=agreement_2018).values_list("code", flat=True))

    assert set(MID_YEAR_PROGRESS) == codes == set(YEAR_END_STATUS)
    assert len(codes) == 26


def test_every_target_has_the_hand_counted_value_pending_percentage_and_status_at_mid_year(year):
    rollups.rollup_full(agreement(), today=MID_YEAR)

    assert progress_rows() == expected_progress(MID_YEAR_PROGRESS)


def test_scored_targets_share_the_100_points_and_milestones_keep_their_day(year):
    rollups.rollup_full(agreement(), today=MID_YEAR)

    rows = TargetProgress.objects.filter(target__agreement__year=2018).select_related(
        "target", "house"
    )
    for row in rows:
        name = house_name(row.house and row.house.key)
        assert row.max_points == (Decimal("10.00") if row.target.code in SCORED else 0), row
        assert row.done_on == day(DONE_ON.get((row.target.code, name))), row
    assert rows.count() == 26 * 3
    assert sum(row.max_points for row in rows if row.house is None) == 100


def test_at_year_end_the_same_counts_have_the_statuses_of_a_finished_year(year):
    rollups.rollup_full(agreement(), today=YEAR_END)

    computed = progress_rows()
    expected = expected_progress(MID_YEAR_PROGRESS)
    for code, statuses in YEAR_END_STATUS.items():
        for name, status in zip(("all", "H", "S"), statuses, strict=True):
            value, pending, percentage, _status, points = expected[(code, name)]
            expected[(code, name)] = (value, pending, percentage, status, points)
    assert computed == expected


def test_a_firm_counts_once_in_the_total_from_the_first_day_it_counted(year):
    rollups.rollup_full(agreement(), today=MID_YEAR)

    firm_names = {year[name].pk: name for name in FIRMS}
    for code, firms in TARGET_FIRMS.items():
        computed = {
            (firm_names[row.firm_id], house_name(row.house and row.house.key)): (
                row.approved_on,
                row.pending_on,
            )
            for row in TargetFirm.objects.filter(target=target(code)).select_related("house")
        }
        expected = {
            key: (day(approved), day(pending)) for key, (approved, pending) in firms.items()
        }
        assert computed == expected, code
        assert TargetFirm.objects.filter(target=target(code)).count() == len(firms)


def test_months_hold_what_each_month_added_and_the_running_total(year):
    rollups.rollup_full(agreement(), today=MID_YEAR)

    for the_target in Target.objects.filter(agreement__year=2018):
        rows = TargetMonth.objects.filter(target=the_target).select_related("house")
        if not the_target.is_counting:
            assert not rows.exists(), the_target.code
            continue
        assert rows.count() == 12 * 3, the_target.code
        months = MONTHS.get(the_target.code, {})
        for name in ("all", "H", "S"):
            house_rows = sorted(
                (row for row in rows if house_name(row.house and row.house.key) == name),
                key=lambda row: row.month,
            )
            expected = months.get(name, {})
            assert [(row.month.month, row.value, row.pending) for row in house_rows] == [
                (month, *expected.get(month, (0, 0))) for month in range(1, 13)
            ], (the_target.code, name)
            running = [
                sum(expected.get(m, (0, 0))[0] for m in range(1, month + 1))
                for month in range(1, 13)
            ]
            assert [row.cumulative for row in house_rows] == running, (the_target.code, name)
            if the_target.code == "national.guided-firms":
                assert running == GUIDED_FIRMS_TO_DATE[name]


def test_municipalities_place_firms_where_they_sit_and_activities_where_they_took_place(year):
    rollups.rollup_full(agreement(), today=MID_YEAR)

    computed = {}
    for row in TargetMunicipality.objects.filter(target__agreement__year=2018).select_related(
        "target", "house", "municipality"
    ):
        places = computed.setdefault(row.target.code, {}).setdefault(
            house_name(row.house and row.house.key), {}
        )
        places[row.municipality.code] = (row.value, row.pending)
    assert computed == MUNICIPALITIES


def test_an_of_which_target_never_exceeds_its_parent(year):
    rollups.rollup_full(agreement(), today=MID_YEAR)

    assert_subsets_within_parents(agreement())


# --- Pending and approved ---------------------------------------------------------


def test_a_submitted_activity_is_pending_until_a_manager_approves_it(people):
    firm = services.firm_create(
        cvr=new_cvr(),
        name="Ny ApS",
        municipality=Municipality.objects.get(code=101),
        user=people["hanne"],
    )
    activity = log(people, "hanne", "guidance", (3, 1), firm=firm, status=DRAFT)
    rollups.rollup_full(agreement(), today=MID_YEAR)
    assert guided("all") == (0, 0)

    services.activity_submit(activity=activity, user=people["hanne"], version=activity.version)
    rollups.rollup_full(agreement(), today=MID_YEAR)
    assert guided("all") == guided("H") == (0, 1)

    services.activity_approve(activity=activity, user=people["mads"], version=activity.version)
    rollups.rollup_full(agreement(), today=MID_YEAR)
    assert guided("all") == guided("H") == (1, 0)
    assert guided("S") == (0, 0)


def test_a_firm_approved_in_one_house_and_pending_in_the_other_counts_once_approved(people):
    firm = services.firm_create(
        cvr=new_cvr(),
        name="Ny ApS",
        municipality=Municipality.objects.get(code=265),
        user=people["sofie"],
    )
    log(people, "sofie", "guidance", (5, 1), firm=firm, status=SUBMITTED)
    log(people, "hanne", "guidance", (6, 1), firm=firm, status=APPROVED)

    rollups.rollup_full(agreement(), today=MID_YEAR)

    assert guided("H") == (1, 0)
    assert guided("S") == (0, 1)
    assert guided("all") == (1, 0)


# --- Running twice ----------------------------------------------------------------


def test_a_second_full_run_changes_nothing(year):
    rollups.rollup_full(agreement(), today=MID_YEAR)
    first = tables(agreement())

    rollups.rollup_full(agreement(), today=MID_YEAR)

    assert tables(agreement()) == first
    assert all(first.values())
