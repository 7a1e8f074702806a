# The portal's image: gunicorn for the web process; the same image runs the Celery
# worker and beat (see docker-compose.yml). All configuration comes from the
# environment at run time; nothing secret is baked in.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# An unprivileged user owns only what the processes write: collected static files
# (collectstatic runs again at start-up) and uploaded media.
RUN groupadd --system --gid 1000 app \
 && useradd --system --uid 1000 --gid app --home-dir /app --no-create-home \
        --shell /usr/sbin/nologin app

# The status report's PDF (WeasyPrint) lays out text with Pango; fonts-dejavu-core gives it
# fonts with the Danish letters.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
        libharfbuzz-subset0 fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*

# Dependencies first, so a code change does not reinstall them.
# All pinned packages (psycopg2-binary, lxml, ...) ship manylinux wheels: no compiler needed.
COPY requirements.txt .
RUN pip install -r requirements.txt

COPY . .

# Static files collected at build time with throwaway values: production settings
# refuse to load without them, and nothing here touches a database or broker.
RUN SECRET_KEY=build-only \
    ALLOWED_HOSTS=localhost \
    DATABASE_URL=sqlite:////tmp/build.sqlite3 \
    CELERY_BROKER_URL=memory:// \
    CACHE_URL=redis://localhost:6379/0 \
    DJANGO_SETTINGS_MODULE=config.settings.production \
    python manage.py collectstatic --noinput \
 && rm -f /tmp/build.sqlite3 \
 && mkdir -p /data/media \
 && chown -R app:app /app/staticfiles /data/media

ENV DJANGO_SETTINGS_MODULE=config.settings.production \
    MEDIA_ROOT=/data/media

USER app

EXPOSE 8000

CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", \
     "--timeout", "30", "--access-logfile", "-", "--max-requests", "1000", "--max-requests-jitter", "100"]
