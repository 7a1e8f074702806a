"""Sorting the list of activities, paging through it, and its count line."""

import datetime
import re

import pytest

from reporting.activities import services
from tests.factories import make_activity, make_firm
from tests.reporting.activities.list_helpers import on, pks, shown
from tests.reporting.activities.lookups import activity_type

pytestmark = pytest.mark.django_db


# Sorting.


@pytest.fixture
def three_dates(hanne):
    """Three activities logged out of date order: 10, 1 and 20 March."""
    return (
        make_activity(author=hanne, date=on(10)),
        make_activity(author=hanne, date=on(1)),
        make_activity(author=hanne, date=on(20)),
    )


def test_newest_first_without_a_choice(client_for, hanne, three_dates):
    tenth, first, twentieth = three_dates

    assert shown(client_for(hanne).get("/activities/")) == pks(twentieth, tenth, first)


def test_sort_by_date_ascending(client_for, hanne, three_dates):
    tenth, first, twentieth = three_dates

    response = client_for(hanne).get("/activities/", {"ordering": "date"})

    assert shown(response) == pks(first, tenth, twentieth)


def test_sort_by_date_descending(client_for, hanne, three_dates):
    tenth, first, twentieth = three_dates

    response = client_for(hanne).get("/activities/", {"ordering": "-date"})

    assert shown(response) == pks(twentieth, tenth, first)


def test_sort_by_firm_name(client_for, hanne):
    charlie, alfa, bravo = (
        make_activity(author=hanne, firm=make_firm(user=hanne, name=name))
        for name in ("Charlie ApS", "Alfa ApS", "Bravo ApS")
    )

    client = client_for(hanne)

    assert shown(client.get("/activities/", {"ordering": "firm"})) == pks(alfa, bravo, charlie)
    assert shown(client.get("/activities/", {"ordering": "-firm"})) == pks(charlie, bravo, alfa)


def test_sort_by_activity_type_name(client_for, hanne):
    # Analyse, Event, Presseaktivitet, Samarbejde: the Danish names, in any collation.
    press, analysis, collaboration, event = (
        make_activity(author=hanne, activity_type=code)
        for code in ("press", "analysis", "collaboration", "event")
    )

    response = client_for(hanne).get("/activities/", {"ordering": "type"})

    assert shown(response) == pks(analysis, event, press, collaboration)


def test_unknown_sort_is_refused_quietly(client_for, hanne, three_dates):
    tenth, first, twentieth = three_dates

    response = client_for(hanne).get("/activities/", {"ordering": "author__password"})

    assert shown(response) == pks(twentieth, tenth, first)


# Paging and the count line.


@pytest.fixture
def thirty_activities(hanne):
    """Thirty events, one a day from 1 March: no firm is needed for an event."""
    return [
        make_activity(author=hanne, activity_type="event", date=on(1) + datetime.timedelta(day))
        for day in range(30)
    ]


def test_first_page_shows_25_newest_and_says_page_1_of_2(client_for, hanne, thirty_activities):
    response = client_for(hanne).get("/activities/")

    page = response.content.decode()
    assert shown(response) == pks(*thirty_activities[::-1][:25])
    assert "Side 1 af 2" in page
    assert "30 aktiviteter" in page


def test_second_page_shows_the_last_5(client_for, hanne, thirty_activities):
    response = client_for(hanne).get("/activities/", {"page": 2})

    assert shown(response) == pks(*thirty_activities[::-1][25:])
    assert "Side 2 af 2" in response.content.decode()


def test_every_activity_is_on_exactly_one_page_when_sorted_by_a_shared_value(
    client_for, hanne, thirty_activities
):
    client = client_for(hanne)

    # Every event has the same type: the pages must still not repeat or skip one.
    pages = [client.get("/activities/", {"ordering": "type", "page": n}) for n in (1, 2)]

    assert sorted(shown(pages[0]) + shown(pages[1])) == sorted(pks(*thirty_activities))


def test_next_page_link_keeps_the_filter(client_for, hanne, thirty_activities):
    event = activity_type("event").pk

    response = client_for(hanne).get(
        "/activities/", {"activity_type": event, "date_after": "01.03.2018", "ordering": "date"}
    )

    next_link = re.search(r'href="\?([^"]*)" rel="next"', response.content.decode())
    assert next_link is not None
    followed = client_for(hanne).get("/activities/?" + next_link.group(1).replace("&amp;", "&"))
    assert followed.context["filter"].form.cleaned_data["activity_type"].pk == event
    assert followed.context["page"].number == 2
    assert shown(followed) == pks(*thirty_activities[25:])


def test_next_page_link_keeps_the_deleted_list(client_for, hanne, mads, thirty_activities):
    for activity in thirty_activities:
        services.activity_delete(activity=activity, user=mads, version=activity.version)

    response = client_for(mads).get("/activities/", {"deleted": "1"})

    assert 'href="?deleted=1&amp;page=2" rel="next"' in response.content.decode()


@pytest.mark.parametrize(("asked", "number"), [("999", 2), ("abc", 1), ("-1", 2), ("0", 2)])
def test_a_page_that_does_not_exist_shows_a_page_that_does(
    client_for, hanne, thirty_activities, asked, number
):
    response = client_for(hanne).get("/activities/", {"page": asked})

    assert response.status_code == 200
    assert response.context["page"].number == number


def test_a_short_list_has_no_pages(client_for, hanne):
    make_activity(author=hanne)

    page = client_for(hanne).get("/activities/").content.decode()

    assert "Side 1 af 1" not in page
    assert "1 aktivitet" in page
    assert "1 aktiviteter" not in page


def test_count_line_counts_the_filtered_activities(client_for, hanne, thirty_activities):
    response = client_for(hanne).get(
        "/activities/", {"date_after": "01.03.2018", "date_before": "10.03.2018"}
    )

    assert "10 aktiviteter" in response.content.decode()
