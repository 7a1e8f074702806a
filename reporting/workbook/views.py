"""The year-end workbook: asked for, built by Celery while a bar shows how far, downloaded.

Only readers of both houses (KKR reviewers and administrators) get it: it holds both
houses' status texts and measurements. Each workbook is its requester's.
"""

from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from agreement.access import get_agreement_for_user, role_required
from core.spreadsheets import XLSX_TYPE
from reporting import access
from reporting.jobs import job_download, job_status_response
from reporting.models import WorkbookExport
from reporting.workbook import services as exports

RECENT = 5


@role_required
def workbook(request, year):
    access.require_workbook_reader(request.user)
    agreement = get_agreement_for_user(request.user, year)
    if request.method == "POST":
        export = exports.workbook_request(
            agreement=agreement, user=request.user, language=get_language()
        )
        return redirect(export)
    recent = WorkbookExport.objects.filter(agreement=agreement, requested_by=request.user)
    context = {"agreement": agreement, "recent": recent[:RECENT]}
    return render(request, "reporting/workbook.html", context)


@role_required
def workbook_detail(request, pk):
    export = access.get_workbook_for_user(request.user, pk)
    return render(request, "reporting/workbook_detail.html", {"export": export})


@role_required
def workbook_status(request, pk):
    export = access.get_workbook_for_user(request.user, pk)
    return job_status_response(
        export, rows_written=export.rows_written, rows_total=export.rows_total
    )


@role_required
def workbook_download(request, pk):
    export = access.get_workbook_for_user(request.user, pk)
    return job_download(export, content_type=XLSX_TYPE, not_ready=_("The workbook is not ready."))
