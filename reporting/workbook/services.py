"""The year-end workbook as readers ask for it: queued, built by Celery with its progress
stored, then downloaded. The workbook itself is written by reporting.workbook.
"""

import logging
import tempfile

from django.core.files import File
from django.db import transaction
from django.utils import timezone

from core import tasks
from reporting.jobs import throttled
from reporting.models import WorkbookExport
from reporting.workbook import writer

logger = logging.getLogger(__name__)


def workbook_request(*, agreement, user, language) -> WorkbookExport:
    """Queue a workbook of the agreement in the user's language; built once this commits."""
    with transaction.atomic():
        export = WorkbookExport.objects.create(
            agreement=agreement, requested_by=user, language=language
        )
        tasks.delay_on_commit("reporting.build_workbook", export.pk)
    return export


def workbook_build(export: WorkbookExport) -> None:
    """Write the workbook, storing the share of rows written as it goes.

    Run again after a lost worker, it starts afresh; a failure is stored, so that
    the page says so instead of waiting for ever.
    """
    WorkbookExport.objects.filter(pk=export.pk).update(
        status=WorkbookExport.Status.RUNNING, rows_written=0
    )

    def store(written, total):
        WorkbookExport.objects.filter(pk=export.pk).update(rows_written=written, rows_total=total)

    progress = throttled(store)

    try:
        with tempfile.TemporaryFile() as out:
            rows = writer.write_workbook(
                export.agreement, out, language=export.language, progress=progress
            )
            out.seek(0)
            export.refresh_from_db(fields=["rows_total"])
            export.file.save(export.file_name, File(out), save=False)
    except Exception:
        logger.exception("The workbook %s could not be written.", export.pk)
        WorkbookExport.objects.filter(pk=export.pk).update(
            status=WorkbookExport.Status.FAILED, finished_at=timezone.now()
        )
        raise
    export.status = WorkbookExport.Status.DONE
    export.rows_written = export.rows_total = max(rows, export.rows_total)
    export.finished_at = timezone.now()
    export.save(update_fields=["file", "status", "rows_written", "rows_total", "finished_at"])
