"""Firms: the look-ups of the activity form, a firm's page and its edit form."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from agreement.access import role_required
from core.forms import show_service_error
from reporting import access
from reporting.activities import selectors, services
from reporting.activities.forms import (
    FirmForm,
    normalise_cvr,
)
from reporting.activities.views.activities import contact_text, parse_date


@require_GET
@role_required
def firm_search(request):
    access.require_logging(request.user)
    firms = selectors.firm_search(request.GET.get("q", "")[:100])
    return JsonResponse(
        {
            "firms": [
                {
                    "cvr": firm.cvr,
                    "name": firm.name,
                    "municipality": firm.municipality.name,
                    "municipality_id": firm.municipality_id,
                }
                for firm in firms
            ]
        }
    )


@require_GET
@role_required
def firm_contacts(request):
    """Return the other house's recent contacts with the firm, for the warning while logging."""
    access.require_logging(request.user)
    cvr = normalise_cvr(request.GET.get("cvr", ""))[:8]
    on = parse_date(request.GET.get("date", ""))
    contacts = selectors.other_house_contacts(cvr=cvr, house=request.user.organisation, on=on)
    return JsonResponse({"contacts": [contact_text(contact) for contact in contacts[:5]]})


@role_required
def firm_detail(request, cvr):
    firm = access.get_firm_for_user(request.user, cvr)
    activities = (
        access.visible_activities(request.user)
        .filter(firm=firm)
        .select_related("house", "activity_type", "municipality")
    )
    context = {
        "firm": firm,
        "activities": activities[:100],
        "history": selectors.firm_history(firm),
        "can_change": access.can_log(request.user),
    }
    return render(request, "reporting/firm_detail.html", context)


@role_required
def firm_update(request, cvr):
    firm = access.get_rw_firm_for_user(request.user, cvr)
    form = FirmForm(request.POST or None, instance=firm, initial={"version": firm.version})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            services.firm_update(firm=firm, version=version, user=request.user, **data)
        except ValidationError as error:
            show_service_error(form, error)
        else:
            messages.success(request, _("The firm is saved."))
            return redirect(firm)
    return render(request, "reporting/firm_form.html", {"firm": firm, "form": form})
