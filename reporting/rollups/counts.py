"""Count targets: their activities counted, or their quantities summed, by month and by
municipality, for each house and for all houses. Approved activities give the value,
submitted ones what is pending.
"""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import TruncMonth

from reporting.models import Activity
from reporting.rollups.cells import ALL, in_month

APPROVED, SUBMITTED = Activity.Status.APPROVED, Activity.Status.SUBMITTED


def counted(target):
    """Return the activities the target counts: approved ones, and submitted ones as pending."""
    return Activity.objects.alive().counted_by(target).filter(status__in=[APPROVED, SUBMITTED])


def cell_counts(target):
    """Return the target's month counts and municipality counts, as month_counts and
    municipality_counts give them (with None for an activity of no municipality), from
    one grouped query."""
    grouped = _count(target, counted(target), month=TruncMonth("date"), place=F("municipality"))
    return grouped["month"], grouped["place"]


def month_counts(target, cells=None):
    """Return {(house, month): [value, pending]}, only of these (house, month) cells if given."""
    activities = counted(target)
    if cells is not None:
        condition = Q(pk__in=[])
        for house, month in cells:
            where = in_month("date", month)
            condition |= where & Q(house=house) if house is not None else where
        activities = activities.filter(condition)
    return _count(target, activities, month=TruncMonth("date"))["month"]


def municipality_counts(target, pairs=None):
    """Return {(house, municipality): [value, pending]}, of these pairs' municipalities if given."""
    activities = counted(target).filter(municipality__isnull=False)
    if pairs is not None:
        activities = activities.filter(municipality__in={m for _house, m in pairs})
    return _count(target, activities, place=F("municipality"))["place"]


def _count(target, activities, **groups):
    """Return {group name: {(house, key): [value, pending]}} for houses and for all houses,
    the activities grouped by house and status and each of the groups at once."""
    measure = Sum("quantity") if target.sum_quantity else Count("id")
    counts = {name: defaultdict(lambda: [Decimal(0), Decimal(0)]) for name in groups}
    grouped = activities.values("house", "status", **groups).annotate(n=measure).order_by()
    for row in grouped:
        slot = 0 if row["status"] == APPROVED else 1
        n = Decimal(row["n"] or 0)
        for name, group_counts in counts.items():
            group_counts[(row["house"], row[name])][slot] += n
            group_counts[(ALL, row[name])][slot] += n
    return counts
