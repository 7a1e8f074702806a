"""What the documents built by Celery share: the stages of a job, as the pages show them."""

import time

from django.db import models
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Being written")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


def job_percent(status, done: int, total: int) -> int:
    """Return how far a job has come, 0 to 100 (100 once ready)."""
    if status == JobStatus.DONE:
        return 100
    if not total:
        return 0
    return min(99, done * 100 // total)


# How often a job stores how far it has come: often enough for a moving bar.
PROGRESS_EVERY_SECONDS = 0.5


def throttled(store):
    """Return progress(done, total) that calls store(done, total) at most every half second,
    and always at the end."""
    last = 0.0

    def progress(done: int, total: int) -> None:
        nonlocal last
        now = time.monotonic()
        if now - last >= PROGRESS_EVERY_SECONDS or done >= total:
            last = now
            store(done, total)

    return progress
