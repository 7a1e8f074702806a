"""The quarterly status report: asked for on the overview, built by Celery while a bar
shows how far, downloaded as PDF.

Only readers of both houses (KKR reviewers and administrators) get it: it holds both
houses' status texts. Each report is its requester's.
"""

from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from agreement.access import get_agreement_for_user, role_required
from core.forms import show_service_error
from core.periods import quarter_of
from reporting import access
from reporting.jobs import job_download, job_status_response
from reporting.status_report import content, services
from reporting.status_report.forms import StatusReportForm
from reporting.status_report.models import StatusReport

RECENT = 5
PDF_TYPE = "application/pdf"


@role_required
def status_report(request, year):
    access.require_status_report_reader(request.user)
    agreement = get_agreement_for_user(request.user, year)
    current = quarter_of(agreement.period_start, agreement.period_end, timezone.localdate())
    form = StatusReportForm(
        request.POST or None,
        agreement=agreement,
        kkrs=content.kkrs_of(agreement),
        initial_quarter=current.number if current else agreement.quarters()[-1].number,
    )
    if request.method == "POST" and form.is_valid():
        try:
            report = services.status_report_request(
                agreement=agreement,
                user=request.user,
                language=get_language(),
                **form.cleaned_data,
            )
        except ValidationError as error:
            show_service_error(form, error)
        else:
            return redirect(report)
    recent = StatusReport.objects.filter(agreement=agreement, requested_by=request.user)
    context = {"agreement": agreement, "form": form, "recent": recent[:RECENT]}
    return render(request, "reporting/status_report.html", context)


@role_required
def status_report_detail(request, pk):
    report = access.get_status_report_for_user(request.user, pk)
    return render(request, "reporting/status_report_detail.html", {"report": report})


@role_required
def status_report_status(request, pk):
    report = access.get_status_report_for_user(request.user, pk)
    return job_status_response(report)


@role_required
def status_report_download(request, pk):
    report = access.get_status_report_for_user(request.user, pk)
    return job_download(
        report, content_type=PDF_TYPE, not_ready=_("The status report is not ready.")
    )
