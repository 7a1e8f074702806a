"""Years side by side: every page shows the year asked for, the switch keeps the page and
its filters and is remembered, and a draft is seen by administrators only."""

import datetime
import re

import pytest

from reporting.models import Activity
from tests.factories import make_activity

pytestmark = pytest.mark.django_db

AUTUMN_2019 = datetime.date(2019, 9, 2)


def activity_rows(response):
    return [int(pk) for pk in re.findall(r'data-activity="(\d+)"', response.content.decode())]


@pytest.fixture
def both_years(closing_2018, active_2019, hanne):
    """One approved activity of Hovedstaden in each year."""
    return {
        2018: make_activity(author=hanne, status=Activity.Status.APPROVED),
        2019: make_activity(
            author=hanne,
            agreement=active_2019,
            date=AUTUMN_2019,
            status=Activity.Status.APPROVED,
        ),
    }


def choose(client, year, next_page):
    return client.post("/years/choose/", {"year": year, "next": next_page})


def test_the_activity_list_shows_the_newest_active_year_until_another_is_chosen(
    both_years, client_for, hanne
):
    client = client_for(hanne)

    assert activity_rows(client.get("/activities/")) == [both_years[2019].pk]
    assert activity_rows(client.get("/activities/?year=2018")) == [both_years[2018].pk]


@pytest.mark.parametrize("who", ["hanne", "mads", "rikke", "anne"])
def test_each_role_lists_each_years_activities_by_the_switch(both_years, client_for, who, request):
    user = request.getfixturevalue(who)
    client = client_for(user)

    response = choose(client, 2018, "/activities/?status=approved&page=2")

    assert response.status_code == 302
    assert response.url == "/activities/?status=approved&year=2018"
    assert activity_rows(client.get(response.url)) == [both_years[2018].pk]
    # Remembered: the list without a year shows 2018, also after signing in again.
    user.refresh_from_db()
    assert user.chosen_year == 2018
    assert activity_rows(client_for(user).get("/activities/")) == [both_years[2018].pk]


@pytest.mark.parametrize(
    ("page", "lands_on"),
    [
        (
            "/agreements/2019/dashboard/?kkr=kkr-sjaelland",
            "/agreements/2018/dashboard/?kkr=kkr-sjaelland",
        ),
        (
            "/agreements/2019/dashboard/goals/a.3/?house=both",
            "/agreements/2018/dashboard/?house=both",
        ),
        ("/agreements/2019/status/a.3/1/", "/agreements/2018/status/"),
        ("/agreements/2019/effects/", "/agreements/2018/effects/"),
        ("/agreements/2019/milestones/", "/agreements/2018/milestones/"),
        ("/agreements/2019/", "/agreements/2018/"),
        ("/agreements/2019/workbook/", "/agreements/2018/workbook/"),
        ("/workbooks/99/", "/agreements/2018/workbook/"),
        ("/status-reports/99/", "/agreements/2018/status-report/"),
        (
            "/activities/?target=12&date_after=01.09.2019&q=Bageri",
            "/activities/?q=Bageri&year=2018",
        ),
        ("/activities/new/?year=2019", "/activities/new/?year=2018"),
        ("https://elsewhere.example/", "/?year=2018"),
    ],
)
def test_the_switch_shows_the_same_page_in_the_other_year(
    both_years, client_for, rikke, page, lands_on
):
    response = choose(client_for(rikke), 2018, page)

    assert response.url == lands_on


def test_an_activity_page_switches_to_the_other_years_list(both_years, client_for, hanne):
    response = choose(client_for(hanne), 2018, f"/activities/{both_years[2019].pk}/")

    assert response.url == "/activities/?year=2018"


def test_the_switch_offers_the_years_and_marks_the_one_shown(both_years, client_for, hanne):
    page = client_for(hanne).get("/agreements/2018/dashboard/").content.decode()
    switch = page[page.index('data-testid="year-switch"') :]
    switch = switch[: switch.index("</form>")]

    assert 'value="2019"' in switch and 'value="2018"' in switch
    assert re.search(r'value="2018" class="dropdown-item active"', switch)
    assert "Regional aftale 2018 · lukker" in re.sub(r"\s*<span class=\"small\">", " ", switch)


def test_a_draft_is_seen_by_administrators_only(draft_2019, client_for, hanne, rikke, anne):
    for reader in (hanne, rikke):
        client = client_for(reader)
        assert client.get("/agreements/2019/").status_code == 404
        assert client.get("/agreements/2019/dashboard/").status_code == 404
        assert choose(client, 2019, "/activities/").status_code == 404
        assert 'value="2019"' not in client.get("/agreements/2018/").content.decode()

    page = client_for(anne).get("/agreements/2019/")
    assert page.status_code == 200
    assert "Regional aftale 2019/20 er en kladde" in page.content.decode()


def test_the_home_page_opens_the_chosen_years_overview(both_years, client_for, rikke):
    client = client_for(rikke)
    assert client.get("/").url == "/agreements/2019/dashboard/"

    choose(client, 2018, "/")

    assert client.get("/").url == "/agreements/2018/dashboard/"


def test_a_user_without_a_role_cannot_switch(both_years, client_for, stranger):
    assert choose(client_for(stranger), 2018, "/").status_code == 403


def test_a_visitor_is_sent_to_sign_in(both_years, client):
    response = choose(client, 2018, "/")
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_the_year_is_taken_from_a_form_post_only(both_years, client_for, hanne):
    assert client_for(hanne).get("/years/choose/?year=2018").status_code == 405
    hanne.refresh_from_db()
    assert hanne.chosen_year is None


def test_the_api_lists_a_draft_for_administrators_only_and_each_years_state(
    closing_2018, draft_2019, client_for, rikke, anne
):
    def listed(user):
        rows = client_for(user).get("/api/v1/agreements/").json()["results"]
        return {row["year"]: (row["status"], row["entries_close_on"]) for row in rows}

    deadline = closing_2018.entries_close_on.isoformat()
    assert listed(rikke) == {2018: ("closing", deadline)}
    assert listed(anne) == {2018: ("closing", deadline), 2019: ("draft", None)}
    assert client_for(rikke).get("/api/v1/agreements/2019/").status_code == 404
