"""What may be attached to an activity as evidence: checked by content, not by name."""

from pathlib import PurePath

import puremagic
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from core.spreadsheets import XLSX_TYPE

# Extension: content type. Binary types must also look like that type inside.
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
SAME_CONTENT = {".jpeg": ".jpg"}
SNIFF_BYTES = 8192


def check_evidence_file(upload) -> str:
    """Return the file's content type, or refuse a file too large or of a type not allowed."""
    name = upload.name or ""
    extension = PurePath(name).suffix.lower()
    if upload.size > settings.EVIDENCE_MAX_FILE_SIZE:
        raise ValidationError(
            _("%(name)s is %(size)s; a file may be at most %(limit)s.")
            % {
                "name": name,
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(settings.EVIDENCE_MAX_FILE_SIZE),
            }
        )
    if extension not in ALLOWED_TYPES:
        raise ValidationError(
            _("%(name)s is not a file type we accept. Accepted: %(types)s.")
            % {"name": name, "types": ", ".join(sorted({e.lstrip(".") for e in ALLOWED_TYPES}))}
        )
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    if not _content_matches(head, extension):
        raise ValidationError(
            _("%(name)s does not contain what its name says (%(type)s).")
            % {"name": name, "type": extension.lstrip(".")}
        )
    return ALLOWED_TYPES[extension]


def _content_matches(head, extension):
    if not head:
        return False
    if extension in TEXT_TYPES:
        return b"\0" not in head
    try:
        found = puremagic.magic_string(head)
    except puremagic.PureError:
        return False
    wanted = SAME_CONTENT.get(extension, extension)
    return any(SAME_CONTENT.get(match.extension, match.extension) == wanted for match in found)


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
