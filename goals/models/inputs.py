"""What the progress inputs share: the traffic light, and the checks of who reports when.

The inputs are what a growth house reports beyond its activities: status texts, effect
measurements and milestone completions. Each row belongs to one house (a milestone may
be both houses' jointly); its history keeps who wrote what and when.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agreement.models import Organisation


class Progress(models.TextChoices):
    """The traffic light of a goal or target."""

    ACHIEVED = "achieved", _("Achieved")
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    BEHIND = "behind", _("Behind")
    NOT_STARTED = "not_started", _("Not started")


def house_errors(house, agreement):
    """Return why the organisation cannot report for the agreement, as a field error, or {}."""
    if house.kind != Organisation.Kind.GROWTH_HOUSE:
        return {"house": _("Choose a growth house.")}
    if not agreement.parties.filter(pk=house.pk).exists():
        return {
            "house": _("%(house)s is not a party to %(agreement)s.")
            % {"house": house.name, "agreement": agreement.title}
        }
    return {}


def today_errors(day, field):
    if day > timezone.localdate():
        return {field: _("The date cannot be in the future.")}
    return {}
