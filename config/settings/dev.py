"""Settings for a developer's machine: `make run`. SQLite and in-process tasks by default."""

from .base import *  # noqa: F403
from .base import INSTALLED_APPS, env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env.str("SECRET_KEY", default="dev-only-insecure-key-never-used-in-production")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
DEMO_ACCOUNTS_ALLOWED = True
# Benchmarks and demo data (`make bench`, seed_demo): never installed in production.
INSTALLED_APPS = [*INSTALLED_APPS, "devtools"]

# Serve static files straight from static/ and the apps, with no collectstatic.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# `make run` prints the notices' e-mails to the console instead of sending them.
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
