"""Reading the list of activities as its readers do: which activities a page lists, in
the order of its rows. The pages speak Danish, so the tests read the Danish text a
user reads."""

import datetime
import re

from reporting.models import Activity

DRAFT = Activity.Status.DRAFT
SUBMITTED = Activity.Status.SUBMITTED
APPROVED = Activity.Status.APPROVED


def shown(response):
    """Return the activities the page lists, in the order of its rows."""
    assert response.status_code == 200
    return [int(pk) for pk in re.findall(r'data-activity="(\d+)"', response.content.decode())]


def pks(*activities):
    return [activity.pk for activity in activities]


def on(day, month=3):
    return datetime.date(2018, month, day)
