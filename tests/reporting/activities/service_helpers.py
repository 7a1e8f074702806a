"""Calling the activity services as the views do, and checking that a refusal saved nothing."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from agreement.models import Agreement, Municipality
from goals.models import ActivityType
from reporting.activities import services
from reporting.models import Activity, Evidence, Firm
from tests.factories import new_cvr

MARCH_15 = datetime.date(2018, 3, 15)


def goal_codes(activity):
    return set(activity.goals.values_list("code", flat=True))


def new_firm(name="Bageriet Brød ApS", municipality_code=265):
    """Return a firm typed in with the activity, not yet saved."""
    return Firm(
        cvr=new_cvr(), name=name, municipality=Municipality.objects.get(code=municipality_code)
    )


def log(author, activity_type="event", *, date=MARCH_15, **fields):
    """Log an activity for the author's house through the service, with nothing filled in."""
    return services.activity_create(
        agreement=Agreement.objects.get(year=2018),
        house=author.organisation,
        author=author,
        activity_type=ActivityType.objects.get(code=activity_type),
        date=date,
        **fields,
    )


def act(action, activity, user, **fields):
    """Call the service activity_<action> on the version of the activity the user sees."""
    service = getattr(services, f"activity_{action}")
    return service(activity=activity, user=user, version=activity.version, **fields)


def refusal_of(call, *args, **kwargs):
    with pytest.raises(ValidationError) as refusal:
        call(*args, **kwargs)
    return refusal.value


def files_on_disk(directory):
    return [path for path in directory.rglob("*") if path.is_file()]


def assert_nothing_saved(media_root):
    assert not Activity.objects.exists()
    assert not Activity.history.exists()
    assert not Firm.objects.exists()
    assert not Firm.history.exists()
    assert not Evidence.objects.exists()
    assert not Evidence.history.exists()
    assert files_on_disk(media_root) == []


def reloaded(activity):
    return Activity.objects.get(pk=activity.pk)
