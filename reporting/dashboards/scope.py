"""Whose progress a dashboard shows (a house, an area), and what every dashboard shares."""

from dataclasses import dataclass
from datetime import date as Date
from decimal import Decimal

from django.core.cache import cache
from django.utils import timezone

from agreement.models import Agreement, Municipality, Organisation
from goals.progress import elapsed_share


@dataclass(frozen=True)
class Scope:
    """Whose progress a dashboard shows: one growth house or all, in one area or everywhere."""

    house: Organisation | None = None
    kkr: Organisation | None = None
    municipality: Municipality | None = None

    @property
    def area(self):
        return self.municipality or self.kkr

    def in_area(self, rows):
        """Filter rows that have a municipality to the chosen area."""
        if self.municipality is not None:
            return rows.filter(municipality=self.municipality)
        if self.kkr is not None:
            return rows.filter(municipality__kkr=self.kkr)
        return rows

    def municipalities(self, municipalities):
        """Return those of the municipalities that lie in the chosen area."""
        if self.municipality is not None:
            return [each for each in municipalities if each.pk == self.municipality.pk]
        if self.kkr is not None:
            return [each for each in municipalities if each.kkr_id == self.kkr.pk]
        return municipalities

    def rows(self, rows):
        """Filter roll-up rows to the chosen house (the all-houses rows have none) and area."""
        return self.in_area(rows.filter(house=self.house))


MUNICIPALITIES_CACHE_SECONDS = 300


def agreement_municipalities(agreement: Agreement) -> list[Municipality]:
    """Return the municipalities of the agreement's KKRs, by KKR and name, each with its KKR.

    Every dashboard offers them to filter by; they change only when an agreement
    is loaded, so they are kept in the cache for a while.
    """
    key = f"dashboards:municipalities:{agreement.pk}:{agreement.version}"
    municipalities = cache.get(key)
    if municipalities is None:
        municipalities = list(
            Municipality.objects.filter(
                kkr__in=agreement.parties.filter(kind=Organisation.Kind.KKR)
            )
            .select_related("kkr")
            .order_by("kkr__name", "name")
        )
        cache.set(key, municipalities, MUNICIPALITIES_CACHE_SECONDS)
    return municipalities


def pace_share(agreement: Agreement, today: Date | None = None) -> Decimal:
    """Return the share of the period passed: where the pace line stands on every bar."""
    today = today or timezone.localdate()
    return elapsed_share(agreement.period_start, agreement.period_end, today)


def sort_rows(rows, sort, codes, **extra_columns):
    """Sort municipality rows by a column: "municipality" (the default), "kkr", a target's
    code or an extra column; "-" before it sorts in descending order.
    """
    descending = sort.startswith("-")
    column = sort.removeprefix("-")
    columns = {
        "municipality": lambda row: row.municipality.name,
        "kkr": lambda row: (row.municipality.kkr.name, row.municipality.name),
        **{
            code: lambda row, i=i: (row.values[i], row.municipality.name)
            for i, code in enumerate(codes)
        },
        **extra_columns,
    }
    key = columns.get(column, columns["municipality"])
    return sorted(rows, key=key, reverse=descending and column in columns)
