"""The progress sheets: the overview (all houses), one sheet per growth house, and the firms chart.

Every figure is a TargetProgress row as `agreement_progress` gives it to the dashboards.
"""

from decimal import Decimal

from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl.chart import BarChart, Reference

from goals.models import Progress
from reporting.workbook.cells import DECIMAL_FORMAT, Column, Sheet, number, percent, text

CHART_LABEL_WORDS = 8  # as the dashboards' charts


def progress_columns() -> list[Column]:
    return [
        Column(_("Focus area"), 12),
        Column(_("Goal"), 8),
        Column(_("Target"), 60),
        Column(_("Kind"), 16),
        Column(_("At least"), 12),
        Column(_("Value"), 12),
        Column(_("Percentage"), 12),
        Column(_("Status"), 14),
        Column(_("Points"), 10),
        Column(_("Latest status text"), 60),
        Column(_("Status text from"), 34),
    ]


class LatestTexts:
    """The newest status text of each goal (by year, quarter, then last change), of either
    house and of each house."""

    def __init__(self, status_texts):
        self.of_goal, self.of_house = {}, {}
        for status_text in sorted(
            status_texts, key=lambda each: (each.year, each.quarter, each.updated_at, each.pk)
        ):
            self.of_goal[status_text.goal_id] = status_text
            self.of_house[status_text.goal_id, status_text.house_id] = status_text

    def latest(self, goal_id, house=None):
        if house is None:
            return self.of_goal.get(goal_id)
        return self.of_house.get((goal_id, house.pk))


def write_overview(workbook, export, rows):
    """Write every target with the all-houses figures and the goal's latest status text."""
    _write_progress(
        workbook,
        pgettext("workbook sheet", "Overview"),
        export,
        rows,
        progress_of=lambda target: target.total_progress,
        house=None,
    )


def write_house(workbook, export, index, house, rows):
    """Write every target with the house's figures and the house's latest status text; a
    target for the other house alone says so, with no figures."""
    _write_progress(
        workbook,
        house.name,
        export,
        rows,
        progress_of=lambda target: target.house_progress[index],
        house=house,
    )


def _write_progress(workbook, title, export, rows, *, progress_of, house):
    sheet = Sheet(workbook, title, progress_columns(), rows)
    for target in export.progress.targets:
        row = progress_of(target)
        status_text = export.latest_texts.latest(target.goal_id, house) if target.goal_id else None
        sheet.append(_progress_cells(sheet.ws, export, target, row, status_text, house))
    sheet.close()


def _progress_cells(ws, export, target, row, status_text, house):
    return [
        text(ws, export.focus_area_code(target.goal_id)),
        text(ws, export.goal_number(target.goal_id)),
        text(ws, target.text),
        text(ws, target.get_kind_display()),
        number(ws, target.threshold),
        number(ws, row.value if row else None),
        percent(ws, share(row.percentage) if row else None),
        text(ws, _status(target, row, house)),
        # As on the dashboards: no points for a target outside the score.
        number(ws, row.points if row and row.max_points else None, number_format=DECIMAL_FORMAT),
        text(ws, status_text.text if status_text else None),
        text(ws, text_source(export, status_text) if status_text else None),
    ]


def _status(target, row, house):
    if not target.concerns(house):
        return _("For %(house)s only") % {"house": target.house.label}
    return Progress(row.status).label if row else None


def share(percentage: Decimal | None) -> Decimal | None:
    """Return a percentage (25.00) as the fraction a percentage cell holds (0.25)."""
    return None if percentage is None else percentage / 100


def text_source(export, status_text) -> str:
    """Say whose status text it is and for which quarter of the period: "Væksthus Sjælland,
    4. kvartal: oktober–december 2018"."""
    quarter = export.agreement.quarter(status_text.quarter)
    return f"{status_text.house.name}, {quarter.label}"


def write_firms(workbook, export, rows):
    """Write the national firm targets' values for each house and both, against the target,
    with a bar chart of the same figures."""
    targets = export.firm_targets
    if not targets:
        return
    houses = export.progress.houses
    columns = [
        Column(_("Target"), 40),
        *(Column(house.name, 18) for house in houses),
        Column(_("Both houses"), 16),
        Column(_("At least"), 12),
    ]
    sheet = Sheet(workbook, _("Firms"), columns, rows)
    for target in targets:
        total = target.total_progress
        sheet.append(
            [
                text(sheet.ws, Truncator(target.text).words(CHART_LABEL_WORDS)),
                *(
                    number(sheet.ws, _firms(target, house, row))
                    for house, row in zip(houses, target.house_progress, strict=True)
                ),
                number(sheet.ws, total.value if total else 0),
                number(sheet.ws, target.threshold),
            ]
        )
    sheet.ws.add_chart(_firms_chart(sheet.ws, len(targets), len(columns)), f"A{len(targets) + 3}")
    sheet.close()


def _firms(target, house, row):
    """Return the house's firms, none for a target of the other house alone."""
    if not target.concerns(house):
        return None
    return row.value if row else 0


def _firms_chart(ws, targets, columns):
    chart = BarChart()
    chart.type, chart.grouping = "col", "clustered"
    chart.title = _("Firms guided: value against the target")
    chart.y_axis.title = _("Firms")
    chart.y_axis.number_format = "#,##0"
    # openpyxl 3.1 marks axes as deleted unless told otherwise; Excel then hides them.
    chart.x_axis.delete = chart.y_axis.delete = False
    chart.add_data(
        Reference(ws, min_col=2, max_col=columns, min_row=1, max_row=targets + 1),
        titles_from_data=True,
    )
    chart.set_categories(Reference(ws, min_col=1, min_row=2, max_row=targets + 1))
    chart.width, chart.height = 22, 11
    return chart
