from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agreement.models import Organisation
from reporting.jobs import JobStatus


class ImportBatch(models.Model):
    """One upload of the ERP system's export: previewed first, written once confirmed.

    The request only keeps the file; Celery reads it and checks its rows (the preview), and
    writes them once the manager confirms, each step's progress shown by a bar.
    """

    Status = JobStatus

    class Step(models.TextChoices):
        PREVIEW = "preview", _("Reading the file")
        CONFIRM = "confirm", _("Saving the rows")

    house = models.ForeignKey(
        Organisation,
        verbose_name=_("growth house"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": Organisation.Kind.GROWTH_HOUSE},
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    file = models.FileField(_("file"), upload_to="imports/%Y/")
    file_name = models.CharField(_("file name"), max_length=255)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    created_count = models.PositiveIntegerField(_("created"), default=0)
    updated_count = models.PositiveIntegerField(_("updated"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged"), default=0)
    error_count = models.PositiveIntegerField(_("rows with errors"), default=0)
    # Celery's step, how it went, and what it found (how far it has come is in the cache:
    # the confirmation writes in one transaction, which nobody else sees until it commits).
    step = models.CharField(_("step"), max_length=10, choices=Step.choices, default=Step.PREVIEW)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    language = models.CharField(_("language"), max_length=10, default="da")
    headers = models.JSONField(_("headers"), default=list, blank=True)
    # What confirming would do (reporting.erp_import.summary), in the uploader's language.
    preview = models.JSONField(_("preview"), default=dict, blank=True)
    # Why the file cannot be read, or why the last confirmation failed.
    problems = models.JSONField(_("problems"), default=list, blank=True)

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self):
        return self.file_name

    @property
    def is_working(self):
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def is_unreadable(self):
        return self.step == self.Step.PREVIEW and self.status == self.Status.FAILED


class ColumnMapping(models.Model):
    """Which header of a house's ERP export holds each column of the import format."""

    house = models.OneToOneField(
        Organisation,
        verbose_name=_("growth house"),
        on_delete=models.CASCADE,
        related_name="+",
        limit_choices_to={"kind": Organisation.Kind.GROWTH_HOUSE},
    )
    columns = models.JSONField(_("columns"), default=dict)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("column mapping")
        verbose_name_plural = _("column mappings")

    def __str__(self):
        return str(self.house)
