"""Commits acted out inside the test's transaction, which never commits.

The roll-up queue (core/rollup_queue.py) registers one on-commit callback per
transaction and adds every later write to it until it has been called; once it has,
the next write registers a new one. Django's captureOnCommitCallbacks (pytest-django's
django_capture_on_commit_callbacks) captures the callbacks registered inside its
block; the captured ones stay registered in the test's transaction, but a later
capture starts after them, and the test's transaction never runs them.
"""

from contextlib import contextmanager
from unittest import mock

from django.test import TestCase

from core import tasks
from reporting.models import Recount


def commit(change):
    """Make the change, then run what it queued for the commit, as a real commit would.

    Called here rather than with execute=True, which logs a robust callback's error
    instead of raising it: a roll-up that fails fails the test. Return the callbacks
    (none: the change queued nothing).
    """
    with TestCase.captureOnCommitCallbacks() as callbacks:
        change()
    for callback in callbacks:
        callback()
    return callbacks


@contextmanager
def forget_queued():
    """Drop the roll-ups that the writes inside queue: the tables start from a full run instead.

    Their records are deleted, and their drains captured and called with nothing sent
    (core.tasks.delay does nothing meanwhile): capturing them is not enough, since a drain
    not yet called would take in the test's own writes too, and the test's commit would
    then set off nothing. The test's next write records and drains a roll-up of its own.
    """
    with TestCase.captureOnCommitCallbacks() as callbacks:
        yield
    Recount.objects.all().delete()
    with mock.patch.object(tasks, "delay", lambda name, *args: None):
        for callback in callbacks:
            callback()
