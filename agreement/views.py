from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET


@login_not_required
@require_GET
def health(request):
    """Answer the load balancer and docker-compose: the web process and database respond."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def conflict(request, target=None):
    """Answer a save that lost the race to someone else's change (django-concurrency's 409)."""
    return render(request, "409.html", {"target": target}, status=409)
