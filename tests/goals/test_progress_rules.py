"""The pure rules of goals/progress.py: how much of the period has passed, the pace,
the traffic light of a target and of a goal, and the points.

Targets are built in memory; only the check over the whole 2018 agreement reads the
database. The expected numbers are worked out by hand in the comments.
"""

import datetime
from decimal import Decimal

import pytest

from goals import progress
from goals.models import Progress, Target

START, END = datetime.date(2018, 1, 1), datetime.date(2018, 12, 31)  # 365 days
MID_YEAR = Decimal(181) / Decimal(365)  # 30 June: 181 days have passed
WHOLE_YEAR = Decimal(1)
HALF = Decimal("0.5")

A, T, R, B, N = (
    Progress.ACHIEVED,
    Progress.ON_TRACK,
    Progress.AT_RISK,
    Progress.BEHIND,
    Progress.NOT_STARTED,
)


def at_least(n, kind=Target.Kind.COUNT, weight=1):
    return Target(kind=kind, threshold=Decimal(n), weight=Decimal(weight))


def without_threshold(kind=Target.Kind.COUNT):
    return Target(kind=kind, threshold=None)


def milestone(weight=1):
    return Target(kind=Target.Kind.MILESTONE, weight=Decimal(weight))


def share_on(month, day, year=2018):
    return progress.elapsed_share(START, END, datetime.date(year, month, day))


def status(target, value, share, **done):
    return progress.status(target, None if value is None else Decimal(value), share, **done)


# --- The share of the period, and the pace ----------------------------------------


@pytest.mark.parametrize(
    "today, share",
    [
        (datetime.date(2017, 12, 31), Decimal(0)),  # before the period
        (datetime.date(2018, 1, 1), Decimal(1) / Decimal(365)),  # the first day has passed
        (datetime.date(2018, 6, 30), Decimal(181) / Decimal(365)),
        (datetime.date(2018, 7, 2), Decimal(183) / Decimal(365)),  # 2 July: just past half
        (datetime.date(2018, 12, 31), Decimal(1)),  # by the end of the last day
        (datetime.date(2019, 3, 1), Decimal(1)),  # after the period: all of it
    ],
)
def test_the_elapsed_share_counts_days_to_the_end_of_today(today, share):
    assert progress.elapsed_share(START, END, today) == share


def test_a_leap_year_has_366_days():
    share = progress.elapsed_share(
        datetime.date(2020, 1, 1), datetime.date(2020, 12, 31), datetime.date(2020, 2, 29)
    )

    assert share == Decimal(60) / Decimal(366)


def test_the_pace_is_the_threshold_times_the_elapsed_share():
    # 4,000 firms by 30 June: 4000 x 181/365 = 1983.56
    assert progress.pace(Decimal(4000), MID_YEAR).quantize(Decimal("0.01")) == Decimal("1983.56")
    assert progress.pace(Decimal(5), WHOLE_YEAR) == 5
    assert progress.pace(None, MID_YEAR) is None


# --- The status of a counting target ------------------------------------------------


@pytest.mark.parametrize(
    "value, expected",
    [
        ("100", A),  # at the threshold: achieved
        ("99.99", T),
        ("45", T),  # exactly 90 % of the pace (100 x 0.5 = 50)
        ("44.99", R),
        ("35", R),  # exactly 70 %
        ("34.99", B),
        ("1", B),
    ],
)
def test_a_count_is_judged_against_the_pace_with_margins_of_90_and_70_percent(value, expected):
    assert status(at_least(100), value, HALF) == expected


@pytest.mark.parametrize(
    "value, expected",
    [
        (4000, A),
        (1786, T),  # 90 % of 1983.56 is 1785.21
        (1785, R),
        (1389, R),  # 70 % of 1983.56 is 1388.49
        (1388, B),
    ],
)
def test_four_thousand_firms_by_30_june(value, expected):
    assert status(at_least(4000, Target.Kind.DISTINCT_FIRMS), value, MID_YEAR) == expected


@pytest.mark.parametrize(
    "value, expected", [(5, A), (6, A), (4.5, T), (4, R), (3.5, R), (3, B), (0, B)]
)
def test_at_year_end_the_pace_is_the_threshold(value, expected):
    assert status(at_least(5), value, WHOLE_YEAR) == expected


def test_an_of_which_target_follows_the_same_rules():
    subset = at_least(2000, Target.Kind.SUBSET)

    assert status(subset, 2000, MID_YEAR) == A
    assert status(subset, 893, MID_YEAR) == T  # 90 % of 991.78 is 892.60
    assert status(subset, 892, MID_YEAR) == R


def test_at_least_one_is_achieved_by_the_first():
    assert status(at_least(1), 1, share_on(1, 10)) == A


@pytest.mark.parametrize("month, day", [(1, 1), (2, 14), (3, 31)])
def test_nothing_counted_in_the_first_quarter_is_not_started(month, day):
    assert status(at_least(5), 0, share_on(month, day)) == N


def test_nothing_counted_on_the_first_day_of_the_second_quarter_is_behind():
    start = datetime.date(2018, 1, 1)
    march_31, april_1 = datetime.date(2018, 3, 31), datetime.date(2018, 4, 1)

    assert progress.in_first_quarter(start, march_31)
    assert not progress.in_first_quarter(start, april_1)
    early = progress.in_first_quarter(start, april_1)
    assert status(at_least(5), 0, share_on(4, 1), early=early) == B


def test_nothing_counted_after_the_first_quarter_is_behind():
    assert status(at_least(5), 0, share_on(4, 2)) == B
    assert status(at_least(5), 0, MID_YEAR) == B


def test_something_counted_in_the_first_quarter_is_held_against_the_pace():
    # 10 February: 41/365 of 5 is 0.56, and 1 is more than that.
    assert status(at_least(5), 1, share_on(2, 10)) == T
    # 1 of 4,000 firms is far behind the pace of 449 firms.
    assert status(at_least(4000), 1, share_on(2, 10)) == B


def test_a_count_without_a_threshold_is_on_track_once_something_counts():
    logged = without_threshold()

    assert status(logged, 0, WHOLE_YEAR) == N
    assert status(logged, 1, share_on(1, 2)) == T
    assert status(logged, 1, WHOLE_YEAR) == T


# --- Effects and milestones -------------------------------------------------------


@pytest.mark.parametrize(
    "value, expected",
    [("50", A), ("62.5", A), ("45", T), ("44.99", R), ("35", R), ("34.99", B)],
)
@pytest.mark.parametrize("share", [share_on(4, 15), MID_YEAR, WHOLE_YEAR])
def test_an_effect_is_held_against_its_threshold_whatever_the_date(value, expected, share):
    assert status(at_least(50, Target.Kind.EFFECT), value, share) == expected


def test_an_effect_not_measured_is_not_started():
    assert status(at_least(50, Target.Kind.EFFECT), None, WHOLE_YEAR) == N
    assert status(without_threshold(Target.Kind.EFFECT), None, MID_YEAR) == N


def test_an_effect_without_a_threshold_is_on_track_once_measured():
    assert status(without_threshold(Target.Kind.EFFECT), "34", MID_YEAR) == T


def test_a_milestone_is_achieved_when_done_whenever_that_is():
    assert status(milestone(), None, share_on(1, 5), done=True) == A
    assert status(milestone(), None, WHOLE_YEAR, done=True) == A


def test_a_milestone_not_done_is_not_started_until_the_period_ends_then_behind():
    assert status(milestone(), None, share_on(1, 5)) == N
    assert status(milestone(), None, share_on(12, 30)) == N
    assert status(milestone(), None, share_on(12, 31)) == B


# --- The status of a goal -----------------------------------------------------------


def test_goal_4a_is_achieved_only_when_both_its_targets_are():
    professional_areas, growth_courses = at_least(2), at_least(5)
    both = [status(professional_areas, 2, MID_YEAR), status(growth_courses, 5, MID_YEAR)]
    one = [status(professional_areas, 2, MID_YEAR), status(growth_courses, 3, MID_YEAR)]

    assert progress.goal_status(both) == A
    assert one == [A, T]
    assert progress.goal_status(one) == T


@pytest.mark.parametrize(
    "statuses, expected",
    [
        ([A, A, A], A),
        ([A, T], T),
        ([A, N], N),
        ([T, N], N),
        ([N, R], R),
        ([R, B, A], B),
        ([B], B),
        ([], N),
    ],
)
def test_a_goal_takes_the_least_favourable_status_of_its_targets(statuses, expected):
    assert progress.goal_status(statuses) == expected


# --- Points ---------------------------------------------------------------------------


def test_scored_targets_are_those_with_a_threshold_and_milestones():
    assert progress.is_scored(at_least(5))
    assert progress.is_scored(at_least(4000, Target.Kind.DISTINCT_FIRMS))
    assert progress.is_scored(at_least(2000, Target.Kind.SUBSET))
    assert progress.is_scored(at_least(50, Target.Kind.EFFECT))
    assert progress.is_scored(milestone())
    assert not progress.is_scored(without_threshold())
    assert not progress.is_scored(without_threshold(Target.Kind.EFFECT))
    assert not progress.is_scored(Target(kind=Target.Kind.QUALITATIVE))


def test_a_target_the_agreement_only_quotes_is_not_scored_whatever_its_threshold():
    national = Target(kind=Target.Kind.DISTINCT_FIRMS, threshold=Decimal(4000), scored=False)

    assert not progress.is_scored(national)
    assert not progress.is_scored(Target(kind=Target.Kind.MILESTONE, scored=False))
    assert progress.max_points(national, Decimal(10)) == 0
    assert progress.points(national, Decimal(4000), Decimal(0)) == 0


def test_equal_weights_share_the_100_points_equally():
    # 2018: 10 scored targets of weight 1.
    assert progress.max_points(at_least(5), Decimal(10)) == Decimal("10.00")
    assert progress.max_points(milestone(), Decimal(10)) == Decimal("10.00")
    assert progress.max_points(at_least(5), Decimal(12)) == Decimal("8.33")
    assert progress.max_points(at_least(5), Decimal(4)) == Decimal("25.00")


def test_a_heavier_target_has_more_points():
    # Weights 2, 1 and 1: 50, 25 and 25.
    assert progress.max_points(at_least(5, weight=2), Decimal(4)) == Decimal("50.00")
    assert progress.max_points(milestone(weight="0.5"), Decimal(3)) == Decimal("16.67")


def test_a_target_that_is_not_scored_has_no_points():
    assert progress.max_points(without_threshold(), Decimal(12)) == 0
    assert progress.max_points(Target(kind=Target.Kind.QUALITATIVE), Decimal(12)) == 0
    assert progress.max_points(at_least(5), Decimal(0)) == 0


@pytest.mark.parametrize(
    "value, points",
    [
        (None, "0"),
        (0, "0"),
        (1, "1.67"),  # 8.33 x 1/5 = 1.666
        (2, "3.33"),  # 3.332
        (3, "5.00"),  # 4.998
        (5, "8.33"),
        (9, "8.33"),  # at most all of it
    ],
)
def test_a_count_earns_its_points_in_proportion_to_the_threshold_reached(value, points):
    earned = progress.points(at_least(5), value, Decimal("8.33"))

    assert earned == Decimal(points)


def test_points_round_half_up_to_the_cent():
    # 8.33 x 1/2 = 4.165
    assert progress.points(at_least(2), Decimal(1), Decimal("8.33")) == Decimal("4.17")


def test_a_milestone_earns_all_its_points_or_none():
    assert progress.points(milestone(), None, Decimal("8.33"), done=True) == Decimal("8.33")
    assert progress.points(milestone(), None, Decimal("8.33")) == 0


def test_an_effect_earns_the_share_of_its_threshold_measured():
    # 34 % measured against at least 50 %: 68 % of 10 points.
    effect = at_least(50, Target.Kind.EFFECT)

    assert progress.points(effect, Decimal(34), Decimal(10)) == Decimal("6.80")


def test_no_points_without_a_maximum():
    assert progress.points(at_least(5), Decimal(5), Decimal(0)) == 0


def test_an_effect_of_at_least_0_percent_earns_all_its_points_once_measured():
    effect = at_least(0, Target.Kind.EFFECT)

    assert progress.points(effect, Decimal(10), Decimal(10)) == Decimal(10)


# --- Percentages ------------------------------------------------------------------


def test_the_percentage_is_of_the_threshold_and_an_effect_its_own_share():
    assert progress.percentage(at_least(4000), Decimal(6)) == Decimal("0.15")
    assert progress.percentage(at_least(4000), Decimal(1)) == Decimal("0.03")  # 0.025 up
    assert progress.percentage(at_least(5), Decimal(7)) == Decimal("140.00")
    assert progress.percentage(at_least(50, Target.Kind.EFFECT), Decimal("34.125")) == Decimal(
        "34.13"
    )
    assert progress.percentage(without_threshold(), Decimal(3)) is None
    assert progress.percentage(at_least(5), None) is None


# --- The 2018 agreement -------------------------------------------------------------


def scored_maximums(agreement):
    targets = list(Target.objects.filter(agreement=agreement))
    total_weight = sum(t.weight for t in targets if progress.is_scored(t))
    return {t.code: progress.max_points(t, total_weight) for t in targets if progress.is_scored(t)}


@pytest.mark.django_db
def test_the_2018_agreement_shares_100_points_equally_among_its_ten_scored_targets(
    agreement_2018,
):
    maximums = scored_maximums(agreement_2018)

    # The national targets have a threshold but are only quoted: all five houses share them.
    assert sorted(maximums) == [
        "a.2a.events",
        "a.3a.interreg-application",
        "a.4a.growth-courses",
        "a.4a.professional-areas",
        "a.4b.een-coordination",
        "a.4c.programmes",
        "b.a.programmes",
        "b.c.capital-events",
        "c.1.cooperation",
        "c.1.kommissorium",
    ]
    assert set(maximums.values()) == {Decimal("10.00")}
    assert sum(maximums.values()) == 100


def test_rounded_shares_add_up_to_100_within_half_a_cent_each():
    targets = [at_least(5) for _ in range(12)]

    total = sum(progress.max_points(target, Decimal(12)) for target in targets)

    assert total == Decimal("99.96")  # 12 x 8.33
    assert abs(total - 100) <= Decimal("0.005") * len(targets)


def test_three_equal_targets_share_exactly_100_points():
    targets = [at_least(5), milestone(), at_least(2)]

    shares = progress.shared_points(targets)

    assert sum(shares) == 100
    assert sorted(shares) == [Decimal("33.33"), Decimal("33.33"), Decimal("33.34")]


def test_twelve_targets_and_a_heavier_one_share_exactly_100_points():
    targets = [at_least(5) for _ in range(12)] + [at_least(5, weight=2), without_threshold()]

    shares = progress.shared_points(targets)

    assert sum(shares) == 100
    assert shares[-1] == 0
    assert shares[-2] == max(shares)
