"""Stored files handed to the user who may have them: as an attachment, never cached."""

from django.http import FileResponse, Http404
from django.utils.translation import gettext as _


def file_download(field_file, *, filename, content_type) -> FileResponse:
    """Return the stored file as an attachment, or answer 404 when it is missing from storage."""
    try:
        handle = field_file.open("rb")
    except FileNotFoundError:
        raise Http404(_("The file is missing.")) from None
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type=content_type
    )
    response["Cache-Control"] = "private, no-store"
    return response
