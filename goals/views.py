from django.shortcuts import get_object_or_404, redirect, render

from agreement.access import role_required
from agreement.models import Agreement

from . import selectors


@role_required
def home(request):
    """Send the user to the current agreement; an empty portal says how to load one."""
    agreement = Agreement.objects.current()
    if agreement is None:
        return render(request, "goals/no_agreement.html")
    return redirect(agreement)


@role_required
def agreement_detail(request, year):
    agreement = get_object_or_404(Agreement, year=year)
    context = {
        "agreement": agreement,
        "outline": selectors.agreement_outline(agreement),
        "reference_figures": agreement.reference_figures.all(),
        **selectors.agreement_parties(agreement),
    }
    return render(request, "goals/agreement_detail.html", context)
