"""Uploaded Excel workbooks, read safely: checks against hostile files, then a sheet's rows.

Which kind a file is comes from its content, never from its name. A workbook's zip
directory is checked before openpyxl opens it: Python's zipfile stops at the sizes the
directory declares (and fails the CRC check on a lie), so the declared sizes bound what
parsing can unpack. openpyxl parses the XML with defusedxml, which refuses entity
expansion (XML bombs) and external entities.

Every refusal is a ValidationError with a code (the constants below) and the params
its message names, so that an upload with wording of its own (the ERP import) can say
it its own way.
"""

import re
import zipfile
from datetime import date as Date
from datetime import datetime
from decimal import Decimal, InvalidOperation

import openpyxl
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from core.formatting import file_size

# What a spreadsheet reads as the start of a formula (OWASP: CSV and formula injection): the
# workbook's text cells and the CSV downloads keep user text that starts so from being one.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

MAX_UNCOMPRESSED_SIZE = 100 * 1024 * 1024
# A real workbook's XML packs 5 to 50 times; a zip bomb thousands of times.
MAX_COMPRESSION_RATIO = 200
RATIO_CHECKED_FROM = 1024 * 1024
MAX_ZIP_ENTRIES = 10_000
MAX_COLUMNS = 200
# Cells a workbook's sheets may hold in all: an ERP export of 50,000 rows of 20 columns, or a
# year-end workbook of 100,000 activities with its other sheets, fits.
MAX_CELLS = 3_000_000
WORKBOOK_PARTS = ("[Content_Types].xml", "xl/workbook.xml")

# What a few files start with: a zip (xlsx), and an old Excel file or an encrypted workbook.
ZIP = b"PK\x03\x04"
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# The codes of the refusals.
TOO_LARGE = "too_large"
EMPTY = "empty"
OLD_EXCEL = "old_excel"
NOT_WORKBOOK = "not_workbook"
OPENDOCUMENT = "opendocument"
DAMAGED = "damaged"
UNPACKS_TOO_FAR = "unpacks_too_far"
ZIP_BOMB = "zip_bomb"
NO_SHEET = "no_sheet"
TOO_MANY_CELLS = "too_many_cells"
TOO_MANY_ENTRIES = "too_many_entries"
TOO_MANY_ROWS = "too_many_rows"

# The start of a cell or row element, with any namespace prefix: counted in the sheets'
# bytes before openpyxl parses them (openpyxl reads a sheet without a <dimension> whole, to
# learn its size, as soon as the workbook is opened).
CELL_OR_ROW = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,49}:)?(c|row)[\s/>]")
LONGEST_TAG = 64
SHEET_PART = re.compile(r"xl/worksheets/[^/]+\.xml")


def check_workbook(upload, *, max_size: int) -> None:
    """Refuse an upload that is too large, empty, not an xlsx workbook by its content, or
    hostile; read nothing of it beyond its first bytes and its zip directory."""
    name = upload.name or ""
    if upload.size > max_size:
        raise ValidationError(
            _("%(name)s is %(size)s; a workbook may be at most %(limit)s."),
            code=TOO_LARGE,
            params={
                "name": name,
                "size": file_size(upload.size),
                "limit": file_size(max_size),
            },
        )
    if not upload.size:
        raise ValidationError(_("%(name)s is empty."), code=EMPTY, params={"name": name})
    upload.seek(0)
    head = upload.read(len(OLE2))
    upload.seek(0)
    if head.startswith(OLE2):
        raise ValidationError(
            _(
                "%(name)s is an old Excel file (.xls) or a workbook with a password. Save it as "
                "an Excel workbook (.xlsx) without a password."
            ),
            code=OLD_EXCEL,
            params={"name": name},
        )
    if not head.startswith(ZIP):
        raise _not_workbook(name)
    check_workbook_zip(upload, name=name)


def check_workbook_zip(upload, *, name: str) -> None:
    """Refuse a zip that is not an xlsx workbook, or that would unpack too far (a zip bomb)."""
    params = {"name": name}
    entries = _zip_entries(upload, name)
    names = {entry.filename for entry in entries}
    if "mimetype" in names and "content.xml" in names:
        raise ValidationError(
            _("%(name)s is an OpenDocument spreadsheet. Save it as an Excel workbook (.xlsx)."),
            code=OPENDOCUMENT,
            params=params,
        )
    if not all(part in names for part in WORKBOOK_PARTS):
        raise _not_workbook(name)
    _check_entries(entries, name=name)


def check_zip_limits(upload, *, name: str) -> None:
    """Refuse a zip (an Office document of any kind) that would unpack too far, or that is not
    a zip; read nothing of it beyond its directory."""
    _check_entries(_zip_entries(upload, name), name=name)


def _zip_entries(upload, name):
    try:
        with zipfile.ZipFile(upload) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise damaged(name) from None
    finally:
        upload.seek(0)
    return entries


def _check_entries(entries, *, name):
    params = {"name": name}
    if len(entries) > MAX_ZIP_ENTRIES:
        raise ValidationError(
            _(
                "%(name)s holds %(count)s files inside; a workbook holds a few dozen, and at "
                "most %(limit)s are accepted."
            ),
            code=TOO_MANY_ENTRIES,
            params={
                **params,
                "count": number_format(len(entries), force_grouping=True),
                "limit": number_format(MAX_ZIP_ENTRIES, force_grouping=True),
            },
        )
    unpacked = sum(entry.file_size for entry in entries)
    if unpacked > MAX_UNCOMPRESSED_SIZE:
        raise ValidationError(
            _(
                "%(name)s would unpack to %(size)s, more than the %(limit)s a workbook may unpack to."
            ),
            code=UNPACKS_TOO_FAR,
            params={
                **params,
                "size": file_size(unpacked),
                "limit": file_size(MAX_UNCOMPRESSED_SIZE),
            },
        )
    for entry in entries:
        if entry.file_size > RATIO_CHECKED_FROM and entry.file_size > MAX_COMPRESSION_RATIO * max(
            entry.compress_size, 1
        ):
            raise ValidationError(
                _(
                    "%(name)s is packed more tightly than any spreadsheet, as a zip bomb is. "
                    "It is refused."
                ),
                code=ZIP_BOMB,
                params=params,
            )


def _not_workbook(name):
    return ValidationError(
        _("%(name)s is not an Excel workbook (.xlsx)."), code=NOT_WORKBOOK, params={"name": name}
    )


def damaged(name) -> ValidationError:
    return ValidationError(
        _(
            "%(name)s could not be read as an Excel workbook; it may be damaged. Save it again "
            "from Excel."
        ),
        code=DAMAGED,
        params={"name": name},
    )


def check_cell_count(file, *, name: str, max_cells: int = MAX_CELLS) -> None:
    """Refuse a workbook whose sheets hold more than max_cells cells, whatever they declare.

    The sheets are read as bytes, counting the cells' start tags, and no further than the
    limit: a fraction of what parsing them takes.
    """
    cells = 0
    try:
        with zipfile.ZipFile(file) as archive:
            for entry in archive.infolist():
                if not SHEET_PART.fullmatch(entry.filename):
                    continue
                with archive.open(entry) as part:
                    cells += _count_cells(part, max_cells - cells)
                if cells > max_cells:
                    raise ValidationError(
                        _(
                            "%(name)s holds more than %(count)s cells: more than a workbook "
                            "may hold here. Split it into smaller files."
                        ),
                        code=TOO_MANY_CELLS,
                        params={
                            "name": name,
                            "count": number_format(max_cells, force_grouping=True),
                        },
                    )
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise damaged(name) from None
    finally:
        file.seek(0)


def _count_cells(part, limit: int) -> int:
    """Return the cells the sheet's XML holds, or a number past limit once it passes it."""
    cells = 0
    tail = b""
    while chunk := part.read(1 << 20):
        data = tail + chunk
        # A tag that may be cut by the chunk's end is counted with the next chunk.
        end = max(len(data) - LONGEST_TAG, 0)
        for match in CELL_OR_ROW.finditer(data):
            if match.start() >= end:
                break
            cells += match.group(1) == b"c"
        if cells > limit:
            return cells
        tail = data[end:]
    return cells + sum(match.group(1) == b"c" for match in CELL_OR_ROW.finditer(tail))


def sheet_rows(
    file,
    *,
    name: str,
    sheet: str | None = None,
    max_columns: int = MAX_COLUMNS,
    max_rows: int | None = None,
    max_cells: int = MAX_CELLS,
):
    """Yield each row of the sheet (the first one, or the one with the given title) as
    (row number as the spreadsheet shows it, tuple of cell values).

    Only a file that check_workbook (or check_workbook_zip) has passed may come here. The
    workbook's cells are counted before it is parsed (check_cell_count), and a sheet with
    more than max_rows rows is refused at the first row past the limit, whatever its
    <dimension> says. Cells hold the values Excel saved, not formulas. Close the generator
    when done.
    """
    if not openpyxl.DEFUSEDXML:
        # Without defusedxml, openpyxl would expand the entities of an XML bomb.
        raise ImproperlyConfigured("openpyxl must parse with defusedxml; is it installed?")
    check_cell_count(file, name=name, max_cells=max_cells)
    file.seek(0)
    try:
        workbook = openpyxl.load_workbook(file, read_only=True, data_only=True)
    except Exception:
        # openpyxl fails in many ways on a broken or crafted file; each means the same here.
        raise damaged(name) from None
    try:
        if not workbook.worksheets:
            raise damaged(name)
        if sheet is None:
            worksheet = workbook.worksheets[0]
        else:
            worksheet = next(
                (ws for ws in workbook.worksheets if ws.title.strip().lower() == sheet.lower()),
                None,
            )
            if worksheet is None:
                raise ValidationError(
                    _("%(name)s has no sheet named %(sheet)s."),
                    code=NO_SHEET,
                    params={"name": name, "sheet": sheet},
                )
        # Some programs declare wrong dimensions; read the cells that are there.
        worksheet.reset_dimensions()
        try:
            rows = worksheet.iter_rows(max_col=max_columns, values_only=True)
            for number, values in enumerate(rows, start=1):
                if max_rows is not None and number > max_rows:
                    raise ValidationError(
                        _("%(name)s has more than %(count)s rows; split it into smaller files."),
                        code=TOO_MANY_ROWS,
                        params={
                            "name": name,
                            "count": number_format(max_rows, force_grouping=True),
                        },
                    )
                yield number, values
        except ValidationError:
            raise
        except Exception:
            raise damaged(name) from None
    finally:
        workbook.close()


# -- Cell values, as Danish spreadsheets give them ---------------------------------------

# 1.234 and 12.345.678 are thousands in Danish; 2.5 (one or two decimals) is a decimal point.
THOUSANDS_WITH_DOTS = re.compile(r"^-?\d{1,3}(\.\d{3})+$")


def cell_text(value) -> str:
    """Return the cell as text: whole numbers without a decimal point, dates as dd.mm.yyyy,
    blanks as ''."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | Date):
        return f"{value:%d.%m.%Y}"
    return str(value).strip()


def cell_decimal(value, *, percent=False) -> Decimal:
    """Read 2,5 and 1.234,5 (Danish), 2.5, and number cells (with percent, also "25 %").

    Raise ValueError for anything else; the caller says it in its own words.
    """
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, int | float):
        number = Decimal(str(value))
    else:
        written = cell_text(value).replace(" ", "").replace("\xa0", "")
        if percent:
            written = written.removesuffix("%")
        if "," in written:
            written = written.replace(".", "").replace(",", ".")
        elif THOUSANDS_WITH_DOTS.match(written):
            written = written.replace(".", "")
        try:
            number = Decimal(written)
        except InvalidOperation:
            raise ValueError from None
    if not number.is_finite():
        raise ValueError
    return number
