"""Reading an uploaded ERP export: checks against hostile files, then its rows as plain values.

Only xlsx and CSV are read, and which one a file is comes from its content. A
workbook is checked and read by core.spreadsheets (its zip directory before
parsing, defusedxml while parsing); this module says its refusals in the import's
own words.
"""

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from core import spreadsheets
from core.formatting import file_size
from core.spreadsheets import OLE2, ZIP

XLSX, CSV = "xlsx", "csv"
EXTENSIONS = {".xlsx": XLSX, ".csv": CSV}
MAX_ROWS = 50_000
MAX_COLUMNS = spreadsheets.MAX_COLUMNS
# An export of MAX_ROWS rows of 20 columns fits; a sheet with more cells is refused before
# it is parsed.
MAX_CELLS = 1_000_000
# Rows above the header row (a title) and blank rows, beyond the data rows.
ROWS_ABOVE_DATA = 100
# Refusals of the workbook checks that the import says as they are.
SAID_AS_THEY_ARE = {
    spreadsheets.TOO_MANY_CELLS,
    spreadsheets.TOO_MANY_ROWS,
    spreadsheets.TOO_MANY_ENTRIES,
}

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


@dataclass
class Table:
    """A file's header row and its data rows, each with its row number as the spreadsheet shows it."""

    headers: list[str]
    header_row: int = 1
    rows: list[tuple[int, tuple]] = field(default_factory=list)


def check_upload(upload) -> str:
    """Return the kind of file (XLSX or CSV), or refuse one too large, of another type or hostile."""
    name = upload.name or ""
    params = {"name": name}
    if upload.size > settings.IMPORT_MAX_FILE_SIZE:
        raise ValidationError(
            _("%(name)s is %(size)s; an import file may be at most %(limit)s.")
            % {
                **params,
                "size": file_size(upload.size),
                "limit": file_size(settings.IMPORT_MAX_FILE_SIZE),
            }
        )
    if not upload.size:
        raise ValidationError(_("%(name)s is empty.") % params)
    named = EXTENSIONS.get(PurePath(name).suffix.lower())
    if named is None:
        raise ValidationError(
            _(
                "%(name)s is not an xlsx or CSV file. Save the ERP export as an Excel "
                "workbook (.xlsx) or as CSV."
            )
            % params
        )
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(OLE2):
        raise ValidationError(
            _(
                "%(name)s is an old Excel file (.xls) or a workbook with a password. Save it as "
                "an Excel workbook (.xlsx) without a password, or as CSV."
            )
            % params
        )
    kind = XLSX if head.startswith(ZIP) else CSV
    if kind == XLSX:
        _check_workbook_zip(upload, name)
    elif not _looks_like_text(upload):
        kind = None
    if kind != named:
        raise ValidationError(
            _("%(name)s does not contain what its name says (%(type)s).")
            % {**params, "type": named}
        )
    return kind


def _check_workbook_zip(upload, name):
    try:
        spreadsheets.check_workbook_zip(upload, name=name)
    except ValidationError as error:
        raise ValidationError(_refusal(error, name)) from None


def _refusal(error, name):
    """Return the import's wording of a workbook check's refusal."""
    params = {"name": name}
    if error.code == spreadsheets.OPENDOCUMENT:
        return (
            _(
                "%(name)s is an OpenDocument spreadsheet. Save it as an Excel workbook (.xlsx) "
                "or as CSV."
            )
            % params
        )
    if error.code == spreadsheets.NOT_WORKBOOK:
        return _("%(name)s does not contain what its name says (%(type)s).") % {
            **params,
            "type": XLSX,
        }
    if error.code == spreadsheets.UNPACKS_TOO_FAR:
        return _(
            "%(name)s would unpack to %(size)s, more than the %(limit)s an import may "
            "unpack to. Is it really an ERP export?"
        ) % {**params, "size": error.params["size"], "limit": error.params["limit"]}
    if error.code in SAID_AS_THEY_ARE:
        return error.messages[0]
    if error.code == spreadsheets.ZIP_BOMB:
        return (
            _(
                "%(name)s is packed more tightly than any spreadsheet, as a zip bomb is. "
                "It is refused."
            )
            % params
        )
    return _damaged(name)


def _damaged(name):
    return _(
        "%(name)s could not be read as an Excel workbook; it may be damaged. Save it again "
        "from Excel, or as CSV."
    ) % {"name": name}


def _looks_like_text(upload):
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    try:
        text = _decode(head, partial=True)
    except UnicodeDecodeError:
        return False
    return not CONTROL_CHARACTERS.search(text) and not text.lstrip().startswith(("<", "%PDF"))


def _decode(data: bytes, *, partial=False) -> str:
    """Decode UTF-8 (with or without a byte-order mark), else Windows-1252."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        # A sniffed head may end inside a multi-byte character.
        if partial and error.start >= len(data) - 3:
            return data[: error.start].decode("utf-8-sig")
    return data.decode("cp1252")


def read_table(file, kind: str, *, name: str, header_only=False) -> Table:
    """Return the file's header row and the rows below it; blank rows are left out.

    The header row is the first with two cells or more, so that a title above it is passed.
    """
    file.seek(0)
    rows = _xlsx_rows(file, name) if kind == XLSX else _csv_rows(file, name)
    table = None
    try:
        for number, values in rows:
            values = _trimmed(values)
            if not values:
                continue
            if table is None:
                if len([value for value in values if value not in (None, "")]) < 2:
                    continue  # a title above the header row
                headers = ["" if value is None else str(value).strip() for value in values]
                table = Table(headers=headers, header_row=number)
                if header_only:
                    break
                continue
            if number - table.header_row > MAX_ROWS:
                raise ValidationError(
                    _("%(name)s has more than %(count)s rows; split it into smaller files.")
                    % {"name": name, "count": number_format(MAX_ROWS, force_grouping=True)}
                )
            table.rows.append((number, values))
    finally:
        rows.close()
    if table is None:
        raise ValidationError(
            _("%(name)s has no header row: the first row names the columns.") % {"name": name}
        )
    return table


def _trimmed(values):
    values = tuple(values)
    end = len(values)
    while end and (values[end - 1] is None or values[end - 1] == ""):
        end -= 1
    return values[:end]


def _xlsx_rows(file, name):
    try:
        yield from spreadsheets.sheet_rows(
            file,
            name=name,
            max_columns=MAX_COLUMNS,
            max_rows=MAX_ROWS + ROWS_ABOVE_DATA,
            max_cells=MAX_CELLS,
        )
    except ValidationError as error:
        # Reading the first sheet fails as too large or as a damaged workbook.
        raise ValidationError(_refusal(error, name)) from None


def _csv_rows(file, name):
    data = file.read()
    try:
        text = _decode(data)
    except UnicodeDecodeError:
        raise ValidationError(
            _("%(name)s is not text in UTF-8 or Windows-1252. Save it as CSV (UTF-8) or as xlsx.")
            % {"name": name}
        ) from None
    if CONTROL_CHARACTERS.search(text):
        raise ValidationError(
            _("%(name)s does not contain what its name says (%(type)s).")
            % {"name": name, "type": CSV}
        )
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    # Danish Excel separates with semicolons, most other programs with commas.
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    if delimiter not in first_line:
        raise ValidationError(
            _(
                "The first row of %(name)s names the columns, separated by semicolons (;) or "
                "commas (,)."
            )
            % {"name": name}
        )
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        # A row number counts records, as a spreadsheet shows them (a quoted line break
        # stays inside its cell).
        yield from enumerate(([cell.strip() for cell in row] for row in reader), start=1)
    except csv.Error:
        raise ValidationError(
            _("%(name)s could not be read as CSV: a quotation mark may be missing.")
            % {"name": name}
        ) from None
