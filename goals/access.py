"""Who may see and write a growth house's progress inputs: status texts, effect
measurements and milestones. Every page of them asks here.

- A growth house's manager writes the house's inputs; its staff read them.
- Reviewers and administrators read both houses'.
- A milestone reached jointly belongs to both houses: both read it, and either
  house's manager changes it.
- Nobody else sees a house's inputs.

A page answers 404 for a house the user may not see and 403 for a write the user
may see but not make.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from agreement.models import Agreement, Organisation, User

HOUSE_ROLES = (User.Role.STAFF, User.Role.MANAGER)
READER_ROLES = (User.Role.REVIEWER, User.Role.ADMINISTRATOR)


def reads_all_houses(user) -> bool:
    return user.role in READER_ROLES or user.is_superuser


def visible_houses(user, agreement: Agreement) -> list[Organisation]:
    """Return the agreement's growth houses whose inputs the user may read."""
    return visible_among(user, agreement.growth_houses())


def visible_among(user, houses: list[Organisation]) -> list[Organisation]:
    """Return those of the growth houses whose inputs the user may read."""
    if user.role in HOUSE_ROLES:
        return [house for house in houses if house.pk == user.organisation_id]
    if reads_all_houses(user):
        return houses
    return []


def chosen_houses(user, agreement: Agreement, key: str | None) -> list[Organisation]:
    """Return the houses a page shows: the one chosen by its key, else every visible one.

    A house the user may not see answers 404, even when it exists.
    """
    houses = visible_houses(user, agreement)
    if not key:
        return houses
    chosen = [house for house in houses if house.key == key]
    if not chosen:
        raise Http404
    return chosen


def can_write(user, house: Organisation) -> bool:
    """Return whether the user writes the house's inputs: the house's manager."""
    return user.role == User.Role.MANAGER and user.organisation_id == house.pk


def house_to_write(user, houses: list[Organisation]) -> Organisation | None:
    """Return the one house among those shown that the user writes for, or None."""
    return next((house for house in houses if can_write(user, house)), None)


def can_write_milestone(user, agreement: Agreement, house: Organisation | None) -> bool:
    """Return whether the user changes a milestone completion of the house (None: joint)."""
    if house is None:
        return house_to_write(user, agreement.growth_houses()) is not None
    return can_write(user, house)


def refuse_write():
    raise PermissionDenied(_("Only the growth house's manager can change this."))


def can_see_house(user, agreement: Agreement, house: Organisation | None) -> bool:
    """Return whether the user reads the house's inputs (None: joint ones)."""
    houses = visible_houses(user, agreement)
    if house is None:
        return bool(houses)
    return any(visible.pk == house.pk for visible in houses)
