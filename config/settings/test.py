"""Settings for the test suite: fast hashing, in-memory mail, plain static files."""

import os
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import CELERY_BROKER_URL, CELERY_RESULT_BACKEND, INSTALLED_APPS, env

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


def redis_db_of_xdist_worker(url):
    """Return the Redis URL with the database number moved up by the pytest-xdist worker's.

    Under `pytest -n N` each worker (gw0, gw1, ...) has a test database of its own and
    starts a Celery worker process on it (tests/worker.py). Each pair gets a Redis
    database of its own too, so that a task queued by gw1's tests is run by gw1's Celery
    worker, on gw1's test database: gw0 keeps the URL's database (redis://.../1 → 1),
    gw1 takes the next (2), and so on. The Celery worker process inherits
    PYTEST_XDIST_WORKER and the URL, and so arrives at the same database.
    """
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if not url or not worker.startswith("gw"):
        return url
    parts = urlsplit(url)
    if parts.scheme not in {"redis", "rediss"}:
        raise ImproperlyConfigured(
            f"Parallel test workers need a Redis broker (a database each), not {parts.scheme}://: "
            "run the tests serially (PYTEST_WORKERS=0 make test)."
        )
    db = int(parts.path.strip("/") or 0) + int(worker.removeprefix("gw"))
    return parts._replace(path=f"/{db}").geturl()


CELERY_BROKER_URL = redis_db_of_xdist_worker(CELERY_BROKER_URL)
CELERY_RESULT_BACKEND = redis_db_of_xdist_worker(CELERY_RESULT_BACKEND)
