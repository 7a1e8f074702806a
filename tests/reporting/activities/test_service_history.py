"""An activity's history: one entry per service call, with who did what and the changes."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from reporting.activities import uploads
from reporting.activities.selectors import activity_history
from reporting.models import Activity
from tests.factories import make_activity
from tests.reporting.activities.files import PDF, upload
from tests.reporting.activities.lookups import goal
from tests.reporting.activities.service_helpers import act, log

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_in_tmp", "english")]

COPENHAGEN = ZoneInfo("Europe/Copenhagen")


def test_every_service_call_makes_one_history_entry_with_its_user_and_reason(hanne, mads):
    activity = make_activity(author=hanne, activity_type="growth_course")
    steps = [
        ("update", hanne, {"description": "Eksportforløb", "goals": [goal("a.4b")]}, ""),
        ("submit", hanne, {}, Activity.Change.SUBMITTED),
        ("return", mads, {"reason": "Deltagerlisten mangler."}, Activity.Change.RETURNED),
        ("update", hanne, {"links": ["https://example.dk/deltagere"]}, ""),
        ("submit", hanne, {}, Activity.Change.SUBMITTED),
        ("approve", mads, {}, Activity.Change.APPROVED),
        ("delete", mads, {}, Activity.Change.DELETED),
        ("restore", mads, {}, Activity.Change.RESTORED),
    ]
    first = activity.history.get()
    assert (first.history_type, first.history_user, first.history_change_reason) == (
        "+",
        hanne,
        "",
    )

    for entries, (action, user, fields, reason) in enumerate(steps, start=2):
        activity = act(action, activity, user, **fields)

        assert activity.history.count() == entries, action
        latest = activity.history.latest("history_date")
        assert (latest.history_type, latest.history_user, latest.history_change_reason) == (
            "~",
            user,
            reason,
        ), action


def test_history_shows_who_did_what_with_goal_changes_and_evidence(hanne, mads, time_machine):
    time_machine.move_to(datetime.datetime(2018, 3, 15, 9, tzinfo=COPENHAGEN))
    activity = make_activity(
        author=hanne, activity_type="growth_course", files=[upload("deltagere.pdf", PDF)]
    )
    time_machine.move_to(datetime.datetime(2018, 3, 15, 10, tzinfo=COPENHAGEN))
    activity = act(
        "update",
        activity,
        mads,
        goals=[goal("a.4a"), goal("a.4b")],
        links=["https://example.dk/program"],
    )
    time_machine.move_to(datetime.datetime(2018, 3, 15, 11, tzinfo=COPENHAGEN))
    uploads.evidence_remove(evidence=activity.evidence.get(file_name="deltagere.pdf"), user=mads)
    time_machine.move_to(datetime.datetime(2018, 3, 15, 12, tzinfo=COPENHAGEN))
    act("submit", activity, hanne)

    history = activity_history(activity)

    assert [(entry.who, entry.what, entry.detail) for entry in history] == [
        ("Hanne Testesen", "Submitted", ""),
        ("Mads Testesen", "Evidence removed", "deltagere.pdf"),
        ("Mads Testesen", "Evidence added", "https://example.dk/program"),
        ("Mads Testesen", "Changed", ""),
        ("Hanne Testesen", "Evidence added", "deltagere.pdf"),
        ("Hanne Testesen", "Created", ""),
    ]
    submitted, *_, changed, _, created = history
    assert submitted.changes == [("status", "Draft", "Submitted")]
    assert changed.changes == [("goals", "a.4a", "a.4a, a.4b")]
    assert created.changes == []


def deleted_and_restored(hanne, mads, time_machine):
    time_machine.move_to(datetime.datetime(2018, 3, 15, 9, tzinfo=COPENHAGEN))
    activity = log(hanne)
    time_machine.move_to(datetime.datetime(2018, 3, 15, 10, tzinfo=COPENHAGEN))
    activity = act("delete", activity, hanne)
    time_machine.move_to(datetime.datetime(2018, 3, 15, 11, tzinfo=COPENHAGEN))
    return act("restore", activity, mads)


def test_history_shows_who_deleted_and_who_restored(hanne, mads, time_machine):
    activity = deleted_and_restored(hanne, mads, time_machine)

    history = activity_history(activity)

    assert [(entry.who, entry.what) for entry in history] == [
        ("Mads Testesen", "Restored"),
        ("Hanne Testesen", "Deleted"),
        ("Hanne Testesen", "Created"),
    ]


def test_history_marks_the_deletion_with_a_check_mark(hanne, mads, time_machine):
    activity = deleted_and_restored(hanne, mads, time_machine)

    restored, deleted, _created = activity_history(activity)

    assert deleted.changes == [("deleted", "–", "✓")]
    assert restored.changes == [("deleted", "✓", "–")]
