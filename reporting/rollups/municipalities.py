"""Count an agreement's activities by house and municipality, for the Municipalities page.

Unlike the targets' tables, every activity of the agreement counts here, whatever
targets count its type: approved ones as activities, submitted ones as pending.
Called by reporting.rollups.services inside its transaction, under the agreement's lock,
so these rows change together with the targets' tables.
"""

from collections import defaultdict

from django.db.models import Count, Q

from reporting.models import Activity, MunicipalityActivity
from reporting.rollups.cells import ALL
from reporting.rollups.counts import APPROVED, SUBMITTED
from reporting.rollups.rows import sync


def write_full(agreement) -> int:
    """Make the agreement's rows those the log counts now; return the rows written."""
    return sync(
        MunicipalityActivity.objects.filter(agreement=agreement),
        _rows(agreement, _count(agreement)),
        key=lambda row: (row.house_id, row.municipality_id),
        fields=["activities", "pending"],
    )


def write_cells(agreement, cells) -> None:
    """Rewrite the (house, municipality) cells and the all-houses cells of their municipalities.

    The cells are those of the keys before and after a change: what the change can
    have moved an activity out of or into.
    """
    by_house = defaultdict(set)
    for house, municipality in cells:
        if municipality is not None:
            by_house[house].add(municipality)
    if not by_house:
        return
    municipalities = set().union(*by_house.values())
    by_house[ALL] = municipalities
    # One condition per house, not per cell: short SQL however many keys an import brings.
    touched = Q(pk__in=[])
    for house, house_municipalities in by_house.items():
        touched |= Q(house=house, municipality__in=house_municipalities)
    counts = {
        (house, municipality): counted
        for (house, municipality), counted in _count(agreement, municipalities).items()
        if municipality in by_house[house]
    }
    MunicipalityActivity.objects.filter(touched, agreement=agreement).delete()
    MunicipalityActivity.objects.bulk_create(_rows(agreement, counts), batch_size=1000)


def _count(agreement, municipalities=None):
    """Return {(house, municipality): [approved, submitted]} for each house and all houses.

    One query, grouped by house and municipality; the all-houses cells are their sums.
    Only cells with an approved or submitted activity are in it.
    """
    activities = Activity.objects.alive().filter(
        agreement=agreement, status__in=[APPROVED, SUBMITTED], municipality__isnull=False
    )
    if municipalities is not None:
        activities = activities.filter(municipality__in=municipalities)
    grouped = (
        activities.values("house", "municipality")
        .annotate(
            approved=Count("id", filter=Q(status=APPROVED)),
            submitted=Count("id", filter=Q(status=SUBMITTED)),
        )
        .order_by()
    )
    counts = defaultdict(lambda: [0, 0])
    for row in grouped:
        for house in (row["house"], ALL):
            cell = counts[(house, row["municipality"])]
            cell[0] += row["approved"]
            cell[1] += row["submitted"]
    return counts


def _rows(agreement, counts):
    return [
        MunicipalityActivity(
            agreement=agreement,
            house_id=house,
            municipality_id=municipality,
            activities=approved,
            pending=submitted,
        )
        for (house, municipality), (approved, submitted) in counts.items()
    ]
