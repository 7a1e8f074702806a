"""Settings for the test suite: fast hashing, in-memory mail, plain static files."""

from .base import *  # noqa: F403
from .base import INSTALLED_APPS, env

SECRET_KEY = "test-only-insecure-key"
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
DEMO_ACCOUNTS_ALLOWED = True
# Benchmarks and demo data (`make bench`, seed_demo): never installed in production.
INSTALLED_APPS = [*INSTALLED_APPS, "devtools"]
LOGGING = {"version": 1, "disable_existing_loggers": False}
MEDIA_ROOT = env.path("MEDIA_ROOT", default="/tmp/portal-test-media")

# Serve static files straight from static/ and the apps, with no collectstatic.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
