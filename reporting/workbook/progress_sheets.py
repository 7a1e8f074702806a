"""The progress sheets: the overview (all houses), one sheet per growth house, and the firms chart.

Every figure is a TargetProgress row as `agreement_progress` gives it to the dashboards.
"""

from decimal import Decimal

from django.utils.text import Truncator
from django.utils.translation import gettext as _
from openpyxl.chart import BarChart, Reference

from reporting.workbook import titles
from reporting.workbook.cells import (
    DECIMAL_FORMAT,
    Column,
    Sheet,
    number,
    percent,
    status,
    text,
)

CHART_LABEL_WORDS = 8  # as the dashboards' charts


def progress_columns(text_columns) -> list[Column]:
    """Return the progress sheets' columns, sized to print on landscape A4, with the status
    text columns after them."""
    return [
        Column(_("Focus area"), 11),
        Column(_("Goal"), 6),
        Column(_("Target"), 44, wrap=True),
        Column(_("Kind"), 13),
        Column(_("At least"), 9),
        Column(_("Value"), 9),
        Column(_("Percentage"), 10),
        Column(_("Status"), 12),
        Column(_("Points"), 8),
        *text_columns,
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
    """Write every target with the all-houses figures and each house's latest status text
    of the goal, with its quarter."""
    houses = export.progress.houses
    columns = progress_columns(
        [
            Column(_("Latest status text, %(house)s") % {"house": house.name}, 40, wrap=True)
            for house in houses
        ]
    )
    sheet = Sheet(workbook, titles.overview(), columns, rows)
    for target in export.progress.targets:
        texts = [
            export.latest_texts.latest(target.goal_id, house) if target.goal_id else None
            for house in houses
        ]
        sheet.append(
            [
                *_progress_cells(sheet.ws, export, target, target.total_progress, None),
                *(text(sheet.ws, _dated(export, each), wrap=True) for each in texts),
            ]
        )
    sheet.close()


def write_house(workbook, export, index, house, rows):
    """Write every target with the house's figures and the house's latest status text; a
    target for the other house alone says so, with no figures."""
    columns = progress_columns(
        [
            Column(_("Latest status text"), 50, wrap=True),
            Column(_("Status text from"), 24, wrap=True),
        ]
    )
    sheet = Sheet(workbook, house.name, columns, rows)
    for target in export.progress.targets:
        status_text = export.latest_texts.latest(target.goal_id, house) if target.goal_id else None
        sheet.append(
            [
                *_progress_cells(sheet.ws, export, target, target.house_progress[index], house),
                text(sheet.ws, status_text.text if status_text else None, wrap=True),
                text(
                    sheet.ws, text_source(export, status_text) if status_text else None, wrap=True
                ),
            ]
        )
    sheet.close()


def _progress_cells(ws, export, target, row, house):
    return [
        text(ws, export.focus_area_code(target.goal_id)),
        text(ws, export.goal_number(target.goal_id)),
        text(ws, target.text, wrap=True),
        text(ws, target.get_kind_display()),
        number(ws, target.threshold),
        number(ws, row.value if row else None),
        percent(ws, share(row.percentage) if row else None),
        _status(ws, target, row, house),
        # As on the dashboards: no points for a target outside the score.
        number(ws, row.points if row and row.max_points else None, number_format=DECIMAL_FORMAT),
    ]


def _status(ws, target, row, house):
    if not target.concerns(house):
        return text(ws, _("For %(house)s only") % {"house": target.house.label})
    return status(ws, row.status) if row else None


def _dated(export, status_text) -> str | None:
    """Return the status text with its quarter below it, or None."""
    if status_text is None:
        return None
    quarter = export.agreement.quarter(status_text.quarter)
    return f"{status_text.text}\n({quarter.label})"


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
    sheet = Sheet(workbook, titles.firms(), columns, rows)
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
