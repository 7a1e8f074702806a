from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle


class TokenRateThrottle(SimpleRateThrottle):
    """Throttle each token (or, through the pages' session, each user) to API_THROTTLE_RATE.

    The rate is read when a request comes, not when the class is defined, so that the
    setting holds as configured.
    """

    scope = "token"

    def get_rate(self):
        return settings.API_THROTTLE_RATE

    def get_cache_key(self, request, view):
        if request.auth is not None and hasattr(request.auth, "key"):
            ident = f"token:{request.auth.key}"
        elif request.user.is_authenticated:
            ident = f"user:{request.user.pk}"
        else:
            ident = f"address:{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}
