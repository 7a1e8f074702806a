"""Who may download and remove which activities' evidence (see access_helpers.py for the
rules)."""

import pytest

from tests.reporting.activities.access_helpers import (
    APPROVED,
    DRAFT,
    HOUSE_OF,
    HOUSE_ONLY,
    HOUSE_PEOPLE,
    READERS,
    SHARED,
    STATUSES,
    SUBMITTED,
)
from tests.reporting.activities.files import PDF

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_in_tmp")]


# Evidence.


def download(client, activity, evidence):
    return client.get(f"/activities/{activity.pk}/evidence/{evidence.pk}/")


def assert_is_the_report(response):
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="rapport.pdf"'
    assert b"".join(response.streaming_content) == PDF
    response.close()


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("name", HOUSE_PEOPLE)
def test_house_people_download_their_houses_evidence(client_as, log_with_report, name, status):
    activity, evidence = log_with_report(HOUSE_OF[name], status)

    assert_is_the_report(download(client_as(name), activity, evidence))


@pytest.mark.parametrize("status", SHARED)
@pytest.mark.parametrize("name", READERS)
def test_reviewers_and_administrators_download_shared_evidence(
    client_as, log_with_report, name, status
):
    activity, evidence = log_with_report("sjaelland", status)

    assert_is_the_report(download(client_as(name), activity, evidence))


@pytest.mark.parametrize(("name", "status"), [
    *[(name, status) for name in ["sofie", "morten"] for status in STATUSES],
    *[(name, status) for name in READERS for status in HOUSE_ONLY],
])  # fmt: skip
def test_evidence_of_an_activity_one_may_not_see_is_not_found(
    client_as, log_with_report, name, status
):
    activity, evidence = log_with_report("hovedstaden", status)

    response = download(client_as(name), activity, evidence)

    assert response.status_code == 404
    assert PDF not in response.content


def test_deleted_activitys_evidence_is_only_for_the_houses_manager(client_as, log_with_report):
    activity, evidence = log_with_report("hovedstaden", SUBMITTED, deleted=True)

    assert download(client_as("hanne"), activity, evidence).status_code == 404
    assert download(client_as("rikke"), activity, evidence).status_code == 404
    assert_is_the_report(download(client_as("mads"), activity, evidence))


def test_evidence_cannot_be_reached_through_another_activity(client_as, log, log_with_report):
    _hidden, evidence = log_with_report("sjaelland", DRAFT)
    visible = log("hovedstaden", DRAFT)

    response = download(client_as("hanne"), visible, evidence)

    assert response.status_code == 404


def test_downloading_evidence_refuses_a_post(client_as, log_with_report):
    activity, evidence = log_with_report("hovedstaden", DRAFT)

    response = client_as("hanne").post(f"/activities/{activity.pk}/evidence/{evidence.pk}/")

    assert response.status_code == 405


def remove(client, activity, evidence):
    return client.post(f"/activities/{activity.pk}/evidence/{evidence.pk}/remove/")


@pytest.mark.parametrize("name", ["hanne", "mads"])
def test_house_people_remove_evidence_from_a_draft(
    client_as, log_with_report, name, django_capture_on_commit_callbacks
):
    activity, evidence = log_with_report("hovedstaden", DRAFT)
    storage, stored = evidence.file.storage, evidence.file.name
    assert storage.exists(stored)

    with django_capture_on_commit_callbacks(execute=True):
        response = remove(client_as(name), activity, evidence)

    assert response.status_code == 302
    assert not activity.evidence.exists()
    assert not storage.exists(stored)  # the file is gone from the storage too


def test_manager_removes_evidence_from_an_approved_activity(client_as, log_with_report):
    activity, evidence = log_with_report("hovedstaden", APPROVED)

    assert remove(client_as("mads"), activity, evidence).status_code == 302
    assert not activity.evidence.exists()


@pytest.mark.parametrize(("name", "status", "refusal"), [
    ("hanne", APPROVED, 403),
    *[(name, status, 403) for name in READERS for status in SHARED],
    *[(name, DRAFT, 404) for name in READERS],
    *[(name, status, 404) for name in ["sofie", "morten"] for status in STATUSES],
])  # fmt: skip
def test_evidence_stays_when_removing_is_refused(client_as, log_with_report, name, status, refusal):
    activity, evidence = log_with_report("hovedstaden", status)

    response = remove(client_as(name), activity, evidence)

    assert response.status_code == refusal
    assert activity.evidence.filter(pk=evidence.pk).exists()


def test_removing_evidence_refuses_a_plain_get(client_as, log_with_report):
    activity, evidence = log_with_report("hovedstaden", DRAFT)

    response = client_as("hanne").get(f"/activities/{activity.pk}/evidence/{evidence.pk}/remove/")

    assert response.status_code == 405
    assert activity.evidence.filter(pk=evidence.pk).exists()
