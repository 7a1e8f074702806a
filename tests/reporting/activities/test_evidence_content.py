"""Evidence is checked as what its name says it is: lying files are refused with a message,
and nothing of them is stored."""

import io
import zipfile

import pytest
from PIL import Image

from tests.reporting.activities.files import PDF, PNG, upload
from tests.reporting.activities.service_helpers import assert_nothing_saved, log, refusal_of
from tests.reporting.erp_import.import_files import workbook_parts

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_in_tmp", "english")]

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DOCUMENT = (
    b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
    b'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Referat</w:t></w:r></w:p></w:body>'
    b"</w:document>"
)
EXTERNAL_ENTITY = (
    b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
    b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    b"<w:body><w:p><w:r><w:t>&secret;</w:t></w:r></w:p></w:body></w:document>"
)
CONTENT_TYPES = (
    b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    b'content-types"><Default Extension="xml" ContentType="application/xml"/></Types>'
)


def zipped(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def docx(document=DOCUMENT, **more):
    return zipped({"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": document, **more})


def jpeg():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, "JPEG")
    return buffer.getvalue()


def test_real_office_files_images_and_text_are_kept(hanne):
    files = [
        upload("referat.docx", docx()),
        upload("tal.xlsx", zipped(workbook_parts())),
        upload("foto.jpg", jpeg()),
        upload("foto.png", PNG),
        upload("deltagere.csv", "Navn;Firma\r\nHanne;Væksthus\r\n".encode()),
        upload("referat.pdf", PDF),
    ]

    activity = log(hanne, files=files)

    assert activity.evidence.count() == 6
    assert activity.evidence.get(file_name="referat.docx").content_type == DOCX_TYPE


LYING_FILES = {
    "any zip named docx": ("referat.docx", zipped({"a.txt": b"hello"})),
    "a workbook named docx": ("referat.docx", zipped(workbook_parts())),
    "an OpenDocument text named docx": (
        "referat.docx",
        zipped({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<a/>"}),
    ),
    "a docx with an external entity": ("referat.docx", docx(EXTERNAL_ENTITY)),
    "a zip bomb named docx": ("referat.docx", docx(**{"word/media/x.bin": bytes(20 * 2**20)})),
    "HTML behind a PNG header": ("foto.png", PNG + b"<html><script>alert(1)</script></html>"),
    "SVG named png": ("foto.png", b'<svg xmlns="http://www.w3.org/2000/svg"></svg>'),
    "a PNG named jpg": ("foto.jpg", PNG),
    "HTML named txt": ("noter.txt", b"<html><body><script>alert(1)</script></body></html>"),
    "a program named csv": ("data.csv", b"MZ\x90\x00\x03\x00\x00\x00"),
    "a PDF that does not end as one": ("rapport.pdf", PDF.replace(b"%%EOF", b"")),
}


@pytest.mark.parametrize("name, content", LYING_FILES.values(), ids=LYING_FILES.keys())
def test_a_file_that_is_not_what_its_name_says_is_refused(hanne, tmp_path, name, content):
    refusal = refusal_of(log, hanne, files=[upload(name, content)])

    extension = name.rsplit(".", 1)[1]
    assert refusal.message_dict == {
        "files": [f"{name} does not contain what its name says ({extension})."]
    }
    assert_nothing_saved(tmp_path)
