"""A quarterly status report asked for by a reader: built by Celery, downloaded when done."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from agreement.models import Organisation
from reporting.jobs import Job, job_percent


class StatusReport(Job):
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
    steps_total = models.PositiveIntegerField(_("steps in all"), default=0)
    steps_done = models.PositiveIntegerField(_("steps done"), default=0)
    # Under MEDIA_ROOT, which nothing serves: downloaded through a view that checks access.
    file = models.FileField(_("file"), upload_to="status-reports/%Y/", blank=True)

    class Meta(Job.Meta):
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
    def file_name(self):
        area = self.kkr.name if self.kkr else "begge-kkr"
        return f"statusrapport-{self.agreement.year}-k{self.quarter}-{area}.pdf".replace(
            " ", "-"
        ).lower()
