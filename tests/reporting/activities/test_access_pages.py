"""Who may open which pages of the activity log: every page for anonymous visitors and
users without a role, the list of activities, and one activity's page (see
access_helpers.py for the rules)."""

import pytest

from reporting.activities import services
from reporting.models import Evidence
from tests.factories import make_activity, make_firm
from tests.reporting.activities.access_helpers import (
    APPROVED,
    DRAFT,
    EVERYONE,
    HOUSE_OF,
    HOUSE_ONLY,
    HOUSE_PEOPLE,
    MANAGERS,
    OTHER_HOUSE,
    READERS,
    SHARED,
    STAFF,
    STATUSES,
    SUBMITTED,
    assert_sent_to_login,
    assert_unchanged,
    house_seen_by,
    tag,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_in_tmp")]


@pytest.fixture
def every_activity(log):
    """Every status in both houses, and a deleted submitted activity in each."""
    for house in ("hovedstaden", "sjaelland"):
        for status in STATUSES:
            log(house, status)
        log(house, SUBMITTED, deleted=True)


# Anonymous visitors and signed-in users without a role, on every page.

PAGES = [
    ("get", "/activities/"),
    ("get", "/activities/?deleted=1"),
    ("get", "/activities/new/"),
    ("get", "/activities/{pk}/"),
    ("get", "/activities/{pk}/edit/"),
    ("post", "/activities/{pk}/edit/"),
    ("post", "/activities/{pk}/submit/"),
    ("post", "/activities/{pk}/approve/"),
    ("get", "/activities/{pk}/return/"),
    ("post", "/activities/{pk}/return/"),
    ("get", "/activities/{pk}/delete/"),
    ("post", "/activities/{pk}/delete/"),
    ("post", "/activities/{pk}/restore/"),
    ("get", "/activities/{pk}/evidence/{evidence_pk}/"),
    ("post", "/activities/{pk}/evidence/{evidence_pk}/remove/"),
    ("get", "/firms/search/?q=Firma"),
    ("get", "/firms/contacts/?cvr={cvr}&date=15.03.2018"),
    ("get", "/firms/{cvr}/"),
    ("get", "/firms/{cvr}/edit/"),
    ("post", "/firms/{cvr}/edit/"),
]


def fill(path, activity, evidence):
    return path.format(pk=activity.pk, evidence_pk=evidence.pk, cvr=activity.firm.cvr)


@pytest.mark.parametrize(("method", "path"), PAGES)
def test_anonymous_visitor_is_sent_to_login_everywhere(client_as, log_with_report, method, path):
    activity, evidence = log_with_report("hovedstaden", SUBMITTED)

    response = getattr(client_as(None), method)(fill(path, activity, evidence))

    assert_sent_to_login(response)
    assert_unchanged(activity)
    assert Evidence.objects.filter(pk=evidence.pk).exists()


@pytest.mark.parametrize(("method", "path"), PAGES)
def test_user_without_a_role_is_refused_everywhere(client_as, log_with_report, method, path):
    activity, evidence = log_with_report("hovedstaden", SUBMITTED)

    response = getattr(client_as("stranger"), method)(fill(path, activity, evidence))

    assert response.status_code == 403
    assert_unchanged(activity)
    assert Evidence.objects.filter(pk=evidence.pk).exists()


# The list of activities.


@pytest.mark.parametrize("name", HOUSE_PEOPLE)
def test_house_people_see_all_their_own_houses_activities(client_as, every_activity, name):
    page = client_as(name).get("/activities/").content.decode()

    for status in STATUSES:
        assert f"Firma {tag(HOUSE_OF[name], status)}" in page


@pytest.mark.parametrize("name", HOUSE_PEOPLE)
def test_house_people_never_see_the_other_houses_activities(client_as, every_activity, name):
    page = client_as(name).get("/activities/").content.decode()

    assert f"Firma {tag(HOUSE_OF[name], SUBMITTED)}" in page
    for status in STATUSES:
        assert tag(OTHER_HOUSE[HOUSE_OF[name]], status) not in page


def test_staff_see_their_colleagues_drafts_and_returned_activities(client_as, mads, hanne):
    make_activity(author=mads, firm=make_firm(user=mads, name="Kollegas kladde ApS"))
    returned = make_activity(
        author=mads, firm=make_firm(user=mads, name="Kollegas returnerede ApS"), status=SUBMITTED
    )
    services.activity_return(
        activity=returned, user=mads, version=returned.version, reason="Mangler dato."
    )

    page = client_as("hanne").get("/activities/").content.decode()

    assert "Kollegas kladde ApS" in page
    assert "Kollegas returnerede ApS" in page


@pytest.mark.parametrize("name", READERS)
def test_reviewers_and_administrators_see_submitted_and_approved_of_both_houses(
    client_as, every_activity, name
):
    page = client_as(name).get("/activities/").content.decode()

    for house in ("hovedstaden", "sjaelland"):
        for status in SHARED:
            assert f"Firma {tag(house, status)}" in page


@pytest.mark.parametrize("name", READERS)
def test_reviewers_and_administrators_never_see_drafts_or_returned(client_as, every_activity, name):
    page = client_as(name).get("/activities/").content.decode()

    assert f"Firma {tag('hovedstaden', SUBMITTED)}" in page
    for house in ("hovedstaden", "sjaelland"):
        for status in HOUSE_ONLY:
            assert tag(house, status) not in page


@pytest.mark.parametrize("name", EVERYONE)
def test_deleted_activities_are_in_nobodys_list(client_as, every_activity, name):
    page = client_as(name).get("/activities/").content.decode()

    assert f"Firma {tag(house_seen_by(name), SUBMITTED)}" in page
    assert "/deleted]" not in page


@pytest.mark.parametrize("name", MANAGERS)
def test_manager_asking_for_deleted_sees_only_their_houses_deleted_activities(
    client_as, every_activity, name
):
    page = client_as(name).get("/activities/?deleted=1").content.decode()

    house = HOUSE_OF[name]
    assert f"Firma {tag(house, SUBMITTED, deleted=True)}" in page
    assert tag(OTHER_HOUSE[house], SUBMITTED, deleted=True) not in page
    assert f"Firma {tag(house, DRAFT)}" not in page


@pytest.mark.parametrize("name", STAFF + READERS)
def test_others_asking_for_deleted_get_the_normal_list(client_as, every_activity, name):
    response = client_as(name).get("/activities/?deleted=1")

    assert response.status_code == 200
    page = response.content.decode()
    assert "/deleted]" not in page
    assert f"Firma {tag(house_seen_by(name), SUBMITTED)}" in page


# One activity's page.


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("name", HOUSE_PEOPLE)
def test_house_people_open_their_own_houses_activity_in_any_status(client_as, log, name, status):
    activity = log(HOUSE_OF[name], status)

    response = client_as(name).get(f"/activities/{activity.pk}/")

    assert response.status_code == 200
    assert activity.description in response.content.decode()


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("name", HOUSE_PEOPLE)
def test_house_people_cannot_see_any_activity_of_the_other_house(client_as, log, name, status):
    activity = log(OTHER_HOUSE[HOUSE_OF[name]], status)

    response = client_as(name).get(f"/activities/{activity.pk}/")

    assert response.status_code == 404
    assert activity.description not in response.content.decode()


@pytest.mark.parametrize("status", SHARED)
@pytest.mark.parametrize("house", ["hovedstaden", "sjaelland"])
@pytest.mark.parametrize("name", READERS)
def test_reviewers_and_administrators_open_submitted_and_approved_activities(
    client_as, log, name, house, status
):
    activity = log(house, status)

    response = client_as(name).get(f"/activities/{activity.pk}/")

    assert response.status_code == 200
    assert activity.description in response.content.decode()


@pytest.mark.parametrize("status", HOUSE_ONLY)
@pytest.mark.parametrize("name", READERS)
def test_reviewers_and_administrators_cannot_see_drafts_or_returned(client_as, log, name, status):
    activity = log("hovedstaden", status)

    response = client_as(name).get(f"/activities/{activity.pk}/")

    assert response.status_code == 404
    assert activity.description not in response.content.decode()


def test_manager_opens_their_houses_deleted_activity(client_as, log):
    activity = log("hovedstaden", APPROVED, deleted=True)

    response = client_as("mads").get(f"/activities/{activity.pk}/")

    assert response.status_code == 200
    assert activity.description in response.content.decode()


@pytest.mark.parametrize("name", ["hanne", "sofie", "morten", *READERS])
def test_nobody_but_the_houses_manager_sees_a_deleted_activity(client_as, log, name):
    activity = log("hovedstaden", APPROVED, deleted=True)

    response = client_as(name).get(f"/activities/{activity.pk}/")

    assert response.status_code == 404


def test_unknown_activity_is_not_found(client_as):
    assert client_as("mads").get("/activities/999999/").status_code == 404
