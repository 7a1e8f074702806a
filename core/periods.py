"""Months of a period, such as an agreement's year, which may start in any month and on any
day."""

from datetime import date as Date
from datetime import timedelta


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
