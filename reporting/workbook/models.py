"""A year-end workbook asked for by a reader: built by Celery, downloaded when done."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from reporting.jobs import Job, job_percent


class WorkbookExport(Job):
    rows_total = models.PositiveIntegerField(_("rows in all"), default=0)
    rows_written = models.PositiveIntegerField(_("rows written"), default=0)
    # Under MEDIA_ROOT, which nothing serves: downloaded through a view that checks access.
    file = models.FileField(_("file"), upload_to="workbooks/%Y/", blank=True)

    class Meta(Job.Meta):
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
    def file_name(self):
        return f"{self.agreement.title}.xlsx".replace(" ", "-").lower()
