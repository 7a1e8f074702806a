"""The municipalities' chart: the national targets, municipality by municipality."""

from django.utils.text import Truncator

from goals.models import Target
from reporting.rollups.selectors import MunicipalityFigures


def municipality_chart(targets: list[Target], rows: list[MunicipalityFigures]) -> dict:
    """Return the national targets' values by municipality as bars, for Chart.js."""
    return {
        "kind": "bar",
        "whole": True,  # firms counted
        "labels": [row.municipality.name for row in rows],
        "series": [
            {
                "label": Truncator(target.text).words(8),
                "data": [float(row.values[i]) for row in rows],
            }
            for i, target in enumerate(targets)
        ],
    }
