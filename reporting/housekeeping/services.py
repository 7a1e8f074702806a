"""Files kept only as long as they are useful: imports' uploads and the rows read from them,
and the documents readers asked for (year-end workbooks, status reports).

The records stay (an import's counts, who asked for what); their files go. Run every night
by Celery beat; running it twice does nothing more.
"""

import datetime

from django.conf import settings
from django.utils import timezone

from reporting.erp_import.services import delete_import_files
from reporting.models import ImportBatch, StatusReport, WorkbookExport


def housekeeping_run(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Delete the files older than their keeping time; return how many of each kind."""
    now = now or timezone.now()
    imports_before = now - datetime.timedelta(days=settings.IMPORT_KEEP_DAYS)
    documents_before = now - datetime.timedelta(days=settings.DOCUMENT_KEEP_DAYS)
    deleted = {"imports": 0, "workbooks": 0, "status_reports": 0}
    for batch in ImportBatch.objects.exclude(file="").filter(uploaded_at__lt=imports_before):
        delete_import_files(batch)
        deleted["imports"] += 1
    for key, model in (("workbooks", WorkbookExport), ("status_reports", StatusReport)):
        for document in model.objects.filter(created_at__lt=documents_before):
            if document.file:
                document.file.delete(save=False)
            document.delete()
            deleted[key] += 1
    return deleted
