"""The month and municipality tables of the counting targets: TargetMonth, TargetMunicipality.

Counts arrive as {(house id, month or municipality id): (value, pending)}, the house
None (ALL) for the totals of all houses. A full run writes every month of the period
for each house; an update replaces only the cells a change can touch, and carries the
running totals of those houses on.
"""

from collections import defaultdict
from datetime import date as Date
from decimal import Decimal

from django.db.models import Q

from core.periods import next_month
from reporting.models import TargetMonth, TargetMunicipality

ALL = None  # the house of the totals rows
NOTHING = (Decimal(0), Decimal(0))  # a cell with no value and nothing pending


def in_month(field: str, month: Date) -> Q:
    """Return a condition on a date field: within the month."""
    return Q(**{f"{field}__gte": month, f"{field}__lt": next_month(month)})


def in_pairs(pairs) -> Q:
    """Return a condition on rows with a house and a municipality: in one of the pairs."""
    condition = Q(pk__in=[])
    for house, municipality in pairs:
        condition |= Q(house=house, municipality=municipality)
    return condition


def month_rows(target, houses, months, counts) -> list[TargetMonth]:
    """Return a row for each month of each house and of all houses, with the running total."""
    rows = []
    for house in [*houses, ALL]:
        house_id = house.pk if house else None
        running = Decimal(0)
        for month in months:
            value, pending = counts.get((house_id, month), NOTHING)
            running += value
            rows.append(
                TargetMonth(
                    target=target,
                    house_id=house_id,
                    month=month,
                    value=value,
                    cumulative=running,
                    pending=pending,
                )
            )
    return rows


def municipality_rows(target, counts) -> list[TargetMunicipality]:
    """Return a row for each municipality cell with something in it."""
    return [
        TargetMunicipality(
            target=target, house_id=house, municipality_id=municipality, value=n, pending=pending
        )
        for (house, municipality), (n, pending) in counts.items()
        if municipality is not None and (n or pending)
    ]


def replace(target, month_cells, month_counts, municipality_pairs, municipality_counts) -> None:
    """Set the recounted month cells, carry the running totals, and replace municipality cells."""
    _replace_months(target, month_cells, month_counts)
    TargetMunicipality.objects.filter(in_pairs(municipality_pairs), target=target).delete()
    TargetMunicipality.objects.bulk_create(
        municipality_rows(
            target,
            {
                pair: counted
                for pair, counted in municipality_counts.items()
                if pair in municipality_pairs
            },
        )
    )


def _replace_months(target, month_cells, month_counts):
    series = defaultdict(list)
    rows = TargetMonth.objects.filter(target=target, house__in=[h for h, _m in month_cells if h])
    if any(house is None for house, _month in month_cells):
        rows = rows | TargetMonth.objects.filter(target=target, house__isnull=True)
    for row in rows.order_by("month"):
        series[row.house_id].append(row)
    changed = []
    for house_id, house_rows in series.items():
        running = Decimal(0)
        for row in house_rows:
            if (house_id, row.month) in month_cells:
                row.value, row.pending = month_counts.get((house_id, row.month), NOTHING)
            running += row.value
            row.cumulative = running
            changed.append(row)
    TargetMonth.objects.bulk_update(changed, ["value", "cumulative", "pending"])
