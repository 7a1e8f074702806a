"""Who a user is to the portal: a role and an organisation. Each app's access module builds
on these, and every view asks its app's access module.

A user sees nothing until an administrator has given them a role:

- staff and managers work for one growth house (HOUSE_ROLES);
- KKR reviewers and administrators read both houses' work (READER_ROLES);
- administrators also revise the agreement and have the admin site.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from agreement.models import Agreement, Organisation, User

HOUSE_ROLES = frozenset({User.Role.STAFF, User.Role.MANAGER})
READER_ROLES = frozenset({User.Role.REVIEWER, User.Role.ADMINISTRATOR})


def has_role(user) -> bool:
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


def house_of(user) -> Organisation | None:
    """Return the growth house the user works for, or None."""
    if user.is_authenticated and user.role in HOUSE_ROLES:
        return user.organisation
    return None


def is_manager(user) -> bool:
    """Return whether the user manages a growth house."""
    return house_of(user) is not None and user.role == User.Role.MANAGER


def is_manager_of(user, house_id) -> bool:
    return is_manager(user) and user.organisation_id == house_id


def reads_all_houses(user) -> bool:
    """Return whether the user reads both houses' work: reviewers and administrators."""
    return user.is_authenticated and (user.role in READER_ROLES or user.is_superuser)


def is_administrator(user) -> bool:
    return user.is_authenticated and (user.role == User.Role.ADMINISTRATOR or user.is_superuser)


def get_agreement_for_user(user, year) -> Agreement:
    """Return the year's agreement, or answer 404."""
    return get_object_or_404(Agreement, year=year)


def get_current_agreement_for_user(user) -> Agreement:
    """Return the agreement that pages without a year show, or answer 404 while none is loaded."""
    agreement = Agreement.objects.current()
    if agreement is None:
        raise Http404(_("No agreement is loaded yet."))
    return agreement
