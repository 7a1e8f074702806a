"""The status report as PDF: an HTML template laid out for print by WeasyPrint, with each
counting target's chart drawn as inline SVG (no JavaScript in a PDF)."""

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.formats import date_format

from goals.progress import pace
from reporting.palette import PROGRESS_COLOURS

CHART_WIDTH, CHART_HEIGHT = 460, 150
CHART_LEFT, CHART_BOTTOM, CHART_TOP = 44, 20, 8


@dataclass
class Chart:
    """A target's month chart, as SVG coordinates: the value to date and the pace line."""

    value_points: str
    pace_points: str
    colour: str
    labels: list[tuple[float, str]]  # x, month
    ticks: list[tuple[float, str]]  # y, value
    width: int = CHART_WIDTH
    height: int = CHART_HEIGHT
    left: int = CHART_LEFT
    bottom: float = CHART_HEIGHT - CHART_BOTTOM


def month_chart(target) -> Chart | None:
    """Return the chart of a counting target's cumulative value by month against its pace."""
    months = getattr(target, "months", None)
    if not months or target.threshold is None:
        return None
    top = float(max(target.threshold, *(row.cumulative for row in months))) or 1.0
    plot_width = CHART_WIDTH - CHART_LEFT - 8
    plot_height = CHART_HEIGHT - CHART_BOTTOM - CHART_TOP
    step = plot_width / max(1, len(months) - 1)

    def x(index):
        return CHART_LEFT + index * step

    def y(value):
        return CHART_HEIGHT - CHART_BOTTOM - float(value) / top * plot_height

    def points(values):
        return " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(values) if v is not None)

    status = target.total_progress.status if target.total_progress else None
    return Chart(
        value_points=points([row.cumulative for row in months]),
        pace_points=points([row.pace for row in months]),
        colour="#" + PROGRESS_COLOURS.get(status, "5C636A"),
        labels=[(x(i), date_format(row.month, "M")) for i, row in enumerate(months)],
        ticks=[(y(top * share), f"{top * share:,.0f}".replace(",", ".")) for share in (0, 0.5, 1)],
    )


def render_html(content) -> str:
    for section in content.sections:
        for target in section.targets:
            target.chart = month_chart(target) if target.is_counting else None
            row = target.total_progress
            target.pace_value = pace(target.threshold, content.pace) if target.is_counting else None
            target.report_row = row
    return render_to_string("reporting/status_report_pdf.html", {"report": content})


def write_pdf(content, out) -> None:
    """Write the report as PDF to `out`, a binary file object."""
    # Imported here: WeasyPrint loads Pango when imported, which only this needs.
    from weasyprint import HTML

    HTML(string=render_html(content)).write_pdf(out)
