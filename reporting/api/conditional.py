"""ETag and Last-Modified from the roll-up time, and 304 to a request that has the answer.

The figures change only when a roll-up runs (after an approval, an edit, at night), so
the time the last one ended, with what else the answer depends on, names the answer
before any of it is read: a reader that asks again after no change gets 304 at the
cost of two small queries.
"""

import hashlib

from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date, quote_etag


class NotModified(Exception):
    def __init__(self, response):
        super().__init__()
        self.response = response


class ConditionalMixin:
    """Answer 304 when the request's ETag or date still holds; views give `freshness()`.

    `freshness()` returns the roll-up time (None: never computed) and a text of what
    else the answer depends on (the agreement's version). The ETag adds the path with
    its query, the format, the user (each reads their own house's activities) and the
    day (the pace moves every day).
    """

    def freshness(self):
        raise NotImplementedError

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        computed_at, depends_on = self.freshness()
        parts = [
            request.get_full_path(),
            request.accepted_renderer.format,
            str(request.user.pk),
            str(timezone.localdate()),
            computed_at.isoformat() if computed_at else "-",
            depends_on,
        ]
        self.etag = quote_etag(hashlib.sha256("|".join(parts).encode()).hexdigest()[:32])
        self.last_modified = int(computed_at.timestamp()) if computed_at else None
        response = get_conditional_response(
            request, etag=self.etag, last_modified=self.last_modified
        )
        if response is not None:
            raise NotModified(response)

    def handle_exception(self, exc):
        if isinstance(exc, NotModified):
            return exc.response
        return super().handle_exception(exc)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code in (200, 304) and getattr(self, "etag", None):
            response["ETag"] = self.etag
            if self.last_modified is not None:
                response["Last-Modified"] = http_date(self.last_modified)
            # Each user's answer is their own; ask again each time, cheaply (304).
            patch_cache_control(response, private=True, no_cache=True)
            patch_vary_headers(response, ["Accept", "Authorization", "Cookie"])
        return response
