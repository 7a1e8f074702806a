"""The activity pages whose number of database queries does not grow with the data on
them: the list, one activity's page and a firm's page."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reporting.activities import services
from tests.factories import SJAELLAND, house, make_activity, make_firm
from tests.reporting.activities.list_helpers import SUBMITTED, on
from tests.reporting.activities.lookups import target

pytestmark = pytest.mark.django_db

MAX_LIST_QUERIES = 15


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
