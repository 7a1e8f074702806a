"""Filtering the list of activities: each filter, and filters together, leave exactly
the matching activities."""

import pytest

from tests.factories import HOVEDSTADEN, SJAELLAND, house, make_activity
from tests.reporting.activities.list_helpers import APPROVED, DRAFT, SUBMITTED, on, pks, shown
from tests.reporting.activities.lookups import activity_type, municipality, target

pytestmark = pytest.mark.django_db


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
