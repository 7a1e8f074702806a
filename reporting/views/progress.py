"""How far the agreement has come: every target's stored progress and the score."""

from django.shortcuts import get_object_or_404, redirect, render

from agreement.access import role_required
from agreement.models import Agreement

from .. import selectors
from .activities import current_agreement


@role_required
def progress_current(request):
    return redirect("reporting:progress", year=current_agreement().year)


@role_required
def progress(request, year):
    agreement = get_object_or_404(Agreement, year=year)
    context = {"agreement": agreement, "progress": selectors.agreement_progress(agreement)}
    return render(request, "reporting/progress.html", context)
