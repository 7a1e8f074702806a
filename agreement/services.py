from datetime import date as Date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from agreement.models import Agreement, Organisation, User
from core.versioning import save_version


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


@transaction.atomic
def user_choose_year(*, user: User, agreement: Agreement) -> None:
    """Remember the year the user chose: pages without a year in their address show it."""
    if user.chosen_year != agreement.year:
        user.chosen_year = agreement.year
        user.save(update_fields=["chosen_year"])


# The agreement's life (see Agreement): each step is based on the version the
# administrator saw, and kept in the agreement's history with who, when and why.


@transaction.atomic
def agreement_activate(*, agreement: Agreement, user: User, version: int) -> Agreement:
    """Make a draft active: everyone sees it, and entries dated in its period are taken."""
    if agreement.status != Agreement.Status.DRAFT:
        raise ValidationError(
            _("%(title)s is %(state)s, not a draft, so it cannot be activated.")
            % {"title": agreement.title, "state": agreement.get_state_display().lower()}
        )
    agreement.status = Agreement.Status.ACTIVE
    save_version(agreement, version=version, user=user, reason=Agreement.Change.ACTIVATED)
    return agreement


@transaction.atomic
def agreement_close(
    *,
    agreement: Agreement,
    user: User,
    version: int,
    entries_close_on: Date | None,
    today: Date | None = None,
) -> Agreement:
    """Close the year once its period is over: at once, or after late entries until a deadline.

    With a deadline the agreement is closing: entries and approvals are still taken
    up to and including that day. A closing agreement's deadline may be moved, or
    the year closed at once.
    """
    today = today or timezone.localdate()
    if agreement.status not in (Agreement.Status.ACTIVE, Agreement.Status.CLOSING):
        raise ValidationError(
            _("%(title)s is %(state)s, so it cannot be closed.")
            % {"title": agreement.title, "state": agreement.get_state_display().lower()}
        )
    if today <= agreement.period_end:
        raise ValidationError(
            _("The period runs until %(date)s: a year can be closed once its period is over.")
            % {"date": date_format(agreement.period_end, "j. F Y")}
        )
    if entries_close_on is not None and entries_close_on < today:
        raise ValidationError(
            {
                "entries_close_on": _(
                    "The deadline cannot be in the past. Leave it empty to close the year now."
                )
            }
        )
    agreement.entries_close_on = entries_close_on
    if entries_close_on is None:
        agreement.status, reason = Agreement.Status.CLOSED, Agreement.Change.CLOSED
    else:
        agreement.status, reason = Agreement.Status.CLOSING, Agreement.Change.CLOSING
    save_version(agreement, version=version, user=user, reason=reason)
    return agreement


@transaction.atomic
def agreement_reopen(
    *,
    agreement: Agreement,
    user: User,
    version: int,
    reason: str,
    entries_close_on: Date,
    today: Date | None = None,
) -> Agreement:
    """Take entries to a closed year again until a new deadline, for the reason given."""
    today = today or timezone.localdate()
    if agreement.state != Agreement.Status.CLOSED:
        raise ValidationError(
            _("%(title)s is %(state)s, not closed, so there is nothing to reopen.")
            % {"title": agreement.title, "state": agreement.get_state_display().lower()}
        )
    errors = {}
    if not reason.strip():
        errors["reason"] = _("Say why the year is reopened.")
    if entries_close_on is None or entries_close_on < today:
        errors["entries_close_on"] = _("Give the last day of the new late entries: today or later.")
    if errors:
        raise ValidationError(errors)
    agreement.status = Agreement.Status.CLOSING
    agreement.entries_close_on = entries_close_on
    agreement.reopen_reason = reason.strip()
    save_version(agreement, version=version, user=user, reason=Agreement.Change.REOPENED)
    return agreement


@transaction.atomic
def api_token_create(*, user: User) -> Token:
    """Make the user a new API token; the one they had stops working."""
    Token.objects.filter(user=user).delete()
    return Token.objects.create(user=user)


@transaction.atomic
def api_token_revoke(*, user: User) -> bool:
    """Revoke the user's API token; return whether they had one."""
    deleted, _rows = Token.objects.filter(user=user).delete()
    return bool(deleted)
