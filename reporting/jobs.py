"""What the documents built by Celery share: the stages of a job, as the pages show them."""

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
