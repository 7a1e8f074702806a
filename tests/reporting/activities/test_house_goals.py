"""Staff link their activities only to goals that concern their house (2019 test file).

Goal 1b's only target is Væksthus Hovedstadsregionen's 200 digital checks: it concerns
that house alone. Staff of Væksthus Sjælland are not offered it, and the services
refuse it with the reason next to the goals; a digital check they log is not linked to it.
"""

import pytest
from django.utils import translation

from goals.models import ActivityType, Goal
from reporting.activities import selectors
from reporting.models import Activity
from tests.reporting.activities.form_helpers import activity_form, errors_next_to
from tests.reporting.activities.service_helpers import act, goal_codes, refusal_of
from tests.reporting.house_targets import digital_checks, goal, load_2019, log

pytestmark = pytest.mark.django_db

REFUSED_DA = "Mål a) 1b gælder kun det andet væksthus, ikke Væksthus Sjælland."


@pytest.fixture
def agreement_2019(agreement_2018):
    return load_2019()


def offered_goals(response):
    """Return the codes of the goals the form offers, in order."""
    page = response.content.decode()
    return [
        code
        for code in ("a.1", "a.1a", "a.1b", "a.1c", "a.3", "b.2", "b.5")
        if f'name="goals" value="{goal(code).pk}"' in page
    ]


def test_sofie_is_not_offered_the_goal_of_hovedstaden_alone(client_for, sofie, agreement_2019):
    response = client_for(sofie).get("/activities/new/")

    assert offered_goals(response) == ["a.1", "a.1a", "a.1c", "a.3", "b.2", "b.5"]


def test_hanne_is_offered_every_goal(client_for, hanne, agreement_2019):
    response = client_for(hanne).get("/activities/new/")

    assert offered_goals(response) == ["a.1", "a.1a", "a.1b", "a.1c", "a.3", "b.2", "b.5"]


def test_the_digital_checks_tick_1b_for_hanne_only(agreement_2019, hanne, sofie):
    digital_check = ActivityType.objects.get(code="digital_check")

    assert selectors.goals_by_activity_type(agreement_2019, house=hanne.organisation)[
        digital_check.pk
    ] == [goal("a.1b").pk]
    assert digital_check.pk not in selectors.goals_by_activity_type(
        agreement_2019, house=sofie.organisation
    )


def test_sofie_is_refused_1b_with_the_reason_next_to_the_goals(client_for, sofie, agreement_2019):
    response = client_for(sofie).post(
        "/activities/new/",
        activity_form("event", date="02.09.2019", goals=[goal("a.1a").pk, goal("a.1b").pk]),
    )

    assert response.status_code == 200
    assert errors_next_to(response, "goals") == [REFUSED_DA]
    assert not Activity.objects.exists()


def test_the_service_refuses_sofie_1b_in_danish(sofie, agreement_2019):
    with translation.override("da"):
        refusal = refusal_of(log, sofie, "event", goals=[goal("a.1b")])

    assert refusal.message_dict == {"goals": [REFUSED_DA]}
    assert not Activity.objects.exists()


def test_sofie_cannot_add_1b_to_an_activity_she_edits(sofie, agreement_2019):
    event = log(sofie, "event", goals=[goal("a.1a")])

    with translation.override("da"):
        refusal = refusal_of(act, "update", event, sofie, goals=[goal("a.1a"), goal("a.1b")])

    assert refusal.message_dict == {"goals": [REFUSED_DA]}
    event.refresh_from_db()
    assert goal_codes(event) == {"a.1a"}


def test_hanne_links_her_event_to_1b(hanne, agreement_2019):
    event = log(hanne, "event", goals=[goal("a.1b")])

    assert goal_codes(event) == {"a.1b"}


def test_a_digital_check_logged_without_goals_goes_to_1b_for_hanne_only(
    hanne, sofie, agreement_2019
):
    (hovedstaden,) = digital_checks(hanne, 1)
    (sjaelland,) = digital_checks(sofie, 1)

    assert goal_codes(hovedstaden) == {"a.1b"}
    assert goal_codes(sjaelland) == set()


def test_a_goal_with_no_targets_for_sjaelland_left_under_it_does_not_concern_sjaelland(
    agreement_2019, sofie, hanne
):
    # 1a and 1c become Hovedstaden's too: nothing under goal 1 concerns Sjælland any more.
    for code in ("a.1a.events", "a.1c.programme"):
        target = agreement_2019.targets.get(code=code)
        target.house = hanne.organisation
        target.save()

    goals = Goal.objects.filter(focus_area__agreement=agreement_2019)
    assert [each.code for each in goals.concerning(sofie.organisation).order_by("position")] == [
        "a.3",
        "b.2",
        "b.5",
    ]
    assert goals.concerning(hanne.organisation).count() == goals.count() == 7
