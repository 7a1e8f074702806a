"""Who may see and change what: every view asks here.

A user sees nothing until an administrator has given them a role; the role
and organisation then decide the rest.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _


def has_role(user):
    return user.is_authenticated and (bool(user.role) or user.is_superuser)


def role_required(view):
    """Refuse a signed-in user who has no role yet (the login itself is required globally)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not has_role(request.user):
            raise PermissionDenied(
                _("Your account has no role yet. Ask an administrator to give you one.")
            )
        return view(request, *args, **kwargs)

    return wrapped
