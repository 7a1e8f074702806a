"""The year-end workbook: asked for, built by Celery while a bar shows how far, downloaded.

Only readers of both houses (KKR reviewers and administrators) get it: it holds both
houses' status texts and measurements. Each workbook is its requester's.
"""

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from agreement.access import role_required
from agreement.models import Agreement
from goals.access import reads_all_houses
from reporting.models import WorkbookExport
from reporting.workbook import services as exports

RECENT = 5


def _require_reader(user):
    if not reads_all_houses(user):
        raise PermissionDenied(_("The workbook is for the KKRs' reviewers and administrators."))


def _get_export(request, pk):
    _require_reader(request.user)
    return get_object_or_404(
        WorkbookExport.objects.select_related("agreement"), pk=pk, requested_by=request.user
    )


@role_required
def workbook(request, year):
    _require_reader(request.user)
    agreement = get_object_or_404(Agreement, year=year)
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
    export = _get_export(request, pk)
    return render(request, "reporting/workbook_detail.html", {"export": export})


@role_required
def workbook_status(request, pk):
    export = _get_export(request, pk)
    return JsonResponse(
        {
            "status": export.status,
            "label": export.get_status_display(),
            "percent": export.percent,
            "rows_written": export.rows_written,
            "rows_total": export.rows_total,
            "finished": export.is_finished,
        }
    )


@role_required
def workbook_download(request, pk):
    export = _get_export(request, pk)
    if export.status != WorkbookExport.Status.DONE or not export.file:
        raise Http404(_("The workbook is not ready."))
    try:
        handle = export.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("The file is missing.")) from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=export.file_name,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Cache-Control"] = "private, no-store"
    return response
