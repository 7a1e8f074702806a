"""Celery tasks set off by name, so that the code that sets them off need not import them.

A lower layer (goals) can have a higher one's task (reporting's roll-ups) run without
importing it; the task modules are found by Celery's autodiscovery (config/celery.py).
"""

from celery import current_app
from django.db import transaction


def delay(name: str, *args) -> None:
    """Queue the named task now; where Celery is eager (`make run`, tests) it runs in-process."""
    current_app.tasks[name].delay(*args)


def delay_on_commit(name: str, *args) -> None:
    """Queue the named task once the current transaction commits, and not if it rolls back.

    Robust: the writes are committed by then, so a task that cannot be queued is logged,
    not turned into an error page.
    """
    transaction.on_commit(lambda: delay(name, *args), robust=True)
