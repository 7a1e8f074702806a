"""Months and quarters of a period, such as an agreement's year, which may start in any
month and on any day.

A quarter is three months counted from the period's first day, not a calendar quarter:
for a period from 1 July 2019 to 30 June 2020 the first quarter is July to September
2019 and the third January to March 2020. The last quarter ends with the period, so it
is shorter when the period is not a whole number of quarters long.
"""

from calendar import monthrange
from dataclasses import dataclass
from datetime import date as Date
from datetime import timedelta

from django.utils.formats import date_format
from django.utils.translation import gettext, pgettext

MONTHS_PER_QUARTER = 3
ONE_DAY = timedelta(days=1)


def add_months(day: Date, months: int) -> Date:
    """Return the same day the given number of months later, or that month's last day."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, monthrange(year, month)[1]))


def next_month(day: Date) -> Date:
    """Return the first day of the month after the day's."""
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def months(period_start: Date, period_end: Date) -> list[Date]:
    """Return the first day of each month of the period."""
    found, month = [], period_start.replace(day=1)
    while month <= period_end:
        found.append(month)
        month = next_month(month)
    return found


@dataclass(frozen=True)
class Quarter:
    """A quarter of a period: its number, counted from 1, and its first and last day."""

    number: int
    first_day: Date
    last_day: Date

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        """Return the quarter's name with its months: "1. kvartal: juli–september 2019"."""
        return gettext("Quarter %(number)s: %(months)s") % {
            "number": self.number,
            "months": self.months,
        }

    @property
    def months(self) -> str:
        """Return the months the quarter spans: "juli–september 2019", "november 2019–januar
        2020"; with the days where it does not span whole months: "15. juli–14. oktober 2019"."""
        first, last = self.first_day, self.last_day
        whole_months = first.day == 1 and (last + ONE_DAY).day == 1
        form = "F" if whole_months else pgettext("a day and its month, as a date format", "j F")
        first_name, last_name = date_format(first, form), date_format(last, form)
        if first.year != last.year:
            return f"{first_name} {first.year}–{last_name} {last.year}"
        if first_name == last_name:
            return f"{last_name} {last.year}"
        return f"{first_name}–{last_name} {last.year}"


def quarter(period_start: Date, period_end: Date, number: int) -> Quarter:
    """Return the period's quarter with the number, counted from 1.

    A number past the period's last quarter gives the three months it would span had the
    period gone on, so that a text written for it keeps a true label.
    """
    if number < 1:
        raise ValueError(f"quarters are counted from 1, not {number}")
    first_day = add_months(period_start, MONTHS_PER_QUARTER * (number - 1))
    last_day = add_months(period_start, MONTHS_PER_QUARTER * number) - ONE_DAY
    if first_day <= period_end:
        last_day = min(last_day, period_end)
    return Quarter(number, first_day, last_day)


def quarters(period_start: Date, period_end: Date) -> list[Quarter]:
    """Return the quarters of the period, in order: from its first day to its last."""
    found = [quarter(period_start, period_end, 1)]
    while found[-1].last_day < period_end:
        found.append(quarter(period_start, period_end, len(found) + 1))
    return found


def quarter_of(period_start: Date, period_end: Date, day: Date) -> Quarter | None:
    """Return the quarter of the period that holds the day; None outside the period."""
    for each in quarters(period_start, period_end):
        if each.first_day <= day <= each.last_day:
            return each
    return None
