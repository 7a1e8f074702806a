"""The cover, the workbook's first sheet: what the document is, how far the agreement has
come, and how to read the rest. Its figures are the dashboards' (the AgreementProgress the
other sheets are written from)."""

from decimal import Decimal

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from goals.models import Progress
from goals.revision import layout
from reporting.rollups.selectors import goals_by_status
from reporting.workbook import titles
from reporting.workbook.cells import moment, number, percent, set_up_print, status, styled, text

WIDTHS = [34, 18, 12, 12]


def status_meanings() -> dict[str, str]:
    """Return what each status colour means, as goals.progress decides it."""
    return {
        Progress.ACHIEVED: _("The target is reached."),
        # xgettext:no-python-format
        Progress.ON_TRACK: _("At least 90 % of where the pace says it should be today."),
        # xgettext:no-python-format
        Progress.AT_RISK: _("At least 70 % of the pace."),
        # xgettext:no-python-format
        Progress.BEHIND: _("Under 70 % of the pace."),
        Progress.NOT_STARTED: _("Nothing counted yet."),
    }


def score_share(score) -> Decimal | None:
    points, maximum = score
    return points / maximum if maximum else None


def write_cover(workbook, export):
    ws = workbook.create_sheet(titles.cover())
    for index, width in enumerate(WIDTHS, 1):
        ws.column_dimensions[get_column_letter(index)].width = width
    set_up_print(ws)
    agreement, progress = export.agreement, export.progress

    def heading(label):
        ws.append([])
        ws.append([styled(ws, label, "heading", "s")])

    def bold(label):
        return styled(ws, str(label), "bold", "s")

    ws.append([styled(ws, agreement.title, "title", "s")])
    ws.row_dimensions[1].height = 28
    ws.append([bold(_("Period")), text(ws, period(agreement))])
    ws.append(
        [
            bold(_("Figures as of")),
            moment(ws, progress.computed_at)
            if progress.computed_at
            else text(ws, _("Not yet counted")),
        ]
    )
    ws.append([bold(_("Written")), moment(ws, timezone.now())])

    heading(_("Score"))
    ws.append([bold(""), bold(_("Points")), bold(_("Of")), bold(_("Share"))])
    for name, score in [
        *((house.name, score) for house, score in progress.house_scores),
        (_("Both houses"), progress.score),
    ]:
        ws.append(
            [
                text(ws, name),
                number(ws, score[0], number_format="#,##0.0"),
                number(ws, score[1], number_format="#,##0.0"),
                percent(ws, score_share(score)),
            ]
        )

    heading(_("Goals by status"))
    ws.append([bold(_("Status")), bold(_("Goals")), bold(_("What the colour means"))])
    counts = goals_by_status(progress.outline.focus_areas)
    for each, meaning in status_meanings().items():
        ws.append([status(ws, each), number(ws, counts.get(each, 0)), text(ws, meaning)])

    heading(_("The sheets"))
    for title, description in titles.guide(progress.houses, layout.SHEET_TITLE):
        ws.append([bold(title), text(ws, description)])


def period(agreement) -> str:
    start, end = agreement.period_start, agreement.period_end
    return f"{date_format(start, 'DATE_FORMAT')} – {date_format(end, 'DATE_FORMAT')}"
