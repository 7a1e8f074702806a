from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.http import require_GET, require_safe


@login_not_required
@require_safe
def health(request):
    """Answer the load balancer and docker-compose: the web process and database respond."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@login_not_required
@require_GET
def favicon(request):
    """Point browsers that ask for /favicon.ico (the admin's pages) at the portal's icon."""
    return redirect(static("img/favicon.svg"), permanent=True)


def conflict(request, target=None):
    """Answer a save that lost the race to someone else's change (django-concurrency's 409)."""
    return render(request, "409.html", {"target": target}, status=409)
