"""A firm's page: its CVR number, name and municipality, who created and changed it, and
the activities of it that the reader may see."""

import re

import pytest

from reporting.activities import services
from tests.factories import make_activity, make_firm
from tests.reporting.activities.list_helpers import SUBMITTED, on, pks

pytestmark = pytest.mark.django_db


@pytest.fixture
def firm_with_history(hanne, mads, sofie):
    """A firm that Hanne created and Mads renamed, with activities of both houses."""
    firm = make_firm(user=hanne, name="Gammelt Navn ApS", municipality_code=157)
    firm = services.firm_update(firm=firm, version=firm.version, user=mads, name="Nyt Navn ApS")
    activities = {
        "draft": make_activity(author=hanne, firm=firm, date=on(5)),
        "submitted": make_activity(author=hanne, firm=firm, date=on(6), status=SUBMITTED),
        "sjaelland": make_activity(
            author=sofie, firm=firm, date=on(7), status=SUBMITTED, activity_type="growth_mapping"
        ),
        "deleted": make_activity(author=hanne, firm=firm, date=on(8)),
    }
    services.activity_delete(
        activity=activities["deleted"], user=hanne, version=activities["deleted"].version
    )
    return firm, activities


def listed_on_firm_page(response):
    links = re.findall(r'href="/activities/(\d+)/"', response.content.decode())
    return sorted(int(pk) for pk in links)


def test_firm_page_shows_cvr_name_and_municipality(client_for, hanne, firm_with_history):
    firm, _activities = firm_with_history

    page = client_for(hanne).get(f"/firms/{firm.cvr}/").content.decode()

    assert firm.cvr in page
    assert "Nyt Navn ApS" in page
    assert "Gentofte" in page


def test_firm_page_shows_staff_their_houses_living_activities(client_for, hanne, firm_with_history):
    firm, activities = firm_with_history

    response = client_for(hanne).get(f"/firms/{firm.cvr}/")

    assert listed_on_firm_page(response) == pks(activities["draft"], activities["submitted"])


def test_firm_page_shows_reviewer_the_shared_activities_of_both_houses(
    client_for, rikke, firm_with_history
):
    firm, activities = firm_with_history

    response = client_for(rikke).get(f"/firms/{firm.cvr}/")

    assert listed_on_firm_page(response) == pks(activities["submitted"], activities["sjaelland"])


def test_firm_page_shows_who_created_and_changed_the_firm(client_for, sofie, firm_with_history):
    firm, _activities = firm_with_history

    page = client_for(sofie).get(f"/firms/{firm.cvr}/").content.decode()

    assert re.search(r"Oprettet</strong> · Hanne Testesen", page)
    assert re.search(r"Ændret</strong> · Mads Testesen", page)
    assert "Gammelt Navn ApS" in page  # the name before the change
    assert page.index("Ændret") < page.index("Oprettet")  # newest first


def test_unknown_firm_is_not_found(client_for, hanne):
    assert client_for(hanne).get("/firms/99999993/").status_code == 404


def test_user_without_a_role_cannot_open_a_firm(client_for, stranger, firm_with_history):
    firm, _activities = firm_with_history

    assert client_for(stranger).get(f"/firms/{firm.cvr}/").status_code == 403
