"""The "Revision" sheet, exactly as goals.revision.layout says: what the KKRs fill in and upload.

A line of instructions, then one row per target. The code is the key the upload reads,
hidden; the reader sees the goal in the agreement's own numbering ("a) 4a"). The two
open columns (next year's target, a comment) are empty
and yellow, and the only cells of the protected sheet that can be changed; the check
column, hidden, signs the row's year, code and threshold.
"""

from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from goals.revision import layout
from reporting.workbook.cells import (
    DECIMAL_FORMAT,
    TEXT_FORMAT,
    Column,
    Sheet,
    fill_in,
    number,
    percent,
    status,
    text,
)
from reporting.workbook.progress_sheets import share

WIDTHS = {
    layout.CODE: 26,
    layout.FOCUS_AREA: 7,
    layout.GOAL: 8,
    layout.TEXT: 50,
    layout.KIND: 13,
    layout.THRESHOLD: 11,
    layout.VALUE: 11,
    layout.PERCENTAGE: 11,
    layout.STATUS: 12,
    layout.NEXT_THRESHOLD: 14,
    layout.COMMENT: 45,
    layout.CHECK: 26,
}


def write_revision(workbook, export, rows):
    year = export.agreement.year
    headers = dict(zip(layout.COLUMNS, layout.headers(year), strict=True))
    by_number = {column.number: column for column in layout.COLUMNS}
    # The layout's columns in their places; None for a column it leaves out.
    places = [by_number.get(place) for place in range(1, max(by_number) + 1)]
    columns = [
        Column(
            headers[column],
            WIDTHS.get(column, 14),
            hidden=column in (layout.CODE, layout.CHECK),
            fill_in=column in layout.OPEN_COLUMNS,
            wrap=column in (layout.TEXT, layout.COMMENT),
        )
        if column
        else Column("", 4)
        for column in places
    ]
    sheet = Sheet(workbook, layout.SHEET_TITLE, columns, rows, intro=layout.instructions(year))
    ws = sheet.ws
    for target in export.progress.targets:
        total = target.total_progress
        values = {
            layout.CODE: text(ws, target.code),
            layout.FOCUS_AREA: text(ws, export.focus_area_code(target.goal_id)),
            layout.GOAL: text(ws, export.goal_label(target.goal_id) if target.goal_id else None),
            layout.TEXT: text(ws, target.text, wrap=True),
            layout.KIND: text(ws, target.get_kind_display()),
            layout.THRESHOLD: number(ws, target.threshold),
            layout.VALUE: number(ws, total.value if total else None),
            layout.PERCENTAGE: percent(ws, share(total.percentage) if total else None),
            layout.STATUS: status(ws, total.status) if total else None,
            layout.NEXT_THRESHOLD: fill_in(ws, DECIMAL_FORMAT),
            # Whatever the reviewer types in the comment stays text.
            layout.COMMENT: fill_in(ws, TEXT_FORMAT),
            layout.CHECK: text(ws, layout.signature(year, target.code, target.threshold)),
        }
        sheet.append([values.get(column) for column in places])
    if sheet.written:
        ws.data_validations.append(_next_threshold_validation(sheet.written))
    sheet.close()


def _next_threshold_validation(written):
    validation = DataValidation(
        type="decimal",
        operator="greaterThanOrEqual",
        formula1="0",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=_("Not a number"),
        error=_("Write next year's target as a number of at least 0, or leave it empty."),
    )
    letter = get_column_letter(layout.NEXT_THRESHOLD.number)
    validation.add(f"{letter}{layout.FIRST_ROW}:{letter}{layout.FIRST_ROW + written - 1}")
    return validation
