"""What may be attached to an activity as evidence: checked as what it claims to be.

Office files are opened as the format their name claims (a zip with the parts of that
OOXML document, inside the size and packing limits, with no document type declarations,
so no external entities); images are opened by Pillow; text and CSV must decode as text
and hold no markup; a PDF must start and end as one.
"""

import zipfile
from pathlib import PurePath

import puremagic
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from core import spreadsheets
from core.formatting import file_size
from core.spreadsheets import XLSX_TYPE

# Extension: content type.
ALLOWED_TYPES = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": XLSX_TYPE,
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".txt": "text/plain",
    ".csv": "text/csv",
}
TEXT_TYPES = {".txt", ".csv"}
# The part an OOXML document of each kind cannot be without, beside [Content_Types].xml.
OFFICE_MAIN_PARTS = {
    ".docx": "word/document.xml",
    ".xlsx": "xl/workbook.xml",
    ".pptx": "ppt/presentation.xml",
}
IMAGE_FORMATS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG"}
# A PDF ends with %%EOF, perhaps followed by a line break or a few bytes of padding.
PDF_END_BYTES = 1024
# What text and markup (HTML, SVG, XML) starts with; markup is refused as text.
MARKUP_STARTS = ("<",)
CONTROL_CHARACTERS = {chr(code) for code in range(32)} - {"\t", "\n", "\r", "\f"}


def check_evidence_file(upload) -> str:
    """Return the file's content type, or refuse a file too large, of a type not allowed,
    or whose content is not what its name says."""
    name = upload.name or ""
    extension = PurePath(name).suffix.lower()
    if upload.size > settings.EVIDENCE_MAX_FILE_SIZE:
        raise ValidationError(
            _("%(name)s is %(size)s; a file may be at most %(limit)s.")
            % {
                "name": name,
                "size": file_size(upload.size),
                "limit": file_size(settings.EVIDENCE_MAX_FILE_SIZE),
            }
        )
    if extension not in ALLOWED_TYPES:
        raise ValidationError(
            _("%(name)s is not a file type we accept. Accepted: %(types)s.")
            % {"name": name, "types": ", ".join(sorted({e.lstrip(".") for e in ALLOWED_TYPES}))}
        )
    upload.seek(0)
    try:
        matches = _content_matches(upload, extension)
    finally:
        upload.seek(0)
    if not matches:
        raise ValidationError(
            _("%(name)s does not contain what its name says (%(type)s).")
            % {"name": name, "type": extension.lstrip(".")}
        )
    return ALLOWED_TYPES[extension]


def _content_matches(upload, extension) -> bool:
    if extension in TEXT_TYPES:
        return _is_text(upload.read())
    if extension in OFFICE_MAIN_PARTS:
        return _is_office_document(upload, OFFICE_MAIN_PARTS[extension])
    if extension in IMAGE_FORMATS:
        return _is_image(upload, IMAGE_FORMATS[extension])
    return _is_pdf(upload)


def _is_text(data: bytes) -> bool:
    """UTF-8 (or Windows-1252) text with no control characters and no markup."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    return (
        bool(text.strip())
        and not CONTROL_CHARACTERS.intersection(text)
        and not text.lstrip().startswith(MARKUP_STARTS)
    )


def _is_office_document(upload, main_part) -> bool:
    """A zip inside the size and packing limits, with the parts of the claimed OOXML kind,
    whose XML parts declare no document type (so no entities, no external ones)."""
    try:
        spreadsheets.check_zip_limits(upload, name=upload.name or "")
    except ValidationError:
        return False
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if not {"[Content_Types].xml", main_part} <= names:
                return False
            return all(
                _declares_no_document_type(archive, name)
                for name in names
                if name.endswith((".xml", ".rels"))
            )
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return False


def _declares_no_document_type(archive, name) -> bool:
    """Read the part as far as its first element: a DTD (entities) must come before it."""
    try:
        with archive.open(name) as part:
            for _event, _element in iterparse(part, events=("start",), forbid_dtd=True):
                return True
    except (DefusedXmlException, SyntaxError, zipfile.BadZipFile, OSError, ValueError):
        return False
    return False


def _is_image(upload, image_format) -> bool:
    try:
        with Image.open(upload) as image:
            if image.format != image_format:
                return False
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return False
    # A real image header with HTML or SVG after the image's own end is not an image.
    upload.seek(0)
    data = upload.read()
    end = data.rfind(b"IEND") + 8 if image_format == "PNG" else data.rfind(b"\xff\xd9") + 2
    return end > 1 and not data[end:].strip(b"\0\r\n ")


def _is_pdf(upload) -> bool:
    head = upload.read(1024)
    try:
        found = puremagic.magic_string(head)
    except puremagic.PureError:
        return False
    if not any(match.extension == ".pdf" for match in found):
        return False
    upload.seek(max(upload.size - PDF_END_BYTES, 0))
    return b"%%EOF" in upload.read()


def check_evidence_link(link):
    try:
        URLValidator(schemes=["http", "https"])(link)
    except ValidationError:
        raise ValidationError(
            _("%(link)s is not a web address (it starts with https:// or http://).")
            % {"link": link[:100]}
        ) from None
    if len(link) > 500:
        raise ValidationError(_("A link may be at most 500 characters."))
