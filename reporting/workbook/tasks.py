"""Celery task of the workbook: thin, by id, safe to run twice."""

from celery import shared_task

from reporting.workbook import services
from reporting.workbook.models import WorkbookExport


@shared_task(name="reporting.build_workbook")
def build_workbook(export_id):
    export = WorkbookExport.objects.select_related("agreement").filter(pk=export_id).first()
    if export is not None:
        services.workbook_build(export)
