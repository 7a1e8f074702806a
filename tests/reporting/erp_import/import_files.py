"""ERP export files for the import tests, built in memory: xlsx, CSV, and hostile ones."""

import csv
import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from reporting.erp_import.columns import COLUMNS

HEADERS = [column.header for column in COLUMNS]


def erp_row(erp_id="ERP-1", **values):
    """Return a good row of Væksthus Hovedstadsregionen, by header; keyword arguments override.

    Keywords name the columns by key (cvr=..., date=...).
    """
    row = {
        "date": "14.05.2018",
        "activity_type": "Vejledning",
        "house": "VHHR",
        "delivered_in": "",
        "cvr": "",
        "firm_name": "",
        "municipality_code": "",
        "quantity": "1",
        "description": "Vejledning om eksport.",
        "erp_id": erp_id,
    }
    row.update(values)
    by_key = {column.key: column.header for column in COLUMNS}
    return {by_key[key]: value for key, value in row.items()}


def _cells(rows, headers):
    return [[row.get(header, "") for header in headers] for row in rows]


def csv_bytes(rows, *, headers=HEADERS, delimiter=";", encoding="utf-8"):
    text = io.StringIO(newline="")
    writer = csv.writer(text, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows(_cells(rows, headers))
    return text.getvalue().encode(encoding)


def xlsx_bytes(rows, *, headers=HEADERS, title_rows=()):
    workbook = Workbook()
    sheet = workbook.active
    for title in title_rows:
        sheet.append(title)
    sheet.append(headers)
    for cells in _cells(rows, headers):
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(content, name="eksport.xlsx"):
    content_type = "text/csv" if name.endswith(".csv") else "application/octet-stream"
    return SimpleUploadedFile(name, content, content_type=content_type)


def zip_bytes(members, *, declared_sizes=None):
    """Return a zip of {name: bytes}; declared_sizes overrides what the directory claims."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    content = buffer.getvalue()
    for name, size in (declared_sizes or {}).items():
        content = _declare_size(content, name, size)
    return content


def _declare_size(content, name, size):
    """Rewrite the uncompressed size the zip's central directory declares for one member."""
    encoded = name.encode()
    start = 0
    while True:
        entry = content.find(b"PK\x01\x02", start)
        if entry < 0:
            raise ValueError(name)
        name_length = int.from_bytes(content[entry + 28 : entry + 30], "little")
        if content[entry + 46 : entry + 46 + name_length] == encoded:
            break
        start = entry + 4
    patched = bytearray(content)
    patched[entry + 24 : entry + 28] = size.to_bytes(4, "little")
    return bytes(patched)


def workbook_parts(sheet_xml=b"<worksheet/>", shared_strings=None):
    """Return the minimal parts of an xlsx, with the given sheet (and shared strings) XML."""
    parts = {
        "[Content_Types].xml": (
            b'<?xml version="1.0" encoding="UTF-8"?>'
            b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            b'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            b'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
            b'officedocument.spreadsheetml.sheet.main+xml"/>'
            b'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
            b'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            + (
                b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.'
                b'openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
                if shared_strings
                else b""
            )
            + b"</Types>"
        ),
        "_rels/.rels": (
            b'<?xml version="1.0" encoding="UTF-8"?>'
            b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            b'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            b'<?xml version="1.0" encoding="UTF-8"?>'
            b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            b'<sheets><sheet name="Ark1" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            b'<?xml version="1.0" encoding="UTF-8"?>'
            b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            b'relationships/worksheet" Target="worksheets/sheet1.xml"/>'
            + (
                b'<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/'
                b'2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
                if shared_strings
                else b""
            )
            + b"</Relationships>"
        ),
        "xl/worksheets/sheet1.xml": sheet_xml,
    }
    if shared_strings:
        parts["xl/sharedStrings.xml"] = shared_strings
    return parts
