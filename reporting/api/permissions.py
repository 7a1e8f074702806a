from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission

from agreement.access import has_role


class HasRole(BasePermission):
    """Let in a signed-in user (by token or session) whom an administrator gave a role."""

    message = _("Your account has no role yet. Ask an administrator to give you one.")

    def has_permission(self, request, view):
        return has_role(request.user)
