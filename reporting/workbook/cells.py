"""Cells and sheets of the workbook: typed, styled cells, and a sheet that formats itself.

Every text cell is written by `text`: whatever a user typed stays a string and never
becomes a formula, an error value or a number.
"""

import re
from dataclasses import dataclass
from datetime import date as Date
from datetime import datetime
from decimal import Decimal

from django.utils import timezone
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter

from core.spreadsheets import FORMULA_STARTS

TEXT_FORMAT = "@"
INTEGER_FORMAT = "#,##0"
DECIMAL_FORMAT = "#,##0.00"
PERCENT_FORMAT = "0.0%"
DATE_FORMAT = "DD-MM-YYYY"
DATETIME_FORMAT = "DD-MM-YYYY HH:MM"

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")  # light blue
OPEN_FILL = PatternFill("solid", fgColor="FFF2CC")  # light yellow: for the reader to fill in
HEADER_ALIGNMENT = Alignment(vertical="top", wrap_text=True)
# A cell the reader may change in a protected sheet; every other cell is locked by default.
UNLOCKED = Protection(locked=False)

SHEET_TITLE_LENGTH = 31
FORBIDDEN_IN_TITLE = re.compile(r"[\[\]:*?/\\]")


def text(ws, value):
    """Return the value as text, whatever it starts with, or None if empty.

    Text that a spreadsheet would read as a formula or an error value becomes a cell: the
    explicit string type keeps openpyxl from writing a formula or an error value;
    the text format (and quote prefix) keeps Excel from reading one when the cell is edited.
    Characters a worksheet cannot hold (control characters) are left out.
    """
    if value is None:
        return None
    value = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    if not value:
        return None
    if not value.startswith(FORMULA_STARTS) and value not in ERROR_CODES:
        # openpyxl writes such a string as text by itself, and a plain value is several
        # times cheaper to append than a cell: most of the activities' cells are these.
        return value
    cell = WriteOnlyCell(ws)
    cell.value = value
    cell.data_type = "s"
    if value.startswith(FORMULA_STARTS):
        cell.number_format = TEXT_FORMAT
        cell.quotePrefix = True
    return cell


def number(ws, value, *, number_format=None):
    """Return a number cell: whole numbers with thousands separators, others with two decimals."""
    if value is None:
        return None
    cell = WriteOnlyCell(ws, value=value)
    if number_format is None:
        whole = value == int(value) if isinstance(value, Decimal | float) else True
        number_format = INTEGER_FORMAT if whole else DECIMAL_FORMAT
    cell.number_format = number_format
    return cell


def percent(ws, fraction):
    """Return a percentage cell; the value is a fraction (0.25 shows as 25.0 %)."""
    return number(ws, fraction, number_format=PERCENT_FORMAT)


def day(ws, value: Date | None):
    if value is None:
        return None
    cell = WriteOnlyCell(ws, value=value)
    cell.number_format = DATE_FORMAT
    return cell


def moment(ws, value: datetime | None):
    """Return a date and time cell, in local time (Excel has no time zones)."""
    if value is None:
        return None
    if timezone.is_aware(value):
        value = timezone.make_naive(value)
    cell = WriteOnlyCell(ws, value=value)
    cell.number_format = DATETIME_FORMAT
    return cell


def fill_in(ws, number_format):
    """Return an empty cell for the reader to fill in: yellow, and unlocked in a protected
    sheet (see Sheet)."""
    cell = WriteOnlyCell(ws)
    cell.fill = OPEN_FILL
    cell.number_format = number_format
    cell.protection = UNLOCKED
    return cell


@dataclass(frozen=True)
class Column:
    """A column of a sheet: its header, width, and whether it is hidden or for the reader to fill."""

    header: str
    width: int = 14
    hidden: bool = False
    fill_in: bool = False


class Rows:
    """Count the data rows written, and report them every REPORT_EVERY rows."""

    REPORT_EVERY = 1000

    def __init__(self, total: int, progress=None):
        self.total, self.progress, self.written = total, progress, 0

    def add(self):
        self.written += 1
        if self.progress is not None and self.written % self.REPORT_EVERY == 0:
            self.progress(self.written, max(self.total, self.written))

    def finish(self):
        """Report the end: the rows written are the total."""
        if self.progress is not None:
            self.progress(self.written, self.written)


class Sheet:
    """A write-only worksheet under a bold, filled header row, frozen below it and filtered.

    Widths, hidden columns and frozen panes are written before the first row (a
    write-only sheet writes them first); the filter is set when the sheet is closed.

    A sheet with columns for the reader to fill in is protected: only the cells made by
    `fill_in` can be changed, and the rest stays as the portal wrote it. The protection has
    no password; it keeps a cell from being changed by mistake, and the upload checks the
    rest. Filtering, and widening columns and rows, stay possible.
    """

    def __init__(self, workbook, title, columns: list[Column], rows: Rows):
        self.ws = workbook.create_sheet(sheet_title(title, workbook.sheetnames))
        self.columns, self.rows, self.written = columns, rows, 0
        for index, column in enumerate(columns, 1):
            dimension = self.ws.column_dimensions[get_column_letter(index)]
            dimension.width = column.width
            dimension.hidden = column.hidden
        self.ws.freeze_panes = "A2"
        if any(column.fill_in for column in columns):
            # A write-only sheet writes its protection when it is closed, after the rows.
            protection = self.ws.protection
            protection.sheet = True
            protection.autoFilter = protection.formatColumns = protection.formatRows = False
        self.ws.append([self._header(column) for column in columns])

    def _header(self, column):
        cell = WriteOnlyCell(self.ws, value=str(column.header))
        cell.font = HEADER_FONT
        cell.fill = OPEN_FILL if column.fill_in else HEADER_FILL
        cell.alignment = HEADER_ALIGNMENT
        return cell

    def append(self, cells):
        self.ws.append(cells)
        self.written += 1
        self.rows.add()

    def close(self):
        last_column = get_column_letter(len(self.columns))
        self.ws.auto_filter.ref = f"A1:{last_column}{self.written + 1}"


def sheet_title(title, taken) -> str:
    """Return a valid sheet title: no forbidden characters, at most 31, not already taken."""
    title = FORBIDDEN_IN_TITLE.sub(" ", str(title)).strip("' ")[:SHEET_TITLE_LENGTH] or "-"
    candidate, copy = title, 1
    while candidate.lower() in {name.lower() for name in taken}:
        copy += 1
        suffix = f" ({copy})"
        candidate = title[: SHEET_TITLE_LENGTH - len(suffix)] + suffix
    return candidate
