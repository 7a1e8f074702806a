"""Who may change which activities: editing, submitting, approving and returning,
deleting and restoring (see access_helpers.py for the rules)."""

import pytest

from reporting.models import Activity
from tests.reporting.activities.access_helpers import (
    APPROVED,
    DRAFT,
    HOUSE_OF,
    HOUSE_ONLY,
    HOUSE_PEOPLE,
    MANAGERS,
    OTHER_HOUSE,
    READERS,
    RETURNED,
    SHARED,
    STAFF,
    STATUSES,
    SUBMITTED,
    assert_unchanged,
    edit_form,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_in_tmp")]


# Editing.


@pytest.mark.parametrize("status", [DRAFT, SUBMITTED, RETURNED])
@pytest.mark.parametrize("name", HOUSE_PEOPLE)
def test_house_people_edit_their_houses_activity_until_it_is_approved(client_as, log, name, status):
    activity = log(HOUSE_OF[name], status)

    response = client_as(name).get(f"/activities/{activity.pk}/edit/")

    assert response.status_code == 200


@pytest.mark.parametrize("name", STAFF)
def test_staff_cannot_edit_an_approved_activity(client_as, log, name):
    activity = log(HOUSE_OF[name], APPROVED)
    client = client_as(name)

    assert client.get(f"/activities/{activity.pk}/edit/").status_code == 403
    response = client.post(f"/activities/{activity.pk}/edit/", edit_form(activity))

    assert response.status_code == 403
    assert_unchanged(activity)


@pytest.mark.parametrize("name", MANAGERS)
def test_manager_edits_an_approved_activity(client_as, log, name):
    activity = log(HOUSE_OF[name], APPROVED)
    client = client_as(name)

    assert client.get(f"/activities/{activity.pk}/edit/").status_code == 200
    response = client.post(f"/activities/{activity.pk}/edit/", edit_form(activity))

    assert response.status_code == 302
    assert Activity.objects.get(pk=activity.pk).description == "Beskrivelse rettet efter mødet"


def test_staff_saves_an_edit_of_a_draft(client_as, log):
    activity = log("hovedstaden", DRAFT)

    response = client_as("hanne").post(f"/activities/{activity.pk}/edit/", edit_form(activity))

    assert response.status_code == 302
    assert response.url == f"/activities/{activity.pk}/"
    assert Activity.objects.get(pk=activity.pk).description == "Beskrivelse rettet efter mødet"


@pytest.mark.parametrize("status", SHARED)
@pytest.mark.parametrize("name", READERS)
def test_reviewers_and_administrators_cannot_edit_what_they_can_see(client_as, log, name, status):
    activity = log("hovedstaden", status)
    client = client_as(name)

    assert client.get(f"/activities/{activity.pk}/edit/").status_code == 403
    response = client.post(f"/activities/{activity.pk}/edit/", edit_form(activity))

    assert response.status_code == 403
    assert_unchanged(activity)


@pytest.mark.parametrize("status", HOUSE_ONLY)
@pytest.mark.parametrize("name", READERS)
def test_reviewers_and_administrators_cannot_find_a_draft_to_edit(client_as, log, name, status):
    activity = log("hovedstaden", status)
    client = client_as(name)

    assert client.get(f"/activities/{activity.pk}/edit/").status_code == 404
    response = client.post(f"/activities/{activity.pk}/edit/", edit_form(activity))

    assert response.status_code == 404
    assert_unchanged(activity)


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("name", HOUSE_PEOPLE)
def test_house_people_cannot_edit_the_other_houses_activity(client_as, log, name, status):
    activity = log(OTHER_HOUSE[HOUSE_OF[name]], status)
    client = client_as(name)

    assert client.get(f"/activities/{activity.pk}/edit/").status_code == 404
    response = client.post(f"/activities/{activity.pk}/edit/", edit_form(activity))

    assert response.status_code == 404
    assert_unchanged(activity)


def test_manager_cannot_edit_a_deleted_activity_before_restoring_it(client_as, log):
    activity = log("hovedstaden", DRAFT, deleted=True)

    response = client_as("mads").post(f"/activities/{activity.pk}/edit/", edit_form(activity))

    assert response.status_code == 403
    assert_unchanged(activity)


def test_staff_cannot_edit_a_deleted_activity(client_as, log):
    activity = log("hovedstaden", DRAFT, deleted=True)

    response = client_as("hanne").post(f"/activities/{activity.pk}/edit/", edit_form(activity))

    assert response.status_code == 404
    assert_unchanged(activity)


# Submitting.


@pytest.mark.parametrize("status", HOUSE_ONLY)
@pytest.mark.parametrize("name", HOUSE_PEOPLE)
def test_house_people_submit_their_houses_draft_or_returned_activity(client_as, log, name, status):
    activity = log(HOUSE_OF[name], status)

    response = client_as(name).post(
        f"/activities/{activity.pk}/submit/", {"version": activity.version}
    )

    assert response.status_code == 302
    assert Activity.objects.get(pk=activity.pk).status == SUBMITTED


@pytest.mark.parametrize("status", SHARED)
@pytest.mark.parametrize("name", HOUSE_PEOPLE)
def test_submitted_or_approved_activity_cannot_be_submitted(client_as, log, name, status):
    activity = log(HOUSE_OF[name], status)

    response = client_as(name).post(
        f"/activities/{activity.pk}/submit/", {"version": activity.version}
    )

    assert response.status_code == 403
    assert_unchanged(activity)


@pytest.mark.parametrize(("name", "status", "refusal"), [
    *[(name, status, 404) for name in READERS for status in HOUSE_ONLY],
    *[(name, SUBMITTED, 403) for name in READERS],
    *[(name, DRAFT, 404) for name in ["sofie", "morten"]],
])  # fmt: skip
def test_only_the_house_submits_its_activities(client_as, log, name, status, refusal):
    activity = log("hovedstaden", status)

    response = client_as(name).post(
        f"/activities/{activity.pk}/submit/", {"version": activity.version}
    )

    assert response.status_code == refusal
    assert_unchanged(activity)


# Approving and returning.


@pytest.mark.parametrize("name", MANAGERS)
def test_manager_approves_a_submitted_activity(client_as, log, name):
    activity = log(HOUSE_OF[name], SUBMITTED)

    response = client_as(name).post(
        f"/activities/{activity.pk}/approve/", {"version": activity.version}
    )

    assert response.status_code == 302
    assert Activity.objects.get(pk=activity.pk).status == APPROVED


@pytest.mark.parametrize("name", MANAGERS)
def test_manager_returns_a_submitted_activity_with_a_reason(client_as, log, name):
    activity = log(HOUSE_OF[name], SUBMITTED)
    client = client_as(name)

    assert client.get(f"/activities/{activity.pk}/return/").status_code == 200
    response = client.post(
        f"/activities/{activity.pk}/return/",
        {"reason": "Datoen passer ikke.", "version": activity.version},
    )

    assert response.status_code == 302
    returned = Activity.objects.get(pk=activity.pk)
    assert (returned.status, returned.return_reason) == (RETURNED, "Datoen passer ikke.")


REVIEW_REFUSALS = [
    *[(name, 403) for name in ["hanne", *READERS]],
    *[(name, 404) for name in ["sofie", "morten"]],
]


@pytest.mark.parametrize(("name", "refusal"), REVIEW_REFUSALS)
def test_only_the_houses_manager_approves(client_as, log, name, refusal):
    activity = log("hovedstaden", SUBMITTED)

    response = client_as(name).post(
        f"/activities/{activity.pk}/approve/", {"version": activity.version}
    )

    assert response.status_code == refusal
    assert_unchanged(activity)


@pytest.mark.parametrize(("name", "refusal"), REVIEW_REFUSALS)
def test_only_the_houses_manager_returns(client_as, log, name, refusal):
    activity = log("hovedstaden", SUBMITTED)
    client = client_as(name)

    assert client.get(f"/activities/{activity.pk}/return/").status_code == refusal
    response = client.post(
        f"/activities/{activity.pk}/return/",
        {"reason": "Datoen passer ikke.", "version": activity.version},
    )

    assert response.status_code == refusal
    assert_unchanged(activity)


@pytest.mark.parametrize("status", [DRAFT, APPROVED, RETURNED])
def test_manager_approves_and_returns_only_submitted_activities(client_as, log, status):
    activity = log("hovedstaden", status)
    client = client_as("mads")

    approve = client.post(f"/activities/{activity.pk}/approve/", {"version": activity.version})
    ask_return = client.get(f"/activities/{activity.pk}/return/")
    send_back = client.post(
        f"/activities/{activity.pk}/return/",
        {"reason": "Datoen passer ikke.", "version": activity.version},
    )

    assert (approve.status_code, ask_return.status_code, send_back.status_code) == (403, 403, 403)
    assert_unchanged(activity)


def test_deleted_activity_cannot_be_approved(client_as, log):
    activity = log("hovedstaden", SUBMITTED, deleted=True)

    response = client_as("mads").post(
        f"/activities/{activity.pk}/approve/", {"version": activity.version}
    )

    assert response.status_code == 403
    assert_unchanged(activity)


# Deleting and restoring.


@pytest.mark.parametrize("status", [DRAFT, SUBMITTED, RETURNED])
@pytest.mark.parametrize("name", STAFF)
def test_staff_delete_their_houses_activity_until_it_is_approved(client_as, log, name, status):
    activity = log(HOUSE_OF[name], status)
    client = client_as(name)

    assert client.get(f"/activities/{activity.pk}/delete/").status_code == 200
    response = client.post(f"/activities/{activity.pk}/delete/", {"version": activity.version})

    assert response.status_code == 302
    # Staff cannot see deleted activities, so they are sent back to the list.
    assert response.url == "/activities/"
    assert Activity.objects.get(pk=activity.pk).is_deleted


@pytest.mark.parametrize("name", STAFF)
def test_staff_cannot_delete_an_approved_activity(client_as, log, name):
    activity = log(HOUSE_OF[name], APPROVED)
    client = client_as(name)

    assert client.get(f"/activities/{activity.pk}/delete/").status_code == 403
    response = client.post(f"/activities/{activity.pk}/delete/", {"version": activity.version})

    assert response.status_code == 403
    assert_unchanged(activity)


@pytest.mark.parametrize("name", MANAGERS)
def test_manager_deletes_an_approved_activity(client_as, log, name):
    activity = log(HOUSE_OF[name], APPROVED)
    client = client_as(name)

    assert client.get(f"/activities/{activity.pk}/delete/").status_code == 200
    response = client.post(f"/activities/{activity.pk}/delete/", {"version": activity.version})

    assert response.status_code == 302
    assert response.url == f"/activities/{activity.pk}/"
    assert Activity.objects.get(pk=activity.pk).is_deleted


@pytest.mark.parametrize(("name", "status", "refusal"), [
    *[(name, status, 403) for name in READERS for status in SHARED],
    *[(name, status, 404) for name in READERS for status in HOUSE_ONLY],
    *[(name, status, 404) for name in ["sofie", "morten"] for status in STATUSES],
])  # fmt: skip
def test_only_the_house_deletes_its_activities(client_as, log, name, status, refusal):
    activity = log("hovedstaden", status)
    client = client_as(name)

    assert client.get(f"/activities/{activity.pk}/delete/").status_code == refusal
    response = client.post(f"/activities/{activity.pk}/delete/", {"version": activity.version})

    assert response.status_code == refusal
    assert_unchanged(activity)


def test_manager_restores_their_houses_deleted_activity(client_as, log):
    activity = log("hovedstaden", APPROVED, deleted=True)

    response = client_as("mads").post(
        f"/activities/{activity.pk}/restore/", {"version": activity.version}
    )

    assert response.status_code == 302
    assert not Activity.objects.get(pk=activity.pk).is_deleted


@pytest.mark.parametrize("name", ["hanne", "sofie", "morten", *READERS])
def test_nobody_but_the_houses_manager_restores(client_as, log, name):
    activity = log("hovedstaden", APPROVED, deleted=True)

    response = client_as(name).post(
        f"/activities/{activity.pk}/restore/", {"version": activity.version}
    )

    assert response.status_code == 404
    assert_unchanged(activity)


def test_a_living_activity_cannot_be_restored(client_as, log):
    activity = log("hovedstaden", APPROVED)

    response = client_as("mads").post(
        f"/activities/{activity.pk}/restore/", {"version": activity.version}
    )

    assert response.status_code == 403
    assert_unchanged(activity)


@pytest.mark.parametrize("action", ["submit", "approve", "restore"])
def test_status_changes_refuse_a_plain_get(client_as, log, action):
    activity = log("hovedstaden", SUBMITTED)

    response = client_as("mads").get(f"/activities/{activity.pk}/{action}/")

    assert response.status_code == 405
    assert_unchanged(activity)
