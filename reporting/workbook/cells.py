"""Cells and sheets of the workbook: typed, styled cells, and a sheet that formats itself.

Every text cell is written by `text`: whatever a user typed stays a string and never
becomes a formula, an error value or a number.

A styled cell takes its style whole from a prototype made once per workbook (`STYLES`):
setting a number format or a fill cell by cell looks the style up again each time, and
on the 90,000 rows of a year's activities that was most of the workbook's time above a
bare write.
"""

import math
import re
import weakref
from dataclasses import dataclass
from datetime import date as Date
from datetime import datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

from core.spreadsheets import FORMULA_STARTS
from goals.models import Progress
from reporting.palette import PROGRESS_COLOURS, TEXT_ON_PROGRESS

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
WRAPPED = Alignment(vertical="top", wrap_text=True)
# A cell the reader may change in a protected sheet; every other cell is locked by default.
UNLOCKED = Protection(locked=False)

SHEET_TITLE_LENGTH = 31
FORBIDDEN_IN_TITLE = re.compile(r"[\[\]:*?/\\]")

# Row heights, in points: a line of the default 11-point font, and the most a row may have.
LINE_HEIGHT = 15
MAX_ROW_HEIGHT = 409
HEADER_LINES = 2
PAPER_A4 = "9"  # paperSize 9 of the spreadsheet format


def _status_style(status):
    colour = PROGRESS_COLOURS[status]
    return {
        "fill": PatternFill("solid", fgColor=colour),
        "font": Font(bold=True, color=TEXT_ON_PROGRESS),
        "alignment": Alignment(vertical="top"),
    }


# The prototypes, by name: each is made once per workbook, on first use.
STYLES = {
    "date": {"number_format": DATE_FORMAT},
    "datetime": {"number_format": DATETIME_FORMAT},
    "integer": {"number_format": INTEGER_FORMAT},
    "decimal": {"number_format": DECIMAL_FORMAT},
    "percent": {"number_format": PERCENT_FORMAT},
    "code": {"number_format": "0"},
    "formula-like text": {"number_format": TEXT_FORMAT, "quotePrefix": True},
    "wrapped": {"alignment": WRAPPED},
    "formula-like wrapped": {
        "number_format": TEXT_FORMAT,
        "quotePrefix": True,
        "alignment": WRAPPED,
    },
    "fill in decimal": {"fill": OPEN_FILL, "number_format": DECIMAL_FORMAT, "protection": UNLOCKED},
    "fill in text": {"fill": OPEN_FILL, "number_format": TEXT_FORMAT, "protection": UNLOCKED},
    "header": {"font": HEADER_FONT, "fill": HEADER_FILL, "alignment": HEADER_ALIGNMENT},
    "open header": {"font": HEADER_FONT, "fill": OPEN_FILL, "alignment": HEADER_ALIGNMENT},
    "title": {"font": Font(bold=True, size=18)},
    "heading": {"font": Font(bold=True, size=13)},
    "bold": {"font": Font(bold=True)},
    "intro": {"font": Font(italic=True)},
    **{f"status {status}": _status_style(status) for status in Progress},
}
NUMBER_STYLES = {INTEGER_FORMAT: "integer", DECIMAL_FORMAT: "decimal", PERCENT_FORMAT: "percent"}
_prototypes = weakref.WeakKeyDictionary()  # workbook: {name: StyleArray}


def styled(ws, value, name, data_type=None):
    """Return a cell of the value in the named style of STYLES.

    `data_type` ("n", "d", "s") sets the value as it is, past openpyxl's guess of its
    type: for the numbers and dates that make up most of the cells.
    """
    prototypes = _prototypes.setdefault(ws.parent, {})
    style = prototypes.get(name)
    if style is None:
        cell = WriteOnlyCell(ws)
        for attribute, setting in STYLES[name].items():
            setattr(cell, attribute, setting)
        style = prototypes[name] = cell._style
    cell = Cell(ws, row=1, column=1, style_array=style)
    if data_type is None:
        cell.value = value
    else:
        cell._value, cell.data_type = value, data_type
    return cell


def text(ws, value, *, wrap=False):
    """Return the value as text, whatever it starts with, or None if empty.

    Text that a spreadsheet would read as a formula or an error value becomes a cell: the
    explicit string type keeps openpyxl from writing a formula or an error value;
    the text format (and quote prefix) keeps Excel from reading one when the cell is edited.
    Characters a worksheet cannot hold (control characters) are left out. `wrap` wraps
    the text in its column.
    """
    if value is None:
        return None
    value = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    if not value:
        return None
    formula_like = value.startswith(FORMULA_STARTS)
    if not formula_like and value not in ERROR_CODES:
        # openpyxl writes such a string as text by itself, and a plain value is several
        # times cheaper to append than a cell: most of the activities' cells are these.
        return styled(ws, value, "wrapped", "s") if wrap else value
    if formula_like:
        return styled(ws, value, "formula-like wrapped" if wrap else "formula-like text", "s")
    if wrap:
        return styled(ws, value, "wrapped", "s")
    cell = WriteOnlyCell(ws)
    cell._value, cell.data_type = value, "s"
    return cell


def number(ws, value, *, number_format=None):
    """Return a number cell: whole numbers with thousands separators, others with two decimals."""
    if value is None:
        return None
    if number_format is None:
        whole = value == int(value) if isinstance(value, Decimal | float) else True
        number_format = INTEGER_FORMAT if whole else DECIMAL_FORMAT
    name = NUMBER_STYLES.get(number_format)
    if name is None:
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = number_format
        return cell
    return styled(ws, value, name, "n")


def percent(ws, fraction):
    """Return a percentage cell; the value is a fraction (0.25 shows as 25.0 %)."""
    return number(ws, fraction, number_format=PERCENT_FORMAT)


def code(ws, value):
    """Return a number that is a code: no thousands separator."""
    return None if value is None else styled(ws, value, "code", "n")


def day(ws, value: Date | None):
    return None if value is None else styled(ws, value, "date", "d")


def moment(ws, value: datetime | None):
    """Return a date and time cell, in local time (Excel has no time zones)."""
    if value is None:
        return None
    if timezone.is_aware(value):
        value = timezone.make_naive(value)
    return styled(ws, value, "datetime", "d")


def fill_in(ws, number_format):
    """Return an empty cell for the reader to fill in: yellow, and unlocked in a protected
    sheet (see Sheet)."""
    return styled(ws, None, "fill in text" if number_format == TEXT_FORMAT else "fill in decimal")


def status(ws, progress, label=None):
    """Return a status cell filled in the dashboards' colour of the status, with its label
    (or `label`, for a cell that says something else)."""
    if progress is None:
        return text(ws, label)
    progress = Progress(progress)
    return styled(ws, str(label or progress.label), f"status {progress.value}", "s")


def lines(value, width) -> int:
    """Return about how many lines the text takes in a wrapped column of the width (in
    characters of the default font)."""
    if not value:
        return 1
    per_line = max(1, int(width * 1.1))
    return sum(max(1, math.ceil(len(line) / per_line)) for line in str(value).split("\n"))


@dataclass(frozen=True)
class Column:
    """A column of a sheet: its header, width, and whether it is hidden, for the reader to
    fill, or wrapped (its texts wrapped, and the row as high as the longest needs)."""

    header: str
    width: int = 14
    hidden: bool = False
    fill_in: bool = False
    wrap: bool = False


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
    """A write-only worksheet under a bold, filled header row, frozen below it and filtered,
    set up for print.

    Widths, hidden columns, frozen panes and the print set-up are written before the
    first row (a write-only sheet writes them first); the filter is set when the sheet
    is closed. `intro`, a line for the reader, goes above the header row, in the first
    column that is not hidden.

    Printed, every sheet is landscape A4, fitted to the page's width, with the header row
    on every page, the sheet's name and the agreement (the workbook's title) above, and
    "page x of y" below.

    A sheet with columns for the reader to fill in is protected: only the cells made by
    `fill_in` can be changed, and the rest stays as the portal wrote it. The protection has
    no password; it keeps a cell from being changed by mistake, and the upload checks the
    rest. Filtering, and widening columns and rows, stay possible.
    """

    def __init__(self, workbook, title, columns: list[Column], rows: Rows, *, intro=None):
        self.ws = workbook.create_sheet(sheet_title(title, workbook.sheetnames))
        self.columns, self.rows, self.written = columns, rows, 0
        self.header_row = 2 if intro else 1
        self.wrapped = [index for index, column in enumerate(columns) if column.wrap]
        for index, column in enumerate(columns, 1):
            dimension = self.ws.column_dimensions[get_column_letter(index)]
            dimension.width = column.width
            dimension.hidden = column.hidden
        self.ws.freeze_panes = f"A{self.header_row + 1}"
        set_up_print(self.ws, title_rows=f"{self.header_row}:{self.header_row}")
        if any(column.fill_in for column in columns):
            # A write-only sheet writes its protection when it is closed, after the rows.
            protection = self.ws.protection
            protection.sheet = True
            protection.autoFilter = protection.formatColumns = protection.formatRows = False
        if intro:
            first = next(index for index, column in enumerate(columns) if not column.hidden)
            self.ws.append([None] * first + [styled(self.ws, str(intro), "intro", "s")])
        self.ws.row_dimensions[self.header_row].height = LINE_HEIGHT * max(
            HEADER_LINES, *(lines(column.header, column.width) for column in columns)
        )
        self.ws.append([self._header(column) for column in columns])

    def _header(self, column):
        name = "open header" if column.fill_in else "header"
        return styled(self.ws, str(column.header), name, "s")

    def append(self, cells):
        if self.wrapped:
            self._fit_height(cells)
        self.ws.append(cells)
        self.written += 1
        self.rows.add()

    def _fit_height(self, cells):
        """Make the next row as high as its longest wrapped text needs."""
        needed = max(
            lines(cell._value if isinstance(cell, Cell) else cell, self.columns[index].width)
            for index in self.wrapped
            for cell in [cells[index]]
        )
        if needed > 1:
            row = self.header_row + self.written + 1
            self.ws.row_dimensions[row].height = min(MAX_ROW_HEIGHT, LINE_HEIGHT * needed)

    def close(self):
        last_column = get_column_letter(len(self.columns))
        self.ws.auto_filter.ref = (
            f"A{self.header_row}:{last_column}{self.header_row + self.written}"
        )


def set_up_print(ws, *, title_rows=None):
    """Set the sheet up for print: landscape A4, fitted to the page's width (as many pages
    down as it takes), the title rows on every page, the sheet's name and the workbook's
    title in the page header, and "page x of y" in the footer."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = PAPER_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    if title_rows:
        ws.print_title_rows = title_rows
    header_footer = ws.HeaderFooter
    header_footer.oddHeader.left.text = "&A"  # the sheet's name
    # "&" starts a code in a page header: a title's own is doubled.
    header_footer.oddHeader.right.text = (ws.parent.properties.title or "").replace("&", "&&")
    header_footer.oddFooter.center.text = _("Page &P of &N")


def sheet_title(title, taken) -> str:
    """Return a valid sheet title: no forbidden characters, at most 31, not already taken."""
    title = FORBIDDEN_IN_TITLE.sub(" ", str(title)).strip("' ")[:SHEET_TITLE_LENGTH] or "-"
    candidate, copy = title, 1
    while candidate.lower() in {name.lower() for name in taken}:
        copy += 1
        suffix = f" ({copy})"
        candidate = title[: SHEET_TITLE_LENGTH - len(suffix)] + suffix
    return candidate
