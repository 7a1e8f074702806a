import time

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers

from core import uploads


class ChosenLanguageMiddleware:
    """Speak Danish unless the user chose another language with the switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language and
    show English to a Danish reviewer whose browser happens to be English; the
    portal's users are Danish, so only an explicit choice (the language cookie
    that `set_language` writes) changes the language.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


class RequestBodyLimitMiddleware:
    """Refuse a body larger than the view takes (core.uploads) before anything reads it.

    It runs before the CSRF check, which would otherwise parse a multipart body, and
    write its files to disk, to find the token.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        limit = uploads.body_limit(request, view_func)
        request.body_limit = limit
        if uploads.declared_length(request) > limit:
            return uploads.too_large(request, limit)
        return None


class SessionIdleMiddleware:
    """End a session after SESSION_COOKIE_AGE without a request, without a write per request.

    A session's expiry moves on whenever it is saved; a signed-in user's session is saved
    again when it was last seen more than SEEN_EVERY_SECONDS ago (and whenever it changes
    anyway, as at the login), so the idle limit holds to within that much.
    """

    SEEN_EVERY_SECONDS = 5 * 60
    SEEN = "_seen"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or not session.session_key:
            return response
        now = int(time.time())
        seen = session.get(self.SEEN)
        if session.modified or (seen is not None and now - seen >= self.SEEN_EVERY_SECONDS):
            session[self.SEEN] = now
        return response
