import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
# The apps register their tasks when Django starts (reporting.apps).


@app.task(name="portal.ping")
def ping():
    """Answer a health check: proves a worker consumes from the broker."""
    return "pong"
