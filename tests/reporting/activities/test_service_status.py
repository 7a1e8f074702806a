"""The status flow through the services, draft to submitted to approved or returned,
and soft deletion and restoring."""

import pytest

from reporting.models import Activity
from tests.reporting.activities.service_helpers import act, log, refusal_of, reloaded

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_in_tmp", "english")]


# The status flow -----------------------------------------------------------------------


def test_hanne_submits_her_draft(hanne):
    activity = log(hanne)

    act("submit", activity, hanne)

    assert reloaded(activity).status == Activity.Status.SUBMITTED


def test_an_activity_logged_with_submit_is_submitted_at_once(hanne):
    activity = log(hanne, submit=True)

    assert reloaded(activity).status == Activity.Status.SUBMITTED


def test_mads_approves_a_submitted_activity(hanne, mads):
    activity = log(hanne, submit=True)

    act("approve", activity, mads)

    assert reloaded(activity).status == Activity.Status.APPROVED


@pytest.mark.parametrize("reason", ["", "   "])
def test_mads_cannot_return_an_activity_without_saying_why(hanne, mads, reason):
    activity = log(hanne, submit=True)

    refusal = refusal_of(act, "return", activity, mads, reason=reason)

    assert refusal.message_dict == {"return_reason": ["Say why the activity is returned."]}
    assert reloaded(activity).status == Activity.Status.SUBMITTED


def test_mads_returns_an_activity_saying_why(hanne, mads):
    activity = log(hanne, submit=True)

    act("return", activity, mads, reason="  Deltagerlisten mangler. ")

    activity = reloaded(activity)
    assert activity.status == Activity.Status.RETURNED
    assert activity.return_reason == "Deltagerlisten mangler."


def test_submitting_a_returned_activity_again_clears_the_reason(hanne, mads):
    activity = act("return", log(hanne, submit=True), mads, reason="Deltagerlisten mangler.")

    act("submit", activity, hanne)

    activity = reloaded(activity)
    assert activity.status == Activity.Status.SUBMITTED
    assert activity.return_reason == ""


def returned(author, manager):
    return act("return", log(author, submit=True), manager, reason="Deltagerlisten mangler.")


def approved(author, manager):
    return act("approve", log(author, submit=True), manager)


@pytest.mark.parametrize(
    "action, prepare",
    [
        pytest.param("approve", lambda hanne, mads: log(hanne), id="approve a draft"),
        pytest.param("approve", returned, id="approve a returned activity"),
        pytest.param("approve", approved, id="approve an approved activity"),
        pytest.param("return", lambda hanne, mads: log(hanne), id="return a draft"),
        pytest.param("return", approved, id="return an approved activity"),
        pytest.param("submit", lambda hanne, mads: log(hanne, submit=True), id="submit twice"),
        pytest.param("submit", approved, id="submit an approved activity"),
    ],
)
def test_a_status_change_the_flow_does_not_allow_is_refused(hanne, mads, action, prepare):
    activity = prepare(hanne, mads)
    status = activity.status
    extra = {"reason": "Forkert"} if action == "return" else {}

    refusal = refusal_of(act, action, activity, mads, **extra)

    assert "so this is not possible now" in refusal.messages[0]
    assert reloaded(activity).status == status


# Deleting softly -----------------------------------------------------------------------


def test_a_deleted_activity_leaves_the_living_activities(hanne):
    activity = log(hanne)

    act("delete", activity, hanne)

    assert not Activity.objects.alive().filter(pk=activity.pk).exists()
    assert Activity.objects.deleted().get(pk=activity.pk).is_deleted


def test_mads_restores_a_deleted_activity(hanne, mads):
    activity = act("delete", log(hanne), hanne)

    act("restore", activity, mads)

    assert Activity.objects.alive().get(pk=activity.pk).deleted_at is None


def test_an_activity_cannot_be_deleted_twice(hanne):
    activity = act("delete", log(hanne), hanne)

    refusal = refusal_of(act, "delete", activity, hanne)

    assert refusal.messages == ["The activity is already deleted."]


def test_a_living_activity_cannot_be_restored(hanne, mads):
    refusal = refusal_of(act, "restore", log(hanne), mads)

    assert refusal.messages == ["The activity is not deleted."]
