"""Which kinds of notice each role gets. Every user reads and sets only their own notices."""

from agreement.access import house_of, is_manager
from agreement.models import User
from reporting.models import Notice

Kind = Notice.Kind


def notice_kinds(user) -> list[str]:
    """Return the kinds of notice the user's role can get."""
    kinds = []
    if house_of(user) is not None:
        kinds.append(Kind.ACTIVITY_RETURNED)
    if is_manager(user):
        kinds += [Kind.APPROVALS_WAITING, Kind.STATUS_TEXT_DUE, Kind.TARGETS_AT_RISK]
    elif user.role == User.Role.REVIEWER:
        kinds.append(Kind.TARGETS_AT_RISK)
    return kinds
