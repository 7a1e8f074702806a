"""Settings shared by every environment; values come from the environment.

A value that cannot be parsed stops the start-up with ImproperlyConfigured
rather than falling back silently.
"""

import re
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

# Only the process environment: docker-compose's .env file is for compose alone.
env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_filters",
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
    "axes",
    "simple_history",
    "concurrency",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "agreement",
    "goals",
    "reporting",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Inside the sessions' middleware: it marks a session seen before that saves it.
    "core.middleware.SessionIdleMiddleware",
    "core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Before anything reads the body (the CSRF check reads a form's fields): a body larger
    # than the view takes, or any large body of an anonymous visitor, answers 413 unread.
    "core.middleware.RequestBodyLimitMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # A save that lost the race to another user's answers 409 with the conflict page.
    "concurrency.middleware.ConcurrencyMiddleware",
    # Last, so that a locked-out login answers before any view runs.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "agreement.context_processors.year_switch",
                "reporting.queues.context_processors.work_counts",
            ],
            "libraries": {"portal": "core.templatetags.portal"},
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "agreement.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling: five failures lock the username from that address for an hour.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=1.0)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# Behind a reverse proxy every request comes from the proxy's address: the client's is the
# right-most address of X-Forwarded-For, the one the proxy itself added (django-ipware, as
# django-axes documents it). PROXY_COUNT is the number of proxies in front of the web process;
# with none, the header is not trusted (a client could write it).
PROXY_COUNT = env.int("PROXY_COUNT", default=0)
if PROXY_COUNT:
    AXES_IPWARE_PROXY_COUNT = PROXY_COUNT - 1
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
else:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("REMOTE_ADDR",)

# A session ends after a working day without a request (core.middleware.SessionIdleMiddleware
# starts the time again as requests come), and on a password change (Django's session hash:
# other sessions end).
SESSION_COOKIE_AGE = int(env.float("SESSION_IDLE_HOURS", default=8.0) * 60 * 60)

LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Danish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# No inline script or style anywhere: every page's code is a file in static/.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Celery: with no broker configured, tasks run in-process when queued.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=CELERY_BROKER_URL)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
# Fire and forget: no task's result is read, so none is stored (the health check's ping
# keeps its own, briefly).
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_EXPIRES = 300
# The longest task (a full roll-up or the year-end workbook of a large log) takes well
# under a minute; none may run past CELERY_TASK_TIME_LIMIT. With late acknowledgement Redis
# hands a task out again once it has been unacknowledged for the visibility timeout (its
# default is an hour), so a task lost with a killed worker comes back after that, and never
# while it still runs. The roll-ups do not wait for it: their work is recorded in the
# database and drained on the next write, on a worker's start and every minute.
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=600)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int(
        "CELERY_VISIBILITY_TIMEOUT", default=CELERY_TASK_TIME_LIMIT + 300
    ),
}
if CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] <= CELERY_TASK_TIME_LIMIT:
    raise ImproperlyConfigured(
        "CELERY_VISIBILITY_TIMEOUT must exceed CELERY_TASK_TIME_LIMIT, or Redis hands a task "
        "that is still running to a second worker."
    )
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_TASK_DEFAULT_QUEUE", default="celery")
CELERY_BEAT_SCHEDULE = {
    # The safety net of the roll-ups' records: whatever a lost task did not drain.
    "rollup-drain": {"task": "reporting.rollup_drain_all", "schedule": 60.0},
    # The pace moves on every day, so every open agreement's progress is recomputed at night.
    "rollup-nightly": {
        "task": "reporting.rollup_nightly",
        "schedule": crontab(hour=2, minute=30),
    },
    # Files kept for activity forms that were never saved go after a day.
    "pending-uploads-clean": {"task": "reporting.pending_uploads_clean", "schedule": 3600.0},
    # Notices (reporting/notices): the managers' morning digest and reminder, and the weekly
    # digest of targets at risk; a returned activity is told at once, by its own task.
    "notify-approvals-waiting": {
        "task": "reporting.notify_approvals_waiting",
        "schedule": crontab(hour=7, minute=0),
    },
    "notify-status-texts-due": {
        "task": "reporting.notify_status_texts_due",
        "schedule": crontab(hour=7, minute=5),
    },
    "notify-targets-at-risk": {
        "task": "reporting.notify_targets_at_risk",
        "schedule": crontab(hour=7, minute=10, day_of_week="mon"),
    },
    # Imports' files and the documents readers asked for, past their keeping time.
    "housekeeping": {"task": "reporting.housekeeping", "schedule": crontab(hour=3, minute=15)},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}

CONCURRENCY_HANDLER409 = "core.views.conflict"

# E-mail (the notices, reporting/notices): SMTP by default; dev settings print to the console.
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("Set EMAIL_USE_TLS or EMAIL_USE_SSL, not both.")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Aftaleportalen <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The portal's address as its users reach it, for the links in e-mails.
PORTAL_URL = env.url("PORTAL_URL", default="http://127.0.0.1:8000").geturl()

# Demo accounts (seed_demo) exist only where this is true; never in production.
DEMO_ACCOUNTS_ALLOWED = False
AXES_VERBOSE = False

# Request bodies: a form without files may be this large (Django's own limit, read into
# memory); a body with files may be as large as the view's upload limit (core.uploads) and
# room for the form's other fields. An anonymous visitor may post no more than a form.
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=2_621_440)
FILE_UPLOAD_MAX_MEMORY_SIZE = DATA_UPLOAD_MAX_MEMORY_SIZE
FILE_UPLOAD_HANDLERS = [
    "core.uploads.FileNameHandler",
    "core.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# Evidence files are stored under MEDIA_ROOT, which nothing serves: they are
# downloaded through a view that checks who may see the activity.
EVIDENCE_MAX_FILE_SIZE = env.int("EVIDENCE_MAX_FILE_SIZE", default=10 * 1024 * 1024)
# Largest ERP export a manager may import, in bytes; a workbook's unpacked size is
# limited separately (reporting/erp_import/reading.py).
IMPORT_MAX_FILE_SIZE = env.int("IMPORT_MAX_FILE_SIZE", default=10 * 1024 * 1024)
# Largest filled-in year-end workbook an administrator may upload to revise the agreement, in
# bytes; its unpacked size is limited separately (core/spreadsheets.py).
REVISION_MAX_FILE_SIZE = env.int("REVISION_MAX_FILE_SIZE", default=10 * 1024 * 1024)
# Days an import's uploaded file and the rows read from it are kept (the import's record and
# counts stay), and days a year-end workbook or status report is kept for its reader.
IMPORT_KEEP_DAYS = env.int("IMPORT_KEEP_DAYS", default=30)
DOCUMENT_KEEP_DAYS = env.int("DOCUMENT_KEEP_DAYS", default=7)

# The read-only API under /api/v1/ (reporting/api). A token per user, made and revoked on the
# profile page; the pages' session works too, for the reference page and the CSV links.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["reporting.api.permissions.HasRole"],
    "DEFAULT_THROTTLE_CLASSES": ["reporting.api.throttling.TokenRateThrottle"],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "reporting.api.csv.DanishCSVRenderer",
    ],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_FILTER_BACKENDS": ["reporting.api.filters.FilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "reporting.api.pagination.CursorPage",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # Numbers stay numbers: JSON gives them as numbers, the CSV with a decimal comma.
    "COERCE_DECIMAL_TO_STRING": False,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
# Requests per token (or signed-in user) and period, e.g. "600/hour": a reader's nightly
# refresh of every list fits many times over.
API_THROTTLE_RATE = env.str("API_THROTTLE_RATE", default="1200/hour")
if not re.fullmatch(r"[1-9][0-9]*/(second|minute|hour|day)", API_THROTTLE_RATE):
    raise ImproperlyConfigured(
        f"API_THROTTLE_RATE must read like 1200/hour (second, minute, hour or day), "
        f"not {API_THROTTLE_RATE!r}."
    )
SPECTACULAR_SETTINGS = {
    "TITLE": "Regional aftale API",
    "DESCRIPTION": (
        "Read-only figures of the regional agreement: agreements and their structure, "
        "progress per target and house, monthly series, municipality figures and approved "
        "activities. Every list is also CSV (`?format=csv`: `;`-separated, decimal comma, "
        "UTF-8 with BOM)."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["reporting.api.permissions.HasRole"],
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "AgreementStatusEnum": "agreement.models.Agreement.Status",
        "ProgressStatusEnum": "goals.models.Progress",
    },
}
