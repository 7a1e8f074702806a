"""The landing page: a growth house's user starts on what waits for them."""

from django.shortcuts import render

from agreement.access import house_of, role_required
from goals import views as goals_views
from reporting.notices import selectors as notices
from reporting.queues import selectors


@role_required
def home(request):
    """Show a growth house's staff or manager their work queues and notices; send the
    reviewers and administrators to the overview."""
    if house_of(request.user) is None:
        return goals_views.home(request)
    context = {
        **selectors.work_queues(request.user),
        "notices": notices.unread_notices(request.user),
    }
    return render(request, "reporting/home.html", context)
