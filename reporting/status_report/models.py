"""A quarterly status report asked for by a reader: built by Celery, downloaded when done."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from agreement.models import Agreement, Organisation
from reporting.jobs import JobStatus, job_percent


class StatusReport(models.Model):
    Status = JobStatus

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="+"
    )
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    # None: both KKRs.
    kkr = models.ForeignKey(
        Organisation,
        verbose_name=_("KKR"),
        on_delete=models.CASCADE,
        related_name="+",
        null=True,
        blank=True,
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
    steps_total = models.PositiveIntegerField(_("steps in all"), default=0)
    steps_done = models.PositiveIntegerField(_("steps done"), default=0)
    # Under MEDIA_ROOT, which nothing serves: downloaded through a view that checks access.
    file = models.FileField(_("file"), upload_to="status-reports/%Y/", blank=True)
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("status report")
        verbose_name_plural = _("status reports")

    def __str__(self):
        return f"{self.agreement} Q{self.quarter} ({self.created_at:%d.%m.%Y %H:%M})"

    def get_absolute_url(self):
        return reverse("reporting:status_report_detail", kwargs={"pk": self.pk})

    @property
    def percent(self) -> int:
        return job_percent(self.status, self.steps_done, self.steps_total)

    @property
    def is_finished(self):
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def file_name(self):
        area = self.kkr.name if self.kkr else "begge-kkr"
        return f"statusrapport-{self.agreement.year}-k{self.quarter}-{area}.pdf".replace(
            " ", "-"
        ).lower()
