"""The user's own page: who they are to the portal, and their API token."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from rest_framework.authtoken.models import Token

from agreement.access import role_required
from agreement.services import api_token_create, api_token_revoke


@role_required
@require_http_methods(["GET", "POST"])
def profile(request):
    """Show the profile; a POST makes a new token (shown this once) or revokes it."""
    new_key = None
    if request.method == "POST":
        if request.POST.get("action") == "create":
            new_key = api_token_create(user=request.user).key
        elif api_token_revoke(user=request.user):
            messages.success(request, _("Your API token is revoked. It no longer works."))
            return redirect("profile")
        else:
            return redirect("profile")
    token = Token.objects.filter(user=request.user).first()
    return render(request, "agreement/profile.html", {"token": token, "new_key": new_key})
