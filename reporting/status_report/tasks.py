"""Celery task of the status report: thin, by id, safe to run twice."""

from celery import shared_task

from reporting.status_report import services
from reporting.status_report.models import StatusReport


@shared_task(name="reporting.build_status_report")
def build_status_report(report_id):
    report = StatusReport.objects.select_related("agreement", "kkr").filter(pk=report_id).first()
    if report is not None:
        services.status_report_build(report)
