"""A year-end workbook asked for by a reader: built by Celery, downloaded when done."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from agreement.models import Agreement
from reporting.jobs import JobStatus, job_percent


class WorkbookExport(models.Model):
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
    rows_total = models.PositiveIntegerField(_("rows in all"), default=0)
    rows_written = models.PositiveIntegerField(_("rows written"), default=0)
    # Under MEDIA_ROOT, which nothing serves: downloaded through a view that checks access.
    file = models.FileField(_("file"), upload_to="workbooks/%Y/", blank=True)
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("workbook")
        verbose_name_plural = _("workbooks")

    def __str__(self):
        return f"{self.agreement} ({self.created_at:%d.%m.%Y %H:%M})"

    def get_absolute_url(self):
        return reverse("reporting:workbook_detail", kwargs={"pk": self.pk})

    @property
    def percent(self) -> int:
        """Return the share of the rows written, 0 to 100 (100 once ready)."""
        return job_percent(self.status, self.rows_written, self.rows_total)

    @property
    def is_finished(self):
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def file_name(self):
        return f"{self.agreement.title}.xlsx".replace(" ", "-").lower()
