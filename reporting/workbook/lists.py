"""The listing sheets: municipalities (from the dashboards' selector), effect measurements
and status texts (from their models)."""

from decimal import Decimal

from django.utils.translation import gettext as _

from reporting.workbook import titles
from reporting.workbook.cells import (
    Column,
    Sheet,
    code,
    day,
    moment,
    number,
    percent,
    status,
    text,
)

CHUNK_SIZE = 2000


def write_municipalities(workbook, export, rows):
    """Write each municipality of the KKRs with the national targets' values there and its
    approved and pending activities, as the municipalities dashboard shows them."""
    columns = [
        Column(_("Municipality"), 18),
        Column(_("Municipality code"), 12),
        Column(_("KKR"), 18),
        *(Column(target.text, 24) for target in export.national),
        Column(_("Approved activities"), 14),
        Column(_("Pending"), 12),
    ]
    sheet = Sheet(workbook, titles.municipalities(), columns, rows)
    ws = sheet.ws
    for figures in export.municipalities:
        municipality = figures.municipality
        sheet.append(
            [
                text(ws, municipality.name),
                code(ws, municipality.code),
                text(ws, municipality.kkr.name),
                *(number(ws, value) for value in figures.values),
                number(ws, figures.activities),
                number(ws, figures.pending),
            ]
        )
    sheet.close()


def write_measurements(workbook, export, rows):
    """Write every effect measurement, each target's latest first within each house."""
    columns = [
        Column(_("Goal"), 8),
        Column(_("Target"), 50, wrap=True),
        Column(_("Growth house"), 28),
        Column(_("Numerator"), 12),
        Column(_("Denominator"), 12),
        Column(_("Share"), 10),
        Column(_("Source"), 30),
        Column(_("Measured on"), 12),
        Column(_("Note"), 40, wrap=True),
    ]
    sheet = Sheet(workbook, titles.measurements(), columns, rows)
    ws = sheet.ws
    targets = {target.pk: target for target in export.progress.targets}
    measurements = export.measurements.latest_first(
        "target__goal__position", "target__position", "house__name"
    ).values_list(
        "target", "house__name", "numerator", "denominator", "source", "measured_on", "note"
    )
    for (
        target_id,
        house,
        numerator,
        denominator,
        source,
        measured_on,
        note,
    ) in measurements.iterator(chunk_size=CHUNK_SIZE):
        target = targets[target_id]
        sheet.append(
            [
                text(ws, export.goal_label(target.goal_id)),
                text(ws, target.text, wrap=True),
                text(ws, house),
                number(ws, numerator),
                number(ws, denominator),
                percent(ws, Decimal(numerator) / Decimal(denominator)),
                text(ws, source),
                day(ws, measured_on),
                text(ws, note, wrap=True),
            ]
        )
    sheet.close()


def write_status_texts(workbook, export, rows):
    """Write every status text, by goal, quarter and house; the quarter with its months."""
    columns = [
        Column(_("Goal"), 8),
        Column(_("Growth house"), 28),
        Column(_("Quarter"), 34),
        Column(_("Status"), 13),
        Column(_("Status text"), 70, wrap=True),
        Column(_("Author"), 22),
        Column(_("Updated"), 17),
    ]
    sheet = Sheet(workbook, titles.status_texts(), columns, rows)
    ws = sheet.ws
    for status_text in export.status_texts:
        sheet.append(
            [
                text(ws, export.goal_label(status_text.goal_id)),
                text(ws, status_text.house.name),
                text(ws, export.agreement.quarter(status_text.quarter).label),
                status(ws, status_text.status),
                text(ws, status_text.text, wrap=True),
                text(ws, status_text.author.get_full_name() or status_text.author.username),
                moment(ws, status_text.updated_at),
            ]
        )
    sheet.close()
