"""The year-end revision: an uploaded Revision sheet, previewed, then made next year's draft."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from agreement.models import Agreement


class AgreementRevision(models.Model):
    """One upload of the filled-in Revision sheet of an agreement.

    The rows are kept as the upload read them (goals.revision.reading), so that the
    preview and the confirmation never read the file again; confirming applies them
    once, as next year's draft agreement.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Not confirmed")
        APPLIED = "applied", _("Applied")

    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("agreement"),
        on_delete=models.CASCADE,
        related_name="revisions",
        help_text=_("The agreement revised: this year's."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    file_name = models.CharField(_("file name"), max_length=255)
    rows = models.JSONField(_("rows"), default=list)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    applied_at = models.DateTimeField(_("applied"), null=True, blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applied by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # A draft may be deleted to start over; the revision then stays applied, without it.
    created_agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("created agreement"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("agreement revision")
        verbose_name_plural = _("agreement revisions")

    def __str__(self):
        return self.file_name

    def get_absolute_url(self):
        return reverse(
            "goals:revision_preview", kwargs={"year": self.agreement.year, "pk": self.pk}
        )

    @property
    def is_applied(self):
        return self.status == self.Status.APPLIED


class RevisionUpload(models.Model):
    """An uploaded revision workbook waiting to be read by Celery: read, it becomes an
    AgreementRevision (its preview), or is refused with what to correct; either way the file
    is deleted."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Being read")
        DONE = "done", _("Read")
        FAILED = "failed", _("Refused")

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="+"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    file_name = models.CharField(_("file name"), max_length=255)
    # Under MEDIA_ROOT, which nothing serves; deleted once read.
    file = models.FileField(_("file"), upload_to="revisions/%Y/", blank=True)
    language = models.CharField(_("language"), max_length=10, default="da")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    # Why it is refused: {"file": [...], "rows": [...]}, in the uploader's language.
    problems = models.JSONField(_("problems"), default=dict, blank=True)
    revision = models.OneToOneField(
        AgreementRevision,
        verbose_name=_("revision"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("revision upload")
        verbose_name_plural = _("revision uploads")

    def __str__(self):
        return self.file_name

    def get_absolute_url(self):
        return reverse(
            "goals:revision_upload_detail", kwargs={"year": self.agreement.year, "pk": self.pk}
        )

    @property
    def is_working(self):
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)
