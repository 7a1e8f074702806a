"""The workbook's sheet titles and what each holds: the sheets use the titles, the cover
lists both as its guide."""

from django.utils.translation import gettext as _
from django.utils.translation import pgettext


def cover() -> str:
    return pgettext("workbook sheet", "Cover")


def overview() -> str:
    return pgettext("workbook sheet", "Overview")


def firms() -> str:
    return _("Firms")


def municipalities() -> str:
    return _("Municipalities")


def activities() -> str:
    return _("Activities")


def measurements() -> str:
    return _("Effect measurements")


def status_texts() -> str:
    return _("Status texts")


def guide(houses, revision_title) -> list[tuple[str, str]]:
    """Return each sheet after the cover with a line on what it holds, in order."""
    return [
        (
            overview(),
            _(
                "Every target with both houses' figures, status and points, and each house's latest status text."
            ),
        ),
        *(
            (house.name, _("Every target with the house's own figures and latest status text."))
            for house in houses
        ),
        (firms(), _("The national firm targets for each house and both, with a chart.")),
        (municipalities(), _("Firms guided, growth mappings and activities by municipality.")),
        (activities(), _("Every approved activity of the year.")),
        (measurements(), _("Every effect measurement, with its share.")),
        (status_texts(), _("Every status text, by goal, quarter and house.")),
        (
            revision_title,
            _("Next year's targets and comments, for the KKRs to fill in (the yellow columns)."),
        ),
    ]
