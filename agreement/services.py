from concurrency.exceptions import RecordModifiedError
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from .models import Organisation, User

# Shown when a save is based on a version that someone else has changed since.
CONFLICT = _(
    "Someone else saved a change here while you were editing. Open the page again to see "
    "their change, then make yours again."
)


@transaction.atomic
def user_save(
    *,
    username: str,
    password: str,
    role: str,
    organisation: Organisation | None,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
) -> User:
    """Create the user, or bring an existing one in line; administrators get the admin site."""
    user = User.objects.filter(username=username).first() or User(username=username)
    user.role = role
    user.organisation = organisation
    user.first_name, user.last_name, user.email = first_name, last_name, email
    user.is_staff = user.is_superuser = role == User.Role.ADMINISTRATOR
    user.is_active = True
    user.set_password(password)
    user.full_clean()
    user.save()
    return user


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
