"""Reading an uploaded ERP export: checks against hostile files, then its rows as plain values.

Only xlsx and CSV are read, and which one a file is comes from its content. A
workbook's zip directory is checked before openpyxl opens it: Python's zipfile
stops at the sizes the directory declares (and fails the CRC check on a lie), so
the declared sizes bound what parsing can unpack. openpyxl parses the XML with
defusedxml, which refuses entity expansion (XML bombs).
"""

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePath

import openpyxl
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext as _

XLSX, CSV = "xlsx", "csv"
EXTENSIONS = {".xlsx": XLSX, ".csv": CSV}
MAX_UNCOMPRESSED_SIZE = 100 * 1024 * 1024
# A real workbook's XML packs 5 to 50 times; a zip bomb thousands of times.
MAX_COMPRESSION_RATIO = 200
RATIO_CHECKED_FROM = 1024 * 1024
MAX_ZIP_ENTRIES = 10_000
MAX_ROWS = 50_000
MAX_COLUMNS = 200
WORKBOOK_PARTS = ("[Content_Types].xml", "xl/workbook.xml")

# What a few other files start with, for a clearer refusal than "not what its name says".
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP = b"PK\x03\x04"
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
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(settings.IMPORT_MAX_FILE_SIZE),
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
    params = {"name": name}
    try:
        with zipfile.ZipFile(upload) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ValidationError(_damaged(name)) from None
    finally:
        upload.seek(0)
    names = {entry.filename for entry in entries}
    if "mimetype" in names and "content.xml" in names:
        raise ValidationError(
            _(
                "%(name)s is an OpenDocument spreadsheet. Save it as an Excel workbook (.xlsx) "
                "or as CSV."
            )
            % params
        )
    if not all(part in names for part in WORKBOOK_PARTS):
        raise ValidationError(
            _("%(name)s does not contain what its name says (%(type)s).")
            % {
                **params,
                "type": XLSX,
            }
        )
    unpacked = sum(entry.file_size for entry in entries)
    if len(entries) > MAX_ZIP_ENTRIES or unpacked > MAX_UNCOMPRESSED_SIZE:
        raise ValidationError(
            _(
                "%(name)s would unpack to %(size)s, more than the %(limit)s an import may "
                "unpack to. Is it really an ERP export?"
            )
            % {
                **params,
                "size": filesizeformat(unpacked),
                "limit": filesizeformat(MAX_UNCOMPRESSED_SIZE),
            }
        )
    for entry in entries:
        if entry.file_size > RATIO_CHECKED_FROM and entry.file_size > MAX_COMPRESSION_RATIO * max(
            entry.compress_size, 1
        ):
            raise ValidationError(
                _(
                    "%(name)s is packed more tightly than any spreadsheet, as a zip bomb is. "
                    "It is refused."
                )
                % params
            )


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
        workbook = openpyxl.load_workbook(file, read_only=True, data_only=True)
    except Exception:
        # openpyxl fails in many ways on a broken or crafted file; each means the same here.
        raise ValidationError(_damaged(name)) from None
    try:
        if not workbook.worksheets:
            raise ValidationError(_damaged(name))
        sheet = workbook.worksheets[0]
        # Some exports declare wrong dimensions; read the cells that are there.
        sheet.reset_dimensions()
        try:
            rows = sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True)
            yield from enumerate(rows, start=1)
        except ValidationError:
            raise
        except Exception:
            raise ValidationError(_damaged(name)) from None
    finally:
        workbook.close()


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
