"""The list of activities as its readers use it: filtering, sorting, paging and counting;
the firm page; the managers' list of deleted activities; and pages whose number of
database queries does not grow with the data on them.

The pages speak Danish, so the tests read the Danish text a user reads.
"""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agreement.models import Municipality
from goals.models import ActivityType, Target
from reporting.activities import services
from reporting.models import Activity
from tests.factories import HOVEDSTADEN, SJAELLAND, house, make_activity, make_firm

pytestmark = pytest.mark.django_db

DRAFT = Activity.Status.DRAFT
SUBMITTED = Activity.Status.SUBMITTED
APPROVED = Activity.Status.APPROVED

MAX_LIST_QUERIES = 15


def shown(response):
    """Return the activities the page lists, in the order of its rows."""
    assert response.status_code == 200
    return [int(pk) for pk in re.findall(r'data-activity="(\d+)"', response.content.decode())]


def pks(*activities):
    return [activity.pk for activity in activities]


def activity_type(code):
    return ActivityType.objects.get(code=code)


def municipality(code):
    return Municipality.objects.get(code=code)


def target(code):
    return Target.objects.get(agreement__year=2018, code=code)


def on(day, month=3):
    return datetime.date(2018, month, day)


# Filtering: each filter leaves exactly the matching activities.


def test_staff_filter_by_activity_type(client_for, hanne):
    guidance = make_activity(author=hanne, activity_type="guidance")
    mapping = make_activity(author=hanne, activity_type="growth_mapping")
    make_activity(author=hanne, activity_type="event")

    response = client_for(hanne).get(
        "/activities/", {"activity_type": activity_type("growth_mapping").pk}
    )

    assert shown(response) == pks(mapping)
    assert guidance.pk not in shown(response)


def test_target_for_growth_courses_in_the_other_house_lists_only_those(client_for, hanne):
    in_other_house = make_activity(
        author=hanne, activity_type="growth_course", delivered_in=house(SJAELLAND)
    )
    make_activity(author=hanne, activity_type="growth_course")  # delivered in its own house
    make_activity(author=hanne, activity_type="guidance", delivered_in=house(SJAELLAND))

    response = client_for(hanne).get("/activities/", {"target": target("a.4a.growth-courses").pk})

    assert shown(response) == pks(in_other_house)


def test_target_for_guided_firms_lists_guidance_and_growth_mappings(client_for, hanne):
    guidance = make_activity(author=hanne, activity_type="guidance", date=on(2))
    mapping = make_activity(author=hanne, activity_type="growth_mapping", date=on(1))
    make_activity(author=hanne, activity_type="growth_course")
    make_activity(author=hanne, activity_type="event")

    response = client_for(hanne).get("/activities/", {"target": target("national.guided-firms").pk})

    assert shown(response) == pks(guidance, mapping)


def test_filter_by_municipality(client_for, hanne):
    in_gentofte = make_activity(author=hanne, municipality=municipality(157))
    make_activity(author=hanne, municipality=municipality(101))
    make_activity(author=hanne, activity_type="event")

    response = client_for(hanne).get("/activities/", {"municipality": municipality(157).pk})

    assert shown(response) == pks(in_gentofte)


@pytest.fixture
def two_firms(hanne):
    """Two firms with unlike CVR numbers and names, one activity with each."""
    pi = make_firm(user=hanne, name="Pi Konsulenterne ApS", cvr="31415926")
    euler = make_firm(user=hanne, name="Eulers Maskinfabrik A/S", cvr="27182828")
    return (
        make_activity(author=hanne, firm=pi, description="Møde om eksport"),
        make_activity(author=hanne, firm=euler, description="Opfølgning på vækstplan"),
    )


@pytest.mark.parametrize("cvr", ["3141", "31415", "DK 3141", "DK31 41 59"])
def test_filter_by_the_start_of_a_firms_cvr_number(client_for, hanne, two_firms, cvr):
    with_pi, _with_euler = two_firms

    response = client_for(hanne).get("/activities/", {"firm": cvr})

    assert shown(response) == pks(with_pi)


@pytest.mark.parametrize("name", ["maskinfabrik", "Eulers", " EULERS MASKIN "])
def test_filter_by_part_of_a_firms_name(client_for, hanne, two_firms, name):
    _with_pi, with_euler = two_firms

    response = client_for(hanne).get("/activities/", {"firm": name})

    assert shown(response) == pks(with_euler)


def test_staff_filter_by_status(client_for, hanne):
    make_activity(author=hanne, status=DRAFT)
    submitted = make_activity(author=hanne, status=SUBMITTED)
    make_activity(author=hanne, status=APPROVED)

    response = client_for(hanne).get("/activities/", {"status": "submitted"})

    assert shown(response) == pks(submitted)


def test_reviewer_filter_by_status(client_for, hanne, rikke):
    make_activity(author=hanne, status=SUBMITTED)
    approved = make_activity(author=hanne, status=APPROVED)

    response = client_for(rikke).get("/activities/", {"status": "approved"})

    assert shown(response) == pks(approved)


def test_reviewer_is_not_offered_drafts_in_the_status_filter(client_for, rikke):
    form = client_for(rikke).get("/activities/").context["filter"].form

    choices = [value for value, _label in form.fields["status"].choices]

    assert choices == ["", "submitted", "approved"]


def test_filter_by_a_date_range_written_the_danish_way_includes_both_ends(client_for, hanne):
    first = make_activity(author=hanne, date=on(1))
    last = make_activity(author=hanne, date=on(31))
    make_activity(author=hanne, date=on(28, month=2))
    make_activity(author=hanne, date=on(1, month=4))

    response = client_for(hanne).get(
        "/activities/", {"date_after": "01.03.2018", "date_before": "31.03.2018"}
    )

    assert shown(response) == pks(last, first)


@pytest.mark.parametrize("query", [{"date_after": "15.03.2018"}, {"date_before": "14.03.2018"}])
def test_date_range_open_at_one_end(client_for, hanne, query):
    before = make_activity(author=hanne, date=on(1))
    after = make_activity(author=hanne, date=on(20))

    response = client_for(hanne).get("/activities/", query)

    assert "påkrævet" not in response.content.decode()
    assert shown(response) == pks(after if "date_after" in query else before)


@pytest.mark.parametrize(
    "query", [{"date_after": "31.13.2018"}, {"date_before": "31.13.2018"}, {"date_after": "i går"}]
)
def test_bad_date_shows_a_danish_error_and_no_server_error(client_for, hanne, query):
    make_activity(author=hanne)

    response = client_for(hanne).get("/activities/", query)

    assert response.status_code == 200
    assert "Skriv datoen som dd.mm.åååå, fx 15.03.2018." in response.content.decode()


@pytest.mark.parametrize(
    ("words", "found"),
    [
        ("eksport", "pi"),  # a word of the description
        ("EKSPORT møde", "pi"),  # every word must match, in any order and case
        ("maskinfabrik", "euler"),  # part of the firm's name
        ("2718", "euler"),  # the start of the CVR number
        ("vækstplan eulers", "euler"),  # description and firm name together
    ],
)
def test_free_text_search(client_for, hanne, two_firms, words, found):
    with_pi, with_euler = two_firms

    response = client_for(hanne).get("/activities/", {"q": words})

    assert shown(response) == pks({"pi": with_pi, "euler": with_euler}[found])


def test_free_text_search_that_matches_nothing_says_so(client_for, hanne, two_firms):
    response = client_for(hanne).get("/activities/", {"q": "eksport maskinfabrik"})

    assert shown(response) == []
    assert "Ingen aktiviteter passer." in response.content.decode()


def test_searching_for_dk_finds_only_activities_that_mention_it(client_for, hanne):
    dk = make_activity(author=hanne, description="Rådgivning om .dk-domæner")
    make_activity(author=hanne, description="Møde om eksport")

    response = client_for(hanne).get("/activities/", {"q": "dk"})

    assert shown(response) == pks(dk)


@pytest.mark.parametrize("reader", ["rikke", "rasmus", "anne"])
def test_reviewers_and_administrators_filter_by_growth_house(
    request, client_for, hanne, sofie, reader
):
    in_hovedstaden = make_activity(author=hanne, status=SUBMITTED)
    in_sjaelland = make_activity(author=sofie, status=SUBMITTED)
    client = client_for(request.getfixturevalue(reader))

    assert shown(client.get("/activities/", {"house": house(SJAELLAND).pk})) == pks(in_sjaelland)
    assert shown(client.get("/activities/", {"house": house(HOVEDSTADEN).pk})) == pks(
        in_hovedstaden
    )


@pytest.mark.parametrize("name", ["hanne", "mads", "sofie", "morten"])
def test_growth_house_people_are_not_offered_the_house_filter(request, client_for, name):
    response = client_for(request.getfixturevalue(name)).get("/activities/")

    assert "house" not in response.context["filter"].form.fields
    assert 'name="house"' not in response.content.decode()


def test_staff_asking_for_the_other_house_still_see_only_their_own(client_for, hanne, sofie):
    own = make_activity(author=hanne, status=SUBMITTED)
    make_activity(author=sofie, status=SUBMITTED)

    response = client_for(hanne).get("/activities/", {"house": house(SJAELLAND).pk})

    assert shown(response) == pks(own)


def test_filters_combine(client_for, hanne):
    wanted = make_activity(
        author=hanne, activity_type="growth_mapping", date=on(10), status=SUBMITTED
    )
    make_activity(author=hanne, activity_type="growth_mapping", date=on(10), status=DRAFT)
    make_activity(author=hanne, activity_type="guidance", date=on(10), status=SUBMITTED)
    make_activity(author=hanne, activity_type="growth_mapping", date=on(10, 5), status=SUBMITTED)

    response = client_for(hanne).get(
        "/activities/",
        {
            "activity_type": activity_type("growth_mapping").pk,
            "status": "submitted",
            "date_after": "01.03.2018",
            "date_before": "31.03.2018",
        },
    )

    assert shown(response) == pks(wanted)


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


# The number of database queries does not grow with the data.


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def log_shared(author, count):
    """Log submitted activities of unlike types and firms, with goals and municipalities."""
    codes = ["guidance", "growth_mapping", "growth_course", "event"]
    return [
        make_activity(
            author=author,
            activity_type=codes[n % len(codes)],
            date=on(1) + datetime.timedelta(n % 28),
            status=SUBMITTED,
            delivered_in=house(SJAELLAND) if codes[n % len(codes)] == "growth_course" else None,
        )
        for n in range(count)
    ]


@pytest.mark.parametrize("reader", ["rikke", "hanne"])
@pytest.mark.parametrize(
    "query",
    ["", "?ordering=firm", "?date_after=01.03.2018&date_before=31.03.2018&q=a&page=2"],
    ids=["plain", "sorted", "filtered"],
)
def test_list_runs_as_many_queries_for_60_activities_as_for_5(
    request, client_for, hanne, reader, query
):
    client = client_for(request.getfixturevalue(reader))
    log_shared(hanne, 5)
    few = count_queries(client, "/activities/" + query)
    log_shared(hanne, 55)
    many = count_queries(client, "/activities/" + query)

    assert many == few, f"list {reader} {query!r}: {few} queries for 5, {many} for 60"
    assert many <= MAX_LIST_QUERIES


def test_list_with_a_target_filter_runs_few_queries(client_for, hanne, rikke):
    client = client_for(rikke)
    url = f"/activities/?target={target('a.4a.growth-courses').pk}"
    log_shared(hanne, 5)
    few = count_queries(client, url)
    log_shared(hanne, 55)
    many = count_queries(client, url)

    assert many == few, f"list with target: {few} queries for 5, {many} for 60"
    assert many <= MAX_LIST_QUERIES


def edit(activity, user, times):
    for n in range(times):
        activity = services.activity_update(
            activity=activity, user=user, version=activity.version, description=f"Rettelse {n}"
        )
    return activity


@pytest.mark.parametrize("reader", ["rikke", "hanne"])
def test_detail_runs_as_many_queries_for_10_history_entries_as_for_1(
    request, client_for, hanne, reader
):
    client = client_for(request.getfixturevalue(reader))
    short = make_activity(author=hanne, status=SUBMITTED)
    long = edit(make_activity(author=hanne, status=SUBMITTED), hanne, 9)
    assert long.history.count() == 10

    few = count_queries(client, short.get_absolute_url())
    many = count_queries(client, long.get_absolute_url())

    assert many == few, f"detail {reader}: {few} queries for 1 history entry, {many} for 10"


@pytest.mark.parametrize("reader", ["rikke", "hanne"])
def test_detail_runs_as_many_queries_for_5_evidence_links_as_for_1(
    request, client_for, hanne, reader
):
    client = client_for(request.getfixturevalue(reader))
    one = make_activity(author=hanne, status=SUBMITTED, links=["https://example.dk/1"])
    five = make_activity(
        author=hanne,
        status=SUBMITTED,
        links=[f"https://example.dk/{n}" for n in range(5)],
    )

    few = count_queries(client, one.get_absolute_url())
    many = count_queries(client, five.get_absolute_url())

    assert many == few, f"detail {reader}: {few} queries for 1 evidence link, {many} for 5"
    assert many <= MAX_LIST_QUERIES


@pytest.mark.parametrize("reader", ["rikke", "hanne"])
def test_firm_page_runs_as_many_queries_for_many_activities_as_for_few(
    request, client_for, hanne, reader
):
    client = client_for(request.getfixturevalue(reader))
    firm = make_firm(user=hanne, name="Travl Kunde ApS")
    for _ in range(2):
        make_activity(author=hanne, firm=firm, status=SUBMITTED)
    few = count_queries(client, firm.get_absolute_url())
    for code in ["guidance", "growth_mapping", "growth_course"] * 10:
        make_activity(author=hanne, firm=firm, status=SUBMITTED, activity_type=code)
    many = count_queries(client, firm.get_absolute_url())

    assert many == few, f"firm {reader}: {few} queries for 2 activities, {many} for 32"
    assert many <= MAX_LIST_QUERIES


# The firm page.


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


# The managers' list of deleted activities.


@pytest.fixture
def deleted_and_living(hanne):
    deleted = make_activity(author=hanne, description="Slettet ved en fejl", date=on(3))
    services.activity_delete(activity=deleted, user=hanne, version=deleted.version)
    living = make_activity(author=hanne, description="Stadig aktuel", date=on(4))
    return Activity.objects.get(pk=deleted.pk), living


def test_manager_sees_deleted_activities_in_their_own_list(client_for, mads, deleted_and_living):
    deleted, living = deleted_and_living
    client = client_for(mads)

    response = client.get("/activities/", {"deleted": "1"})

    assert shown(response) == pks(deleted)
    assert "Slettede aktiviteter" in response.content.decode()
    assert shown(client.get("/activities/")) == pks(living)


def test_manager_is_offered_to_undo_the_deletion(client_for, mads, deleted_and_living):
    deleted, _living = deleted_and_living

    page = client_for(mads).get(deleted.get_absolute_url()).content.decode()

    assert "Fortryd sletningen" in page


def test_restoring_brings_the_activity_back_to_the_normal_list(
    client_for, mads, deleted_and_living
):
    deleted, living = deleted_and_living
    client = client_for(mads)

    response = client.post(
        f"/activities/{deleted.pk}/restore/", {"version": deleted.version}, follow=True
    )

    assert "Aktiviteten er gendannet." in response.content.decode()
    assert shown(client.get("/activities/")) == pks(living, deleted)
    assert shown(client.get("/activities/", {"deleted": "1"})) == []


def test_the_deleted_list_can_be_filtered(client_for, hanne, mads, two_firms):
    with_pi, with_euler = two_firms
    for activity in two_firms:
        services.activity_delete(activity=activity, user=hanne, version=activity.version)

    response = client_for(mads).get("/activities/", {"deleted": "1", "q": "maskinfabrik"})

    assert shown(response) == pks(with_euler)


def test_staff_asking_for_deleted_activities_get_the_normal_list(
    client_for, hanne, deleted_and_living
):
    _deleted, living = deleted_and_living

    response = client_for(hanne).get("/activities/", {"deleted": "1"})

    assert shown(response) == pks(living)
    assert "Slettede aktiviteter" not in response.content.decode()
