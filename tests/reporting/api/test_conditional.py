"""Made for caching: ETag and Last-Modified from the roll-up time, and 304 when unchanged."""

import pytest

from reporting.activities import services
from reporting.models import Activity
from tests.factories import make_activity
from tests.reporting.api.conftest import API
from tests.reporting.rollups.commits import commit, forget_queued

pytestmark = pytest.mark.django_db

GUIDED = API + "progress/?target=national.guided-firms&house=both"


def test_a_conditional_request_after_no_change_answers_304(client_as, logged):
    reader = client_as("rikke")
    first = reader.get(GUIDED)

    again = reader.get(GUIDED, HTTP_IF_NONE_MATCH=first["ETag"])
    since = reader.get(GUIDED, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])

    assert first.status_code == 200 and first["ETag"] and first["Last-Modified"]
    assert again.status_code == since.status_code == 304
    assert again.content == b""
    assert "private" in first["Cache-Control"]


def test_after_an_approval_it_answers_200_with_the_new_figure(
    client_as, hanne, mads, logged, tasks_in_process
):
    reader = client_as("rikke")
    with forget_queued():
        submitted = make_activity(author=hanne, status=Activity.Status.SUBMITTED)
    first = reader.get(GUIDED)

    commit(
        lambda: services.activity_approve(activity=submitted, user=mads, version=submitted.version)
    )
    after = reader.get(GUIDED, HTTP_IF_NONE_MATCH=first["ETag"])

    assert first.json()["results"][0]["value"] == 4
    assert after.status_code == 200
    assert after.json()["results"][0]["value"] == 5
    assert after["ETag"] != first["ETag"]


def test_the_etag_differs_by_format_and_by_reader(client_as, logged, client_for, hanne, rikke):
    json_tag = client_for(rikke).get(API + "activities/")["ETag"]
    csv_tag = client_for(rikke).get(API + "activities/?format=csv")["ETag"]
    staff_tag = client_for(hanne).get(API + "activities/")["ETag"]

    assert len({json_tag, csv_tag, staff_tag}) == 3
