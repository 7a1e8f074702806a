"""Hostile and messy files are refused at the upload with a clear reason, before any parsing
that could hurt: too large, not xlsx or CSV by content, zip and XML bombs.
"""

from pathlib import Path

import openpyxl
import pytest
from django.conf import settings
from django.core.exceptions import ValidationError

from reporting.erp_import import reading, services
from reporting.models import ImportBatch
from tests.reporting.erp_import.import_files import (
    csv_bytes,
    erp_row,
    upload,
    workbook_parts,
    xlsx_bytes,
    zip_bytes,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
BILLION_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol3;</t></is></c></row>'
    b"</sheetData></worksheet>"
)
EXTERNAL_ENTITY = (
    b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&secret;</t></is></c></row>'
    b"</sheetData></worksheet>"
)


def refusal(manager, content, name):
    """Return why the upload is refused, at the upload or when Celery reads it; no file is
    kept."""
    try:
        batch = services.import_upload(
            house=manager.organisation, user=manager, upload=upload(content, name), language="en"
        )
    except ValidationError as refused:
        assert not ImportBatch.objects.exists()
        (message,) = refused.message_dict["file"]
        return message
    batch.refresh_from_db()
    assert batch.is_unreadable
    assert not batch.file
    assert not list(stored_files())
    (message,) = batch.problems
    return message


def stored_files():
    return (path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file())


def good_rows():
    return [erp_row("ERP-1", activity_type="Event")]


def test_openpyxl_parses_with_defusedxml():
    assert openpyxl.xml.DEFUSEDXML is True


def test_a_file_over_the_size_limit(mads, settings):
    settings.IMPORT_MAX_FILE_SIZE = 100

    message = refusal(mads, csv_bytes(good_rows()), "eksport.csv")

    assert message.startswith("eksport.csv is ")
    assert message.endswith("; an import file may be at most 100\xa0bytes.")


def test_an_empty_file(mads):
    assert refusal(mads, b"", "eksport.csv") == "eksport.csv is empty."


@pytest.mark.parametrize("name", ["eksport.xls", "eksport.ods", "eksport.pdf", "eksport"])
def test_a_file_that_is_not_named_xlsx_or_csv(mads, name):
    assert refusal(mads, csv_bytes(good_rows()), name) == (
        f"{name} is not an xlsx or CSV file. Save the ERP export as an Excel workbook (.xlsx) "
        "or as CSV."
    )


def test_an_old_excel_file_renamed_xlsx(mads):
    assert refusal(mads, OLE2, "eksport.xlsx") == (
        "eksport.xlsx is an old Excel file (.xls) or a workbook with a password. Save it as an "
        "Excel workbook (.xlsx) without a password, or as CSV."
    )


def test_an_opendocument_spreadsheet_renamed_xlsx(mads):
    ods = zip_bytes(
        {"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<x/>"}
    )

    assert refusal(mads, ods, "eksport.xlsx") == (
        "eksport.xlsx is an OpenDocument spreadsheet. Save it as an Excel workbook (.xlsx) or as "
        "CSV."
    )


@pytest.mark.parametrize(
    ("content", "name", "kind"),
    [
        (PDF, "eksport.csv", "csv"),
        (EXE, "eksport.xlsx", "xlsx"),
        (EXE, "eksport.csv", "csv"),
        (b"<html><body><table><tr><td>Dato</td></tr></table></body></html>", "e.csv", "csv"),
        ("Dato;ERP-id\r\n".encode("utf-16"), "eksport.csv", "csv"),
        (
            zip_bytes({"word/document.xml": b"<w/>", "[Content_Types].xml": b"<T/>"}),
            "e.xlsx",
            "xlsx",
        ),
        (xlsx_bytes(good_rows()), "eksport.csv", "csv"),
        (csv_bytes(good_rows()), "eksport.xlsx", "xlsx"),
    ],
)
def test_a_file_whose_content_is_not_what_its_name_says(mads, content, name, kind):
    assert refusal(mads, content, name) == (f"{name} does not contain what its name says ({kind}).")


def test_a_damaged_workbook(mads):
    broken = xlsx_bytes(good_rows())[:-200]

    assert refusal(mads, broken, "eksport.xlsx") == (
        "eksport.xlsx could not be read as an Excel workbook; it may be damaged. Save it again "
        "from Excel, or as CSV."
    )


def test_a_zip_bomb_is_refused_by_its_declared_size_before_parsing(mads, monkeypatch):
    def never(*args, **kwargs):
        raise AssertionError("openpyxl must not open a zip bomb")

    monkeypatch.setattr(openpyxl, "load_workbook", never)
    bomb = zip_bytes(
        workbook_parts(), declared_sizes={"xl/worksheets/sheet1.xml": 3 * 1024 * 1024 * 1024}
    )

    assert refusal(mads, bomb, "eksport.xlsx") == (
        "eksport.xlsx would unpack to 3\xa0GB, more than the 100\xa0MB an import may unpack "
        "to. Is it really an ERP export?"
    )


def test_a_part_packed_tighter_than_any_spreadsheet_is_refused(mads, monkeypatch):
    monkeypatch.setattr(openpyxl, "load_workbook", None)
    sheet = b"<worksheet><!--" + b"0" * (20 * 1024 * 1024) + b"--></worksheet>"
    bomb = zip_bytes(workbook_parts(sheet_xml=sheet))

    assert refusal(mads, bomb, "eksport.xlsx") == (
        "eksport.xlsx is packed more tightly than any spreadsheet, as a zip bomb is. It is refused."
    )


def test_the_hand_made_workbook_of_these_tests_is_read_when_harmless(mads):
    harmless = BILLION_LAUGHS.replace(b"&lol3;", b"Dato").replace(
        b"</row>", b'<c r="B1" t="inlineStr"><is><t>ERP-id</t></is></c></row>'
    )
    harmless = harmless[: harmless.index(b"<!DOCTYPE")] + harmless[harmless.index(b"<worksheet") :]
    batch = services.import_upload(
        house=mads.organisation,
        user=mads,
        upload=upload(zip_bytes(workbook_parts(sheet_xml=harmless)), "eksport.xlsx"),
    )

    batch.refresh_from_db()
    assert services.import_layout(batch=batch).headers == ["Dato", "ERP-id"]


@pytest.mark.parametrize("sheet", [BILLION_LAUGHS, EXTERNAL_ENTITY])
def test_an_xml_bomb_or_external_entity_is_refused(mads, sheet):
    hostile = zip_bytes(workbook_parts(sheet_xml=sheet))

    assert refusal(mads, hostile, "eksport.xlsx") == (
        "eksport.xlsx could not be read as an Excel workbook; it may be damaged. Save it again "
        "from Excel, or as CSV."
    )


def test_a_csv_in_neither_utf8_nor_windows_1252(mads):
    content = csv_bytes(good_rows()) + b"ERP-2;\x81\r\n"

    assert refusal(mads, content, "eksport.csv") == (
        "eksport.csv is not text in UTF-8 or Windows-1252. Save it as CSV (UTF-8) or as xlsx."
    )


def test_a_csv_separated_by_tabs(mads):
    content = csv_bytes(good_rows(), delimiter="\t")

    assert refusal(mads, content, "eksport.csv") == (
        "The first row of eksport.csv names the columns, separated by semicolons (;) or commas (,)."
    )


def test_a_file_with_no_header_row(mads):
    assert refusal(mads, b"\r\n;;\r\n", "eksport.csv") == (
        "eksport.csv has no header row: the first row names the columns."
    )


def test_a_file_with_too_many_rows_is_refused_at_the_preview(mads, monkeypatch):
    monkeypatch.setattr(reading, "MAX_ROWS", 5)
    rows = [erp_row(f"ERP-{n}", activity_type="Event") for n in range(6)]

    assert refusal(mads, csv_bytes(rows), "eksport.csv") == (
        "eksport.csv has more than 5 rows; split it into smaller files."
    )


def test_the_file_is_kept_under_a_random_name_outside_the_web_root(mads, settings, tmp_path):
    batch = services.import_upload(
        house=mads.organisation,
        user=mads,
        upload=upload(csv_bytes(good_rows()), "../../<evil>.csv"),
    )

    assert batch.file_name == "<evil>.csv"
    assert batch.file.name.startswith("imports/")
    assert "evil" not in batch.file.name
    assert batch.file.name.endswith(".csv")
    assert (tmp_path / batch.file.name).is_file()
