"""The year switch, and the administrator's pages of the year's life: activate, close, reopen."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agreement import services
from agreement.access import get_agreement_for_user, is_administrator, role_required
from core.forms import posted_int, show_service_error
from reporting.years.forms import ActivateForm, CloseForm, ReopenForm
from reporting.years.selectors import activation_summary, closing_summary
from reporting.years.switch import same_page_in_year


@require_POST
@role_required
def choose_year(request):
    """Show the page the user was on in the year chosen, and remember the choice."""
    agreement = get_agreement_for_user(request.user, posted_int(request, "year"))
    services.user_choose_year(user=request.user, agreement=agreement)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts=None) or not back.startswith("/"):
        back = "/"
    return redirect(same_page_in_year(back, agreement.year))


def _administered(request, year):
    if not is_administrator(request.user):
        raise PermissionDenied(_("Only administrators activate, close and reopen a year."))
    return get_agreement_for_user(request.user, year)


def _step(request, agreement, form, service, done, *fields):
    """Run the step once the form is valid; return where to go, or None to show the form."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        service(
            agreement=agreement,
            user=request.user,
            version=form.cleaned_data["version"],
            **{name: form.cleaned_data[name] for name in fields},
        )
    except ValidationError as error:
        show_service_error(form, error)
        agreement.refresh_from_db()
        return None
    messages.success(request, done)
    return redirect(agreement)


@role_required
def agreement_activate(request, year):
    agreement = _administered(request, year)
    form = ActivateForm(request.POST or None, initial={"version": agreement.version})
    done = _("%(title)s is active.") % {"title": agreement.title}
    if response := _step(request, agreement, form, services.agreement_activate, done):
        return response
    context = {"agreement": agreement, "form": form, "summary": activation_summary(agreement)}
    return render(request, "reporting/agreement_activate.html", context)


@role_required
def agreement_close(request, year):
    agreement = _administered(request, year)
    form = CloseForm(
        request.POST or None,
        initial={"version": agreement.version, "entries_close_on": agreement.entries_close_on},
    )
    done = _("%(title)s is closed.") % {"title": agreement.title}
    if request.method == "POST" and form.is_valid() and form.cleaned_data["entries_close_on"]:
        done = _("%(title)s takes late entries until %(date)s, then it is closed.") % {
            "title": agreement.title,
            "date": date_format(form.cleaned_data["entries_close_on"], "j. F Y"),
        }
    if step := _step(request, agreement, form, services.agreement_close, done, "entries_close_on"):
        return step
    context = {"agreement": agreement, "form": form, "summary": closing_summary(agreement)}
    return render(request, "reporting/agreement_close.html", context)


@role_required
def agreement_reopen(request, year):
    agreement = _administered(request, year)
    form = ReopenForm(request.POST or None, initial={"version": agreement.version})
    done = _("%(title)s is reopened.") % {"title": agreement.title}
    step = _step(
        request, agreement, form, services.agreement_reopen, done, "reason", "entries_close_on"
    )
    if step:
        return step
    context = {"agreement": agreement, "form": form, "summary": closing_summary(agreement)}
    return render(request, "reporting/agreement_reopen.html", context)
