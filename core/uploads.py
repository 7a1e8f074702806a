"""Limits on request bodies, checked before a byte of the body is read and again as it streams.

A view that takes files says how large they may be with @upload_limit("SETTING"); any
other view of a signed-in user takes an evidence file at most; an anonymous visitor may
post no more than a form without files (DATA_UPLOAD_MAX_MEMORY_SIZE).
"""

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http.multipartparser import MultiPartParser
from django.shortcuts import render
from django.utils.translation import gettext as _

from core.formatting import file_size

# Room for a form's other fields and the multipart boundaries beside its file.
FORM_ROOM = 256 * 1024


def upload_limit(setting_name: str):
    """Let the view take files as large as the named setting (in bytes)."""

    def decorate(view):
        view.upload_limit_setting = setting_name
        return view

    return decorate


def body_limit(request, view_func) -> int:
    """Return the largest body, in bytes, that the view takes from this request's user."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    setting_name = getattr(view_func, "upload_limit_setting", "EVIDENCE_MAX_FILE_SIZE")
    return max(getattr(settings, setting_name) + FORM_ROOM, settings.DATA_UPLOAD_MAX_MEMORY_SIZE)


def declared_length(request) -> int:
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0


def too_large(request, limit):
    """Answer 413 with what the limit is."""
    return render(
        request,
        "413.html",
        {"limit": file_size(limit - FORM_ROOM if limit > FORM_ROOM else limit)},
        status=413,
    )


class LimitedUploadHandler(FileUploadHandler):
    """Stop reading a multipart body once it passes the view's limit (a body sent in chunks
    declares no length to check beforehand)."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.limit = getattr(self.request, "body_limit", settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            self.request.body_refused = True
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size):
        return None


class FileNameHandler(FileUploadHandler):
    """Parse a multipart body as Django does, through the other upload handlers, noting in
    request.dropped_file_names each file Django drops for its name: one with nothing left
    once its folders are cut off ("..", "."), which no storage can take. say_dropped_files
    tells the user; Django alone would drop the file without a word.

    It comes first in FILE_UPLOAD_HANDLERS: the first handler may parse the body itself.
    """

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.request.dropped_file_names = []
        others = [handler for handler in self.request.upload_handlers if handler is not self]
        parser = _NamingParser(
            META, input_data, others, encoding, dropped=self.request.dropped_file_names
        )
        return parser.parse()

    def receive_data_chunk(self, raw_data, start):
        return raw_data

    def file_complete(self, file_size):
        return None


class _NamingParser(MultiPartParser):
    def __init__(self, *args, dropped: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.dropped = dropped

    def sanitize_file_name(self, file_name):
        kept = super().sanitize_file_name(file_name)
        if kept is None:
            self.dropped.append(file_name)
        return kept


def say_dropped_files(request, form, field: str) -> None:
    """Say on the form's file field which files were not received for their name, in place
    of "this field is required" when that is why the field is empty."""
    names = getattr(request, "dropped_file_names", ())
    if not names:
        return
    if form.has_error(field, "required"):
        del form.errors[field]
    for name in names:
        form.add_error(
            field,
            _(
                "The file “%(name)s” was not received: that is not a name a file can "
                "be kept under. Rename the file and attach it again."
            )
            % {"name": name},
        )
