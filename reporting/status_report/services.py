"""The quarterly status report as readers ask for it: queued, built by Celery with its
progress stored, then downloaded."""

import logging
import tempfile

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core import tasks
from reporting.status_report import content, rendering
from reporting.status_report.models import StatusReport

logger = logging.getLogger(__name__)


def status_report_request(*, agreement, user, language, quarter, kkr=None) -> StatusReport:
    """Queue a status report of the agreement's quarter, for a KKR or both (None); built
    once this commits."""
    if quarter not in {each.number for each in agreement.quarters()}:
        raise ValidationError({"quarter": _("Choose a quarter of the agreement's period.")})
    if kkr is not None and kkr not in content.kkrs_of(agreement):
        raise ValidationError({"kkr": _("Choose a KKR of the agreement, or both.")})
    with transaction.atomic():
        report = StatusReport(
            agreement=agreement, requested_by=user, language=language, quarter=quarter, kkr=kkr
        )
        report.full_clean()
        report.save()
        tasks.delay_on_commit("reporting.build_status_report", report.pk)
    return report


def status_report_build(report: StatusReport) -> None:
    """Write the report, storing its steps as it goes: reading the figures, laying out the
    pages, saving the file.

    Run again after a lost worker, it starts afresh; a failure is stored, so that the
    page says so instead of waiting for ever.
    """
    steps = 3

    def step(done):
        StatusReport.objects.filter(pk=report.pk).update(steps_done=done, steps_total=steps)

    StatusReport.objects.filter(pk=report.pk).update(
        status=StatusReport.Status.RUNNING, steps_done=0, steps_total=steps
    )
    try:
        with translation.override(report.language), tempfile.TemporaryFile() as out:
            read = content.collect(report.agreement, report.quarter, report.kkr)
            step(1)
            rendering.write_pdf(read, out)
            step(2)
            out.seek(0)
            report.file.save(report.file_name, File(out), save=False)
    except Exception:
        logger.exception("The status report %s could not be written.", report.pk)
        StatusReport.objects.filter(pk=report.pk).update(
            status=StatusReport.Status.FAILED, finished_at=timezone.now()
        )
        raise
    report.status = StatusReport.Status.DONE
    report.steps_done = report.steps_total = steps
    report.finished_at = timezone.now()
    report.save(update_fields=["file", "status", "steps_done", "steps_total", "finished_at"])
