"""Who revises the agreement: an administrator. Everyone else is refused with 403."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from agreement.models import User
from goals.models import AgreementRevision


def can_revise(user) -> bool:
    return user.is_authenticated and (user.role == User.Role.ADMINISTRATOR or user.is_superuser)


def require_revise(user):
    if not can_revise(user):
        raise PermissionDenied(_("Only an administrator revises the agreement."))


def get_revision(user, year, pk) -> AgreementRevision:
    """Return the revision of the year's agreement, or answer 403 (not an administrator) or 404."""
    require_revise(user)
    return get_object_or_404(
        AgreementRevision.objects.select_related(
            "agreement", "uploaded_by", "applied_by", "created_agreement"
        ),
        pk=pk,
        agreement__year=year,
    )
