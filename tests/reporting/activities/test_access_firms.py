"""Who may log new activities, and who may search, read and edit firms and ask for the
other house's contacts with one (see access_helpers.py for the rules)."""

import pytest

from goals.models import ActivityType
from reporting.models import Activity, Firm
from tests.factories import make_activity, make_firm
from tests.reporting.activities.access_helpers import (
    EVERYONE,
    HOUSE_OF,
    HOUSE_PEOPLE,
    OTHER_HOUSE,
    READERS,
    SUBMITTED,
    assert_sent_to_login,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_in_tmp")]


# Logging a new activity.


@pytest.mark.parametrize("name", HOUSE_PEOPLE)
def test_house_people_open_the_form_for_a_new_activity(client_as, name):
    assert client_as(name).get("/activities/new/").status_code == 200


@pytest.mark.parametrize("name", READERS)
def test_reviewers_and_administrators_cannot_log_activities(client_as, firm, name):
    client = client_as(name)

    assert client.get("/activities/new/").status_code == 403
    response = client.post(
        "/activities/new/",
        {
            "activity_type": ActivityType.objects.get(code="guidance").pk,
            "date": "15.03.2018",
            "quantity": "1",
            "firm_cvr": firm.cvr,
            "description": "Logget af en læser",
        },
    )

    assert response.status_code == 403
    assert not Activity.objects.filter(description="Logget af en læser").exists()


def test_anonymous_visitor_is_sent_to_login_from_the_new_activity_form(client_as):
    assert_sent_to_login(client_as(None).get("/activities/new/"))


# Firms.


@pytest.fixture
def firm(hanne):
    return make_firm(user=hanne, name="Søgbar Maskinfabrik ApS")


@pytest.mark.parametrize("name", HOUSE_PEOPLE)
def test_house_people_search_firms(client_as, firm, name):
    response = client_as(name).get("/firms/search/", {"q": "Søgbar"})

    assert response.status_code == 200
    assert [found["cvr"] for found in response.json()["firms"]] == [firm.cvr]


@pytest.mark.parametrize("name", READERS)
def test_reviewers_and_administrators_cannot_search_firms(client_as, firm, name):
    response = client_as(name).get("/firms/search/", {"q": "Søgbar"})

    assert response.status_code == 403
    assert firm.cvr not in response.content.decode()


@pytest.mark.parametrize("name", HOUSE_PEOPLE)
def test_house_people_ask_for_the_other_houses_contacts_with_a_firm(client_as, log, name):
    other = log(OTHER_HOUSE[HOUSE_OF[name]], SUBMITTED)

    response = client_as(name).get(
        "/firms/contacts/", {"cvr": other.firm.cvr, "date": "15.03.2018"}
    )

    assert response.status_code == 200
    [contact] = response.json()["contacts"]
    assert other.house.name in contact


def test_contacts_never_mention_the_other_houses_drafts(client_as, log, sofie):
    shared_firm = log("sjaelland", SUBMITTED).firm
    make_activity(author=sofie, firm=shared_firm, description="Sjællands kladde")

    response = client_as("hanne").get(
        "/firms/contacts/", {"cvr": shared_firm.cvr, "date": "15.03.2018"}
    )

    assert len(response.json()["contacts"]) == 1


@pytest.mark.parametrize("name", READERS)
def test_reviewers_and_administrators_cannot_ask_for_contacts(client_as, log, name):
    other = log("sjaelland", SUBMITTED)

    response = client_as(name).get(
        "/firms/contacts/", {"cvr": other.firm.cvr, "date": "15.03.2018"}
    )

    assert response.status_code == 403


@pytest.mark.parametrize("name", EVERYONE)
def test_every_role_opens_a_firms_page(client_as, firm, name):
    response = client_as(name).get(f"/firms/{firm.cvr}/")

    assert response.status_code == 200
    assert firm.name in response.content.decode()


@pytest.mark.parametrize("name", ["hanne", "mads", *READERS])
def test_firms_page_lists_only_activities_one_may_see(client_as, hanne, sofie, name):
    firm = make_firm(user=hanne, name="Delt Virksomhed A/S")
    shared = make_activity(
        author=hanne, firm=firm, description="Delt indberettet", status=SUBMITTED
    )
    draft = make_activity(author=sofie, firm=firm, description="Sjællands kladde")

    response = client_as(name).get(f"/firms/{firm.cvr}/")

    assert response.status_code == 200
    assert list(response.context["activities"]) == [shared]
    page = response.content.decode()
    assert f"/activities/{shared.pk}/" in page
    assert f"/activities/{draft.pk}/" not in page


@pytest.mark.parametrize("name", HOUSE_PEOPLE)
def test_house_people_edit_a_firm(client_as, firm, name):
    client = client_as(name)

    assert client.get(f"/firms/{firm.cvr}/edit/").status_code == 200
    response = client.post(
        f"/firms/{firm.cvr}/edit/",
        {
            "name": "Søgbar Maskinfabrik A/S",
            "municipality": firm.municipality_id,
            "sector": "",
            "version": firm.version,
        },
    )

    assert response.status_code == 302
    assert Firm.objects.get(pk=firm.pk).name == "Søgbar Maskinfabrik A/S"


@pytest.mark.parametrize("name", READERS)
def test_reviewers_and_administrators_cannot_edit_a_firm(client_as, firm, name):
    client = client_as(name)

    assert client.get(f"/firms/{firm.cvr}/edit/").status_code == 403
    response = client.post(
        f"/firms/{firm.cvr}/edit/",
        {
            "name": "Omdøbt af en læser",
            "municipality": firm.municipality_id,
            "sector": "",
            "version": firm.version,
        },
    )

    assert response.status_code == 403
    saved = Firm.objects.get(pk=firm.pk)
    assert (saved.name, saved.version) == (firm.name, firm.version)


@pytest.mark.parametrize("path", ["/firms/12345674/", "/firms/12345674/edit/"])
def test_unknown_firm_is_not_found(client_as, path):
    assert client_as("hanne").get(path).status_code == 404
