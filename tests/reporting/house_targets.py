"""The 2019 test agreement (tests/goals/data/regional_aftale_2019.yaml), for the tests of
targets for one growth house.

Its scored targets, counted by hand: the whole agreement's 4 events (1a), automation
programme (1c, a milestone), export effect (2, at least 25 %) and 3 collaborations (5);
Væksthus Hovedstadsregionen's 200 digital checks (1b, the goal's only target); and
Væksthus Sjælland's 150 digital checks (vsj.digital-checks, of the whole agreement, no
goal). So each house has five scored targets of equal weight, 20 points each, and the
agreement six, 16.66 or 16.67 points each.
"""

import datetime

from agreement.models import Agreement
from goals import services as goal_services
from goals.models import Goal, Target
from reporting.models import Activity
from reporting.rollups import services as rollups
from tests.factories import make_activity, make_firm
from tests.goals import agreement_files

AUTUMN = datetime.date(2019, 9, 2)
PERIOD_END = datetime.date(2020, 6, 30)
KOEGE = 259


def load_2019() -> Agreement:
    """Load the 2019 file beside 2018 and make it the current agreement (the one staff log in)."""
    Agreement.objects.filter(year=2018).update(status=Agreement.Status.CLOSED)
    return agreement_files.load_2019()


def goal(code) -> Goal:
    return Goal.objects.get(code=code, focus_area__agreement__year=2019)


def target(code) -> Target:
    return Target.objects.get(code=code, agreement__year=2019)


def log(author, activity_type, *, firm=None, goals=None, on=AUTUMN) -> Activity:
    """Log an approved activity of the author's house in 2019."""
    return make_activity(
        agreement=Agreement.objects.get(year=2019),
        author=author,
        activity_type=activity_type,
        date=on,
        firm=firm,
        goals=goals,
        status=Activity.Status.APPROVED,
    )


def digital_checks(author, count, *, municipality_code=KOEGE) -> list[Activity]:
    """Log a digital check in each of `count` new firms."""
    return [
        log(
            author,
            "digital_check",
            firm=make_firm(user=author, name=f"Tjek {n} ApS", municipality_code=municipality_code),
        )
        for n in range(count)
    ]


def achieve_all_of_sjaelland(sofie, morten):
    """Væksthus Sjælland reaches every target it has: 150 digital checks, 4 events for 1a,
    3 collaborations for 5, the programme done and 30 of 100 client firms exporting more."""
    digital_checks(sofie, 150)
    for _ in range(4):
        log(sofie, "event", goals=[goal("a.1a")])
    for _ in range(3):
        log(sofie, "collaboration", goals=[goal("b.5")])
    goal_services.milestone_complete(
        target=target("a.1c.programme"),
        house=sofie.organisation,
        done_on=datetime.date(2020, 3, 1),
        author=morten,
        evidence_text="Forløbet er beskrevet i projektbeskrivelsen.",
    )
    goal_services.effect_measurement_create(
        target=target("b.2.export"),
        house=sofie.organisation,
        numerator=30,
        denominator=100,
        source="Kundeundersøgelse",
        measured_on=datetime.date(2020, 5, 1),
        author=morten,
    )


def checks_counted(hanne, sofie) -> Agreement:
    """Load 2019 with Hovedstaden's 3 digital checks (1b: 3 of 200) and Sjælland's 2 (its own
    target: 2 of 150), counted at the end of the period."""
    agreement = load_2019()
    digital_checks(hanne, 3)
    digital_checks(sofie, 2)
    rollups.rollup_full(agreement, today=PERIOD_END)
    return agreement
