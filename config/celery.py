import os

from celery import Celery
from celery.signals import worker_ready

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
# The apps register their tasks when Django starts (reporting.apps).


@app.task(name="portal.ping", ignore_result=False)
def ping():
    """Answer a health check: proves a worker consumes from the broker."""
    return "pong"


@worker_ready.connect
def drain_rollups(sender, **kwargs):
    """Drain the roll-up records a killed worker left, as soon as a worker is up (by name:
    reporting registers the task)."""
    sender.app.send_task("reporting.rollup_drain_all")
