"""The municipalities: the national targets and the activities, municipality by municipality."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.utils.text import Truncator

from agreement.models import Agreement, Municipality
from goals.models import Target

from ..models import MunicipalityActivity, TargetMunicipality
from .scope import Scope, sort_rows


@dataclass
class MunicipalityFigures:
    municipality: Municipality
    values: list[Decimal]  # one per national target
    activities: int
    pending: int


def municipality_figures(
    agreement: Agreement, scope: Scope, municipalities: list[Municipality], *, sort: str = ""
):
    """Return the national targets and the figures of each municipality of the area:
    the targets' values there, and its approved and pending activities.
    """
    national = list(
        Target.objects.filter(
            agreement=agreement, goal__isnull=True, kind__in=Target.COUNTING_KINDS
        ).order_by("position")
    )
    values = defaultdict(Decimal)
    rows = scope.rows(TargetMunicipality.objects.filter(target__in=national))
    for municipality, target, value in rows.values_list("municipality", "target", "value"):
        values[municipality, target] = value
    activities = {
        municipality: (count, pending)
        for municipality, count, pending in scope.rows(
            MunicipalityActivity.objects.filter(agreement=agreement)
        ).values_list("municipality", "activities", "pending")
    }
    rows = [
        MunicipalityFigures(
            municipality=municipality,
            values=[values[municipality.pk, target.pk] for target in national],
            activities=activities.get(municipality.pk, (0, 0))[0],
            pending=activities.get(municipality.pk, (0, 0))[1],
        )
        for municipality in scope.municipalities(municipalities)
    ]
    codes = [target.code for target in national]
    return national, sort_rows(
        rows, sort, codes, activities=lambda row: (row.activities, row.municipality.name)
    )


def municipality_chart(targets: list[Target], rows: list[MunicipalityFigures]) -> dict:
    """Return the national targets' values by municipality as bars, for Chart.js."""
    return {
        "kind": "bar",
        "labels": [row.municipality.name for row in rows],
        "series": [
            {
                "label": Truncator(target.text).words(8),
                "data": [float(row.values[i]) for row in rows],
            }
            for i, target in enumerate(targets)
        ],
    }
