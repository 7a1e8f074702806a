"""Who imports: a growth house's manager, for their own house, and sees only its imports.

Everyone else is refused with 403; another house's import answers 404.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from agreement.models import User
from reporting.access import house_of
from reporting.models import ImportBatch


def can_import(user):
    return house_of(user) is not None and user.role == User.Role.MANAGER


def require_import(user):
    if not can_import(user):
        raise PermissionDenied(_("Only a growth house's manager imports activities."))


def get_batch(user, pk) -> ImportBatch:
    """Return the house's import, or answer 403 (not a manager) or 404 (another house's)."""
    require_import(user)
    batch = get_object_or_404(ImportBatch.objects.select_related("house", "uploaded_by"), pk=pk)
    if batch.house_id != user.organisation_id:
        raise Http404
    return batch
