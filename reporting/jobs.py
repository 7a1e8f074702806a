"""What the documents built by Celery share: the stages of a job, as the pages show them."""

import time

from django.conf import settings
from django.db import models
from django.http import Http404, JsonResponse
from django.utils.translation import gettext_lazy as _

from agreement.models import Agreement
from core.downloads import file_download


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Being written")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class Job(models.Model):
    """A document a reader asked for of an agreement: who, in which language, how far."""

    Status = JobStatus

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    language = models.CharField(_("language"), max_length=10)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at", "-pk"]

    @property
    def is_finished(self):
        return self.status in (self.Status.DONE, self.Status.FAILED)


def job_status_response(job, **more) -> JsonResponse:
    """Answer the poll of the job's page: its stage and how far it has come."""
    return JsonResponse(
        {
            "status": job.status,
            "label": job.get_status_display(),
            "percent": job.percent,
            "finished": job.is_finished,
            **more,
        }
    )


def job_download(job, *, content_type: str, not_ready: str):
    """Hand out the job's document, or answer 404 with not_ready until it is written."""
    if job.status != JobStatus.DONE or not job.file:
        raise Http404(not_ready)
    return file_download(job.file, filename=job.file_name, content_type=content_type)


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
