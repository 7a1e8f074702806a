"""Months and quarters of a period: counted from the period's first day, named by their months.

The agreement file allows a period to start and end on any day (agreement/data/FORMAT.md),
so periods that start mid-month, on the 31st, or that are not a whole number of quarters
long are checked as well as the 2018 (calendar year) and 2019/20 (July to June) periods.
"""

from datetime import date as Date
from datetime import timedelta

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from core import periods
from core.periods import Quarter

YEAR_2018 = (Date(2018, 1, 1), Date(2018, 12, 31))
YEAR_2019_20 = (Date(2019, 7, 1), Date(2020, 6, 30))
FROM_15_JULY = (Date(2019, 7, 15), Date(2020, 7, 14))


def labels(period, language="da"):
    with translation.override(language):
        return [quarter.label for quarter in periods.quarters(*period)]


# The quarters.


def spans(period):
    """Return each quarter of the period as its first and last day."""
    return [f"{quarter.first_day} to {quarter.last_day}" for quarter in periods.quarters(*period)]


@pytest.mark.parametrize(
    ("period", "quarters"),
    [
        pytest.param(
            YEAR_2018,
            ["2018-01-01 to 2018-03-31", "2018-04-01 to 2018-06-30"]
            + ["2018-07-01 to 2018-09-30", "2018-10-01 to 2018-12-31"],
            id="a calendar year: the calendar's quarters",
        ),
        pytest.param(
            YEAR_2019_20,
            ["2019-07-01 to 2019-09-30", "2019-10-01 to 2019-12-31"]
            + ["2020-01-01 to 2020-03-31", "2020-04-01 to 2020-06-30"],
            id="from 1 July: July to September first",
        ),
        pytest.param(
            FROM_15_JULY,
            ["2019-07-15 to 2019-10-14", "2019-10-15 to 2020-01-14"]
            + ["2020-01-15 to 2020-04-14", "2020-04-15 to 2020-07-14"],
            id="from the 15th: the 15th to the 14th",
        ),
        pytest.param(
            (Date(2018, 1, 31), Date(2019, 1, 30)),
            ["2018-01-31 to 2018-04-29", "2018-04-30 to 2018-07-30"]
            + ["2018-07-31 to 2018-10-30", "2018-10-31 to 2019-01-30"],
            id="from the 31st: the last day of shorter months",
        ),
    ],
)
def test_the_quarters_are_three_months_each_from_the_periods_first_day(period, quarters):
    assert spans(period) == quarters
    assert [quarter.number for quarter in periods.quarters(*period)] == [1, 2, 3, 4]


def test_the_last_quarter_ends_with_a_period_that_is_not_whole_quarters_long():
    half_year = periods.quarters(Date(2018, 1, 1), Date(2018, 6, 30))
    longer = periods.quarters(Date(2018, 1, 1), Date(2019, 2, 15))

    assert [quarter.number for quarter in half_year] == [1, 2]
    assert longer[-1] == Quarter(5, Date(2019, 1, 1), Date(2019, 2, 15))


def test_a_quarter_by_its_number():
    assert periods.quarter(*YEAR_2019_20, 3) == Quarter(3, Date(2020, 1, 1), Date(2020, 3, 31))


def test_a_quarter_past_the_period_keeps_its_three_months():
    assert periods.quarter(*YEAR_2018, 5) == Quarter(5, Date(2019, 1, 1), Date(2019, 3, 31))


def test_quarters_are_counted_from_1():
    with pytest.raises(ValueError):
        periods.quarter(*YEAR_2018, 0)


@pytest.mark.parametrize(
    ("day", "number"),
    [
        (Date(2019, 7, 1), 1),
        (Date(2019, 9, 30), 1),
        (Date(2019, 10, 1), 2),
        (Date(2020, 2, 29), 3),
        (Date(2020, 6, 30), 4),
    ],
)
def test_the_quarter_that_holds_a_day(day, number):
    assert periods.quarter_of(*YEAR_2019_20, day).number == number


@pytest.mark.parametrize("day", [Date(2019, 6, 30), Date(2020, 7, 1)])
def test_no_quarter_holds_a_day_outside_the_period(day):
    assert periods.quarter_of(*YEAR_2019_20, day) is None


periods_of_any_shape = st.tuples(
    st.dates(min_value=Date(2000, 1, 1), max_value=Date(2100, 1, 1)),
    st.integers(min_value=1, max_value=800),
).map(lambda start_and_days: (start_and_days[0], start_and_days[0] + timedelta(start_and_days[1])))


@given(period=periods_of_any_shape)
def test_the_quarters_cover_the_period_one_after_the_other(period):
    start, end = period
    quarters = periods.quarters(start, end)

    assert quarters[0].first_day == start
    assert quarters[-1].last_day == end
    for quarter, following in zip(quarters, quarters[1:], strict=False):
        assert following.first_day == quarter.last_day + timedelta(days=1)
        assert 89 <= (quarter.last_day - quarter.first_day).days + 1 <= 92  # three months
    for number, quarter in enumerate(quarters, start=1):
        assert quarter.number == number
        assert periods.quarter(start, end, number) == quarter
        assert periods.quarter_of(start, end, quarter.first_day) == quarter
        assert periods.quarter_of(start, end, quarter.last_day) == quarter


# The labels.


def test_the_2018_quarters_in_danish():
    assert labels(YEAR_2018) == [
        "1. kvartal: januar–marts 2018",
        "2. kvartal: april–juni 2018",
        "3. kvartal: juli–september 2018",
        "4. kvartal: oktober–december 2018",
    ]


def test_the_2019_20_quarters_in_danish_name_the_year_of_their_months():
    assert labels(YEAR_2019_20) == [
        "1. kvartal: juli–september 2019",
        "2. kvartal: oktober–december 2019",
        "3. kvartal: januar–marts 2020",
        "4. kvartal: april–juni 2020",
    ]


def test_the_2019_20_quarters_in_english():
    assert labels(YEAR_2019_20, "en") == [
        "Quarter 1: July–September 2019",
        "Quarter 2: October–December 2019",
        "Quarter 3: January–March 2020",
        "Quarter 4: April–June 2020",
    ]


def test_a_quarter_across_the_new_year_names_both_years():
    period = (Date(2019, 11, 1), Date(2020, 10, 31))

    assert labels(period)[0] == "1. kvartal: november 2019–januar 2020"
    assert labels(period, "en")[0] == "Quarter 1: November 2019–January 2020"


def test_quarters_that_are_not_whole_months_name_their_days():
    assert labels(FROM_15_JULY)[:2] == [
        "1. kvartal: 15. juli–14. oktober 2019",
        "2. kvartal: 15. oktober 2019–14. januar 2020",
    ]
    assert labels(FROM_15_JULY, "en")[0] == "Quarter 1: 15 July–14 October 2019"


def test_a_quarter_of_one_month_names_it_once():
    assert labels((Date(2018, 1, 1), Date(2018, 1, 31))) == ["1. kvartal: januar 2018"]
    assert labels((Date(2018, 1, 1), Date(2018, 4, 30)))[-1] == "2. kvartal: april 2018"


def test_a_quarter_reads_as_its_label():
    quarter = periods.quarter(*YEAR_2019_20, 1)

    with translation.override("en"):
        assert str(quarter) == "Quarter 1: July–September 2019"


# Months.


def test_the_months_of_a_july_to_june_period():
    months = periods.months(*YEAR_2019_20)

    assert len(months) == 12
    assert (months[0], months[5], months[-1]) == (
        Date(2019, 7, 1),
        Date(2019, 12, 1),
        Date(2020, 6, 1),
    )


def test_a_period_from_the_15th_touches_thirteen_months():
    months = periods.months(*FROM_15_JULY)

    assert (len(months), months[0], months[-1]) == (13, Date(2019, 7, 1), Date(2020, 7, 1))


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (Date(2019, 7, 15), 3, Date(2019, 10, 15)),
        (Date(2019, 11, 30), 3, Date(2020, 2, 29)),
        (Date(2018, 1, 31), 1, Date(2018, 2, 28)),
        (Date(2018, 12, 31), 12, Date(2019, 12, 31)),
    ],
)
def test_adding_months_keeps_the_day_or_takes_the_months_last(day, months, expected):
    assert periods.add_months(day, months) == expected


def test_the_next_month_starts_on_the_first():
    assert periods.next_month(Date(2019, 12, 31)) == Date(2020, 1, 1)
