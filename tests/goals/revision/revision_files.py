"""Revision sheets for the tests, built with openpyxl from an agreement as the year-end
workbook writes them (goals.revision.layout): one row per target, signed.

Build the rows, change what a test needs with the hooks, then write the workbook:

    rows = revision_rows(agreement)
    fill(rows, "a.2a.events", next_threshold=3, comment="Flere events")
    tamper(rows, "a.2a.events", threshold=2)
    drop(rows, "b.e.cases")
    upload(workbook_bytes(rows, year=agreement.year))
"""

import io
import zipfile

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import F

from goals.models import Target
from goals.revision import layout

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def revision_rows(agreement, *, signed_for=None) -> list[dict]:
    """Return a row per target of the agreement, keyed by the layout's column keys, as the
    workbook writes them in the active language.

    signed_for: sign the rows for another year, as another year's workbook would.
    """
    year = signed_for or agreement.year
    rows = []
    targets = (
        Target.objects.filter(agreement=agreement)
        .select_related("goal__focus_area")
        .order_by(F("goal__position").asc(nulls_first=True), "position")
    )
    for target in targets:
        threshold = None if target.threshold is None else float(target.threshold)
        written = {
            column: str(text) or None for column, text in layout.written_texts(target).items()
        }
        rows.append(
            {
                layout.CODE.key: target.code,
                layout.FOCUS_AREA.key: written[layout.FOCUS_AREA],
                layout.GOAL.key: written[layout.GOAL],
                layout.TEXT.key: written[layout.TEXT],
                layout.KIND.key: written[layout.KIND],
                layout.THRESHOLD.key: threshold,
                layout.VALUE.key: 3 if target.is_counting else None,
                layout.PERCENTAGE.key: None,
                layout.STATUS.key: "I gang",
                layout.NEXT_THRESHOLD.key: None,
                layout.COMMENT.key: None,
                layout.CHECK.key: layout.signature(year, target.code, threshold),
            }
        )
    return rows


def row_of(rows, code) -> dict:
    return next(row for row in rows if row[layout.CODE.key] == code)


def fill(rows, code, *, next_threshold=None, comment=None):
    """Fill in the open columns of the target's row, as a KKR does."""
    row = row_of(rows, code)
    row[layout.NEXT_THRESHOLD.key] = next_threshold
    row[layout.COMMENT.key] = comment


def tamper(rows, target_code, /, **cells):
    """Change cells of the target's row outside the open columns, leaving its check as it was."""
    row_of(rows, target_code).update(cells)


def drop(rows, code):
    rows.remove(row_of(rows, code))


def row_number(rows, code) -> int:
    """Return the row number the target's row gets in the sheet."""
    return layout.FIRST_ROW + rows.index(row_of(rows, code))


def workbook_bytes(rows, *, year, sheet_title=layout.SHEET_TITLE, headers=None) -> bytes:
    workbook = openpyxl.Workbook()
    overview = workbook.active
    overview.title = "Oversigt"
    overview.append(["Regional aftale", year])
    sheet = workbook.create_sheet(sheet_title)
    sheet.append([None, layout.instructions(year)])
    sheet.append(headers or layout.headers(year))
    for row in rows:
        sheet.append([row[column.key] for column in layout.COLUMNS])
    sheet.column_dimensions["L"].hidden = True
    content = io.BytesIO()
    workbook.save(content)
    return content.getvalue()


def upload(content, name="revision-2018.xlsx"):
    return SimpleUploadedFile(name, content, content_type=XLSX_TYPE)


def with_member(content, member, data, *, compression=zipfile.ZIP_DEFLATED) -> bytes:
    """Return the workbook with one more part in its zip, e.g. a zip bomb's."""
    packed = io.BytesIO(content)
    with zipfile.ZipFile(packed, "a", compression=compression) as archive:
        archive.writestr(member, data)
    return packed.getvalue()
