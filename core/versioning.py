"""Saves on top of the version the user saw: a save based on a version that someone else
has changed since is refused, and the other change stays."""

from concurrency.exceptions import RecordModifiedError
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

# Shown when a save is based on a version that someone else has changed since.
CONFLICT = _(
    "Someone else saved a change here while you were editing. Open the page again to see "
    "their change, then make yours again."
)


def save_version(instance, *, version, user, reason=""):
    """Save on top of the version the user saw, keeping who and why in the history.

    A save based on a version that someone else has changed since is refused with
    CONFLICT, and the other change stays.
    """
    if instance.pk is not None and version != instance.version:
        raise ValidationError(CONFLICT, code="conflict")
    instance._history_user = user
    instance._change_reason = reason
    try:
        # A savepoint, so that losing a race to the same new row leaves the transaction usable.
        with transaction.atomic():
            instance.save()
    except (RecordModifiedError, IntegrityError):
        raise ValidationError(CONFLICT, code="conflict") from None
