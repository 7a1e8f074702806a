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


def visible_agreements(user):
    """Return the agreements the user may see: drafts only to administrators."""
    if is_administrator(user):
        return Agreement.objects.all()
    return Agreement.objects.activated()


def get_agreement_for_user(user, year) -> Agreement:
    """Return the year's agreement, or answer 404 (also for a draft the user may not see)."""
    return get_object_or_404(visible_agreements(user), year=year)


def chosen_agreement(user, year=None) -> Agreement | None:
    """Return the agreement that pages without a year in their address show: the year asked
    for, else the year the user chose last, else the current one; None while none is loaded.
    """
    agreements = visible_agreements(user)
    if isinstance(year, str):
        year = int(year) if year.isdigit() and len(year) == 4 else None
    for wanted in (year, user.chosen_year):
        if wanted is not None and (agreement := agreements.filter(year=wanted).first()):
            return agreement
    return agreements.current()


def get_chosen_agreement_for_user(user, year=None) -> Agreement:
    """Return chosen_agreement(), or answer 404 while no agreement the user may see is loaded."""
    agreement = chosen_agreement(user, year)
    if agreement is None:
        raise Http404(_("No agreement is loaded yet."))
    return agreement
