"""Limits on request bodies, checked before a byte of the body is read and again as it streams.

A view that takes files says how large they may be with @upload_limit("SETTING"); any
other view of a signed-in user takes an evidence file at most; an anonymous visitor may
post no more than a form without files (DATA_UPLOAD_MAX_MEMORY_SIZE).
"""

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.shortcuts import render

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
