"""Months of a period: the agreement file allows a period to start and end on any day
(agreement/data/FORMAT.md), so a period from the 15th is checked beside July to June."""

from datetime import date as Date

from core import periods

YEAR_2019_20 = (Date(2019, 7, 1), Date(2020, 6, 30))
FROM_15_JULY = (Date(2019, 7, 15), Date(2020, 7, 14))


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


def test_the_next_month_starts_on_the_first():
    assert periods.next_month(Date(2019, 12, 31)) == Date(2020, 1, 1)
