"""Hostile and wrong files offered as the revision sheet: refused before they are
parsed where they could do harm, with a message the upload page shows."""

import io
import zipfile

import openpyxl
import pytest

from core import spreadsheets
from goals.models import AgreementRevision
from tests.goals.revision.revision_files import (
    fill,
    revision_rows,
    row_number,
    upload,
    with_member,
    workbook_bytes,
)
from tests.goals.revision.uploads import english_client, file_messages

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"Kode;Maal 2019\r\na.2a.events;2\r\n", "revision-2018.xlsx"),
        (PDF, "revision-2018.xlsx"),
        (PDF, "revision-2018.pdf"),
    ],
)
def test_a_file_that_is_not_a_workbook_is_refused(anne, agreement_2018, english, content, name):
    assert file_messages(agreement_2018, anne, content, name) == [
        f"{name} is not an Excel workbook (.xlsx)."
    ]


def test_a_word_document_renamed_xlsx_is_refused(anne, agreement_2018, english):
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w") as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("word/document.xml", b"<w/>")

    assert file_messages(agreement_2018, anne, packed.getvalue()) == [
        "revision-2018.xlsx is not an Excel workbook (.xlsx)."
    ]


def test_an_old_excel_file_is_refused(anne, agreement_2018, english):
    assert file_messages(agreement_2018, anne, OLE2) == [
        "revision-2018.xlsx is an old Excel file (.xls) or a workbook with a password. Save it "
        "as an Excel workbook (.xlsx) without a password."
    ]


def test_a_damaged_workbook_is_refused(anne, agreement_2018, english):
    content = workbook_bytes(revision_rows(agreement_2018), year=2018)[:-300]

    assert file_messages(agreement_2018, anne, content) == [
        "revision-2018.xlsx could not be read as an Excel workbook; it may be damaged. Save it "
        "again from Excel."
    ]


def test_a_file_over_the_size_limit_is_refused(anne, agreement_2018, english, settings):
    settings.REVISION_MAX_FILE_SIZE = 100
    content = workbook_bytes(revision_rows(agreement_2018), year=2018)

    (message,) = file_messages(agreement_2018, anne, content)

    assert message.startswith("revision-2018.xlsx is ")
    assert message.endswith("; a workbook may be at most 100\xa0bytes.")


def test_the_size_limit_comes_from_the_environment():
    from django.conf import settings

    assert settings.REVISION_MAX_FILE_SIZE == 10 * 1024 * 1024


def never_parsed(monkeypatch):
    def never(*args, **kwargs):
        raise AssertionError("openpyxl must not open a zip bomb")

    monkeypatch.setattr(openpyxl, "load_workbook", never)


def test_a_zip_bomb_is_refused_before_parsing(anne, agreement_2018, english, monkeypatch):
    content = workbook_bytes(revision_rows(agreement_2018), year=2018)
    bomb = with_member(content, "xl/media/image1.png", b"\0" * (20 * 1024 * 1024))
    never_parsed(monkeypatch)

    assert len(bomb) < 10 * 1024 * 1024
    assert file_messages(agreement_2018, anne, bomb) == [
        "revision-2018.xlsx is packed more tightly than any spreadsheet, as a zip bomb is. It is "
        "refused."
    ]


def test_a_workbook_that_unpacks_too_far_is_refused_before_parsing(
    anne, agreement_2018, english, monkeypatch
):
    content = workbook_bytes(revision_rows(agreement_2018), year=2018)
    monkeypatch.setattr(spreadsheets, "MAX_UNCOMPRESSED_SIZE", 1024)
    never_parsed(monkeypatch)

    (message,) = file_messages(agreement_2018, anne, content)

    assert message.startswith("revision-2018.xlsx would unpack to ")
    assert message.endswith(", more than the 1\xa0KB a workbook may unpack to.")


def test_an_xml_bomb_is_refused(anne, agreement_2018, english):
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row>'
        b"</sheetData></worksheet>"
    )
    content = workbook_bytes(revision_rows(agreement_2018), year=2018)
    source = zipfile.ZipFile(io.BytesIO(content))
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w") as archive:
        for item in source.infolist():
            data = source.read(item.filename)
            archive.writestr(item, bomb if item.filename == "xl/worksheets/sheet2.xml" else data)

    assert file_messages(agreement_2018, anne, packed.getvalue()) == [
        "revision-2018.xlsx could not be read as an Excel workbook; it may be damaged. Save it "
        "again from Excel."
    ]


def test_openpyxl_parses_with_defusedxml():
    assert openpyxl.DEFUSEDXML is True


def test_the_upload_page_shows_a_refused_file_and_the_rows_to_correct(
    client_for, anne, agreement_2018
):
    rows = revision_rows(agreement_2018)
    fill(rows, "a.4a.growth-courses", next_threshold="mange")
    client = english_client(client_for(anne))

    response = client.post(
        "/agreements/2018/revision/", {"file": upload(workbook_bytes(rows, year=2018))}, follow=True
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Nothing is saved: correct the rows listed below in the workbook" in page
    assert (
        f"Row {row_number(rows, 'a.4a.growth-courses')}, Target 2019: write a number, e.g. 5"
        in page
    )
    assert not AgreementRevision.objects.exists()

    response = client.post("/agreements/2018/revision/", {"file": upload(PDF, "aftale.pdf")})
    assert "aftale.pdf is not an Excel workbook (.xlsx)." in response.content.decode()


def test_an_upload_without_a_file_asks_for_one(client_for, anne):
    response = client_for(anne).post("/agreements/2018/revision/", {})

    page = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="da">' in page
    assert not AgreementRevision.objects.exists()


def test_an_upload_without_a_file_asks_for_one_in_english(client_for, anne):
    response = english_client(client_for(anne)).post("/agreements/2018/revision/", {})

    assert "Choose the filled-in workbook to upload." in response.content.decode()


def test_a_sheet_with_too_many_rows_is_refused(anne, agreement_2018, english, monkeypatch):
    from goals.revision import reading

    monkeypatch.setattr(reading, "MAX_ROWS", 10)
    content = workbook_bytes(revision_rows(agreement_2018), year=2018)

    assert file_messages(agreement_2018, anne, content) == [
        "The Revision sheet of revision-2018.xlsx has more than 10 rows."
    ]
