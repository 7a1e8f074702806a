"""Who is who in the access tests (test_access_*.py), and the checks they share.

The rules are reporting/access.py's: a growth house sees only its own activities and
changes them (staff until approved); its manager also approves, returns and restores;
reviewers and administrators read submitted and approved activities of both houses.
What a user may not see answers 404; what they may see but not change answers 403.

Each activity made for an access test carries a mark, [house/status], in its
description and its firm's name, so that a page can be searched for it.
"""

from reporting.models import Activity

DRAFT = Activity.Status.DRAFT
SUBMITTED = Activity.Status.SUBMITTED
APPROVED = Activity.Status.APPROVED
RETURNED = Activity.Status.RETURNED
STATUSES = [DRAFT, SUBMITTED, APPROVED, RETURNED]
SHARED = [SUBMITTED, APPROVED]
HOUSE_ONLY = [DRAFT, RETURNED]

HOUSE_PEOPLE = ["hanne", "mads", "sofie", "morten"]
STAFF = ["hanne", "sofie"]
MANAGERS = ["mads", "morten"]
READERS = ["rikke", "rasmus", "anne"]
EVERYONE = HOUSE_PEOPLE + READERS

HOUSE_OF = {
    "hanne": "hovedstaden",
    "mads": "hovedstaden",
    "sofie": "sjaelland",
    "morten": "sjaelland",
}
OTHER_HOUSE = {"hovedstaden": "sjaelland", "sjaelland": "hovedstaden"}
# Who logs, returns and deletes the activities made for a test, by house.
HOUSE_STAFF = {"hovedstaden": "hanne", "sjaelland": "sofie"}
HOUSE_MANAGER = {"hovedstaden": "mads", "sjaelland": "morten"}


def tag(house, status, deleted=False):
    """Return the mark an activity's description and firm name carry, to find it on a page."""
    return f"[{house}/{status}{'/deleted' if deleted else ''}]"


def house_seen_by(name):
    """Return a house whose submitted activities the person sees: their own, else any."""
    return HOUSE_OF.get(name, "hovedstaden")


def assert_unchanged(activity):
    saved = Activity.objects.get(pk=activity.pk)
    assert (saved.status, saved.description, saved.deleted_at, saved.version) == (
        activity.status,
        activity.description,
        activity.deleted_at,
        activity.version,
    )


def assert_sent_to_login(response):
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/?next=")


def edit_form(activity, description="Beskrivelse rettet efter mødet"):
    return {
        "activity_type": activity.activity_type_id,
        "date": "15.03.2018",
        "quantity": "1",
        "firm_cvr": activity.firm.cvr,
        "description": description,
        "version": activity.version,
    }
