"""The roll-ups against a small 2018 worked out by hand.

The year below is 34 activities of both houses, a few effect measurements,
milestones and status texts. What every target should show was counted by hand
from that log (the tables after it), not by calling the roll-up code: each
target's value, pending, percentage, status and points for each house and in
total, the months, the municipalities and the firms a distinct-firm target
counts. Then the rules around the tables: an of-which target never exceeds its
parent, a submitted activity is pending until it is approved, a second run
changes nothing, and the update after each change through the services gives
the tables a full recompute gives.
"""

import datetime
from collections import Counter
from decimal import Decimal
from zoneinfo import ZoneInfo

import hypothesis
import pytest
from django.db import connection, transaction
from hypothesis import HealthCheck
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, rule, run_state_machine_as_test

from agreement.models import Agreement, Municipality
from goals import services as goal_services
from goals.models import ActivityType, Goal, Progress, Target
from reporting.activities import services
from reporting.models import (
    Activity,
    Firm,
    MunicipalityActivity,
    TargetFirm,
    TargetMonth,
    TargetMunicipality,
    TargetProgress,
)
from reporting.rollups import services as rollups
from tests.factories import HOVEDSTADEN, SJAELLAND, house, new_cvr

pytestmark = pytest.mark.django_db

COPENHAGEN = ZoneInfo("Europe/Copenhagen")
MID_YEAR = datetime.date(2018, 6, 30)
YEAR_END = datetime.date(2018, 12, 31)
APPROVED, SUBMITTED = Activity.Status.APPROVED, Activity.Status.SUBMITTED
DRAFT, RETURNED = Activity.Status.DRAFT, Activity.Status.RETURNED
DELETED = "deleted"  # approved, then deleted

# Short names: H is Væksthus Hovedstadsregionen, S Væksthus Sjælland, "all" the totals.
HOUSE_NAMES = {HOVEDSTADEN: "H", SJAELLAND: "S", None: "all"}
MANAGER_OF = {"hanne": "mads", "sofie": "morten"}

# name: (municipality code); each gets a fresh CVR number.
FIRMS = {
    "alfa": 101,  # København
    "beta": 265,  # Roskilde
    "gamma": 259,  # Køge
    "delta": 157,  # Gentofte
    "epsilon": 219,  # Hillerød
    "zeta": 316,  # Holbæk
    "eta": 147,  # Frederiksberg
    "theta": 151,  # Ballerup
    "iota": 370,  # Næstved
    "kappa": 330,  # Slagelse
}

# The year's log, in the order it is typed in. The staff member logs and submits each
# entry (a draft stays unsubmitted); the house's manager approves or returns it.
# Without "goals" an entry is linked to the goals that count its type (the service's
# default); [] links none. "elsewhere": delivered in the other house; "at": the
# municipality where it took place, if not the firm's.
LOG = [
    # label, who, type, (month, day), firm, status, more
    # Firms guided and growth mappings (the national targets)
    ("g1", "hanne", "guidance", (2, 10), "alfa", APPROVED, {}),
    ("g2", "sofie", "guidance", (4, 5), "alfa", APPROVED, {}),  # alfa: both houses
    ("g3", "sofie", "guidance", (1, 8), "beta", APPROVED, {}),
    ("g4", "sofie", "guidance", (3, 12), "beta", APPROVED, {}),  # beta: two months
    ("g5", "sofie", "guidance", (3, 3), "gamma", APPROVED, {}),
    ("m1", "sofie", "growth_mapping", (5, 20), "gamma", APPROVED, {}),
    ("m2", "hanne", "growth_mapping", (6, 1), "delta", SUBMITTED, {}),
    ("g6", "hanne", "guidance", (4, 10), "epsilon", SUBMITTED, {}),  # only submitted ...
    ("m3", "hanne", "growth_mapping", (5, 15), "epsilon", APPROVED, {}),  # ... its mapping is
    ("g7", "hanne", "guidance", (3, 20), "zeta", APPROVED, {}),
    ("m4", "sofie", "growth_mapping", (6, 10), "zeta", APPROVED, {}),  # zeta: both houses
    ("g8", "hanne", "guidance", (1, 15), "eta", APPROVED, {}),
    ("m5", "hanne", "growth_mapping", (6, 25), "eta", SUBMITTED, {}),
    ("g9", "hanne", "guidance", (2, 1), "theta", DELETED, {}),
    ("g10", "sofie", "guidance", (5, 2), "iota", DRAFT, {}),
    ("g11", "sofie", "guidance", (5, 9), "kappa", RETURNED, {}),
    # Growth courses (4a counts those delivered in the other house)
    ("c1", "hanne", "growth_course", (4, 12), "beta", APPROVED, {"elsewhere": True}),
    ("c2", "hanne", "growth_course", (5, 3), "gamma", APPROVED, {"elsewhere": True, "at": 269}),
    ("c3", "sofie", "growth_course", (2, 20), "alfa", APPROVED, {"elsewhere": True}),
    ("c4", "hanne", "growth_course", (3, 8), "eta", APPROVED, {}),  # in its own house
    ("c5", "sofie", "growth_course", (6, 14), "delta", SUBMITTED, {"elsewhere": True}),
    # Professional areas (4a)
    ("p1", "hanne", "professional_area", (3, 1), None, APPROVED, {}),
    ("p2", "sofie", "professional_area", (6, 5), None, SUBMITTED, {}),
    ("p3", "sofie", "professional_area", (2, 2), None, APPROVED, {"goals": []}),
    # Events (2a counts those linked to it)
    ("e1", "hanne", "event", (5, 25), None, APPROVED, {"at": 101}),
    ("e2", "sofie", "event", (6, 2), None, APPROVED, {"goals": []}),
    ("e3", "sofie", "event", (6, 20), None, SUBMITTED, {}),
    # Capital-attraction events (b.c)
    ("k1", "sofie", "capital_event", (3, 14), None, APPROVED, {}),
    ("k2", "sofie", "capital_event", (4, 1), None, DELETED, {}),
    # Collaborations: by default linked to a.1, a.2b and a.3a
    ("s1", "hanne", "collaboration", (2, 5), None, APPROVED, {}),
    ("s2", "sofie", "collaboration", (4, 18), None, APPROVED, {"goals": ["a.3a"]}),
    # A programme (by default a.4c and b.a; here only a.4c), an analysis, a labour case
    ("r1", "hanne", "programme", (6, 28), None, APPROVED, {"goals": ["a.4c"]}),
    ("a1", "sofie", "analysis", (1, 30), None, APPROVED, {}),
    ("l1", "hanne", "labour_case", (5, 7), None, SUBMITTED, {}),
]

# What the managers enter beside the log.
MEASUREMENTS = [
    # target, manager, numerator, denominator, (month, day): the house's latest counts
    ("b.b.international-activity", "mads", 132, 410, (3, 31)),
    ("b.b.international-activity", "mads", 140, 400, (6, 15)),
    ("b.b.international-activity", "morten", 30, 100, (5, 1)),
]
MILESTONES = [
    # target, manager, house (None: both jointly), (month, day)
    ("a.3a.interreg-application", "mads", None, (4, 30)),
    ("a.4b.een-coordination", "mads", "H", (6, 1)),
]
STATUS_TEXTS = [
    # goal, manager, quarter, status: a house's latest quarter counts
    ("a.1", "mads", 1, Progress.ON_TRACK),
    ("a.1", "mads", 2, Progress.AT_RISK),
    ("a.1", "morten", 2, Progress.BEHIND),
    ("b.c", "morten", 1, Progress.ACHIEVED),
]

# ---------------------------------------------------------------------------------
# Counted by hand. 10 targets are scored (6 with a threshold, 4 milestones; the national
# ones are only quoted), weight 1 each: 100 / 10 = 10 points each. On 30 June 181 of 365 days have passed, so the
# pace of "at least 5" is 5 x 181/365 = 2.479: on track from 2.23, at risk from 1.74.

A, T, R, B, N = (
    Progress.ACHIEVED,
    Progress.ON_TRACK,
    Progress.AT_RISK,
    Progress.BEHIND,
    Progress.NOT_STARTED,
)
NOTHING = (None, 0, None, N, 0)  # qualitative with no status text, or nothing measured

# target: rows for all houses, H and S: (value, pending, percentage, status, points)
MID_YEAR_PROGRESS = {
    # Distinct firms: alfa and zeta count once in the total though both houses guided
    # them; epsilon's guidance is only submitted, its approved growth mapping counts.
    "national.guided-firms": (
        (6, 1, "0.15", B, 0),  # beta eta | alfa | gamma zeta | epsilon | (delta)
        (4, 1, "0.10", B, 0),  # alfa epsilon zeta eta | (delta)
        (4, 0, "0.10", B, 0),  # alfa beta gamma zeta
    ),
    "national.growth-mappings": (
        (3, 2, "0.15", B, 0),  # gamma epsilon zeta | (delta eta)
        (1, 2, "0.05", B, 0),  # epsilon | (delta eta)
        (2, 0, "0.10", B, 0),  # gamma zeta
    ),
    # Qualitative: the goal's latest status text of each house; the total the worst.
    "a.1.cooperation": ((None, 0, None, B, 0), (None, 0, None, R, 0), (None, 0, None, B, 0)),
    # Counts without a threshold: on track once something counts.
    "a.1.collaborations": ((1, 0, None, T, 0), (1, 0, None, T, 0), (0, 0, None, N, 0)),
    "a.2a.events": (
        (1, 1, "100.00", A, "10.00"),  # e1; e2 is not linked to 2a; e3 pending
        (1, 0, "100.00", A, "10.00"),
        (0, 1, "0.00", B, "0.00"),
    ),
    "a.2b.support": (NOTHING, NOTHING, NOTHING),
    "a.2b.collaborations": ((1, 0, None, T, 0), (1, 0, None, T, 0), (0, 0, None, N, 0)),
    "a.2b.startups": ((0, 0, None, N, 0),) * 3,
    # Done jointly: done for each house and for both.
    "a.3a.interreg-application": ((None, 0, None, A, "10.00"),) * 3,
    "a.3a.collaborations": ((2, 0, None, T, 0), (1, 0, None, T, 0), (1, 0, None, T, 0)),
    "a.4a.professional-areas": (
        (1, 1, "50.00", T, "5.00"),  # p1; p3 is not linked to 4a; p2 pending
        (1, 0, "50.00", T, "5.00"),
        (0, 1, "0.00", B, "0.00"),
    ),
    "a.4a.growth-courses": (
        (3, 1, "60.00", T, "6.00"),  # c1 c2 c3; c4 was at home; c5 pending
        (2, 0, "40.00", R, "4.00"),
        (1, 1, "20.00", B, "2.00"),
    ),
    # Done by H alone: done in the total too.
    "a.4b.een-coordination": (
        (None, 0, None, A, "10.00"),
        (None, 0, None, A, "10.00"),
        (None, 0, None, N, "0.00"),
    ),
    "a.4c.programmes": (
        (1, 0, "100.00", A, "10.00"),
        (1, 0, "100.00", A, "10.00"),
        (0, 0, "0.00", B, "0.00"),
    ),
    "b.a.programmes": ((0, 0, "0.00", B, "0.00"),) * 3,
    "b.a.effect": (NOTHING, NOTHING, NOTHING),
    # The latest measurement of each house; the total pools them: 170 of 500.
    "b.b.international-activity": (
        ("34", 0, "34.00", T, 0),
        ("35", 0, "35.00", T, 0),  # 140 of 400 (15 June) replaces 132 of 410
        ("30", 0, "30.00", T, 0),
    ),
    "b.c.capital-events": (
        (1, 0, "50.00", T, "5.00"),  # k1; k2 deleted
        (0, 0, "0.00", B, "0.00"),
        (1, 0, "50.00", T, "5.00"),
    ),
    "b.c.reporting": ((None, 0, None, A, 0), NOTHING, (None, 0, None, A, 0)),
    "b.d.international-sales": (NOTHING, NOTHING, NOTHING),
    "b.e.cooperation": (NOTHING, NOTHING, NOTHING),
    "b.e.cases": ((0, 1, None, N, 0), (0, 1, None, N, 0), (0, 0, None, N, 0)),
    "c.1.kommissorium": ((None, 0, None, N, "0.00"),) * 3,
    "c.1.cooperation": ((None, 0, None, N, "0.00"),) * 3,
    "c.1.analyses": ((1, 0, None, T, 0), (0, 0, None, N, 0), (1, 0, None, T, 0)),
    "c.1.press": ((0, 0, None, N, 0),) * 3,
}

SCORED = {
    "a.2a.events",
    "a.3a.interreg-application",
    "a.4a.professional-areas",
    "a.4a.growth-courses",
    "a.4b.een-coordination",
    "a.4c.programmes",
    "b.a.programmes",
    "b.c.capital-events",
    "c.1.kommissorium",
    "c.1.cooperation",
}

DONE_ON = {
    ("a.3a.interreg-application", "all"): (4, 30),
    ("a.3a.interreg-application", "H"): (4, 30),
    ("a.3a.interreg-application", "S"): (4, 30),
    ("a.4b.een-coordination", "all"): (6, 1),
    ("a.4b.een-coordination", "H"): (6, 1),
}

# On 31 December the whole period has passed: the pace is the threshold itself, and
# a milestone not done is behind. (all, H, S)
YEAR_END_STATUS = {
    "national.guided-firms": (B, B, B),
    "national.growth-mappings": (B, B, B),
    "a.1.cooperation": (B, R, B),
    "a.1.collaborations": (T, T, N),
    "a.2a.events": (A, A, B),
    "a.2b.support": (N, N, N),
    "a.2b.collaborations": (T, T, N),
    "a.2b.startups": (N, N, N),
    "a.3a.interreg-application": (A, A, A),
    "a.3a.collaborations": (T, T, T),
    "a.4a.professional-areas": (B, B, B),  # 1 of 2: below 70 %
    "a.4a.growth-courses": (B, B, B),  # 3 of 5: below 3.5
    "a.4b.een-coordination": (A, A, B),
    "a.4c.programmes": (A, A, B),
    "b.a.programmes": (B, B, B),
    "b.a.effect": (N, N, N),
    "b.b.international-activity": (T, T, T),
    "b.c.capital-events": (B, B, B),
    "b.c.reporting": (A, N, A),
    "b.d.international-sales": (N, N, N),
    "b.e.cooperation": (N, N, N),
    "b.e.cases": (N, N, N),
    "c.1.kommissorium": (B, B, B),
    "c.1.cooperation": (B, B, B),
    "c.1.analyses": (T, N, T),
    "c.1.press": (N, N, N),
}

# The firms a distinct-firm target counts, and from when: (approved on, pending since).
TARGET_FIRMS = {
    "national.guided-firms": {
        ("alfa", "H"): ((2, 10), None),
        ("alfa", "S"): ((4, 5), None),
        ("alfa", "all"): ((2, 10), None),
        ("beta", "S"): ((1, 8), None),
        ("beta", "all"): ((1, 8), None),
        ("gamma", "S"): ((3, 3), None),
        ("gamma", "all"): ((3, 3), None),
        ("delta", "H"): (None, (6, 1)),
        ("delta", "all"): (None, (6, 1)),
        ("epsilon", "H"): ((5, 15), None),
        ("epsilon", "all"): ((5, 15), None),
        ("zeta", "H"): ((3, 20), None),
        ("zeta", "S"): ((6, 10), None),
        ("zeta", "all"): ((3, 20), None),
        ("eta", "H"): ((1, 15), None),
        ("eta", "all"): ((1, 15), None),
    },
    "national.growth-mappings": {
        ("gamma", "S"): ((5, 20), None),
        ("gamma", "all"): ((5, 20), None),
        ("delta", "H"): (None, (6, 1)),
        ("delta", "all"): (None, (6, 1)),
        ("epsilon", "H"): ((5, 15), None),
        ("epsilon", "all"): ((5, 15), None),
        ("zeta", "S"): ((6, 10), None),
        ("zeta", "all"): ((6, 10), None),
        ("eta", "H"): (None, (6, 25)),
        ("eta", "all"): (None, (6, 25)),
    },
}

# What each month added: {target: {house: {month: (value, pending)}}}; every other
# month of a counting target is (0, 0).
MONTHS = {
    "national.guided-firms": {
        "all": {1: (2, 0), 2: (1, 0), 3: (2, 0), 5: (1, 0), 6: (0, 1)},
        "H": {1: (1, 0), 2: (1, 0), 3: (1, 0), 5: (1, 0), 6: (0, 1)},
        "S": {1: (1, 0), 3: (1, 0), 4: (1, 0), 6: (1, 0)},
    },
    "national.growth-mappings": {
        "all": {5: (2, 0), 6: (1, 2)},
        "H": {5: (1, 0), 6: (0, 2)},
        "S": {5: (1, 0), 6: (1, 0)},
    },
    "a.1.collaborations": {"all": {2: (1, 0)}, "H": {2: (1, 0)}},
    "a.2a.events": {"all": {5: (1, 0), 6: (0, 1)}, "H": {5: (1, 0)}, "S": {6: (0, 1)}},
    "a.2b.collaborations": {"all": {2: (1, 0)}, "H": {2: (1, 0)}},
    "a.3a.collaborations": {"all": {2: (1, 0), 4: (1, 0)}, "H": {2: (1, 0)}, "S": {4: (1, 0)}},
    "a.4a.professional-areas": {
        "all": {3: (1, 0), 6: (0, 1)},
        "H": {3: (1, 0)},
        "S": {6: (0, 1)},
    },
    "a.4a.growth-courses": {
        "all": {2: (1, 0), 4: (1, 0), 5: (1, 0), 6: (0, 1)},
        "H": {4: (1, 0), 5: (1, 0)},
        "S": {2: (1, 0), 6: (0, 1)},
    },
    "a.4c.programmes": {"all": {6: (1, 0)}, "H": {6: (1, 0)}},
    "b.c.capital-events": {"all": {3: (1, 0)}, "S": {3: (1, 0)}},
    "b.e.cases": {"all": {5: (0, 1)}, "H": {5: (0, 1)}},
    "c.1.analyses": {"all": {1: (1, 0)}, "S": {1: (1, 0)}},
}

# The running total of firms guided, January to December.
GUIDED_FIRMS_TO_DATE = {
    "all": [2, 3, 5, 5, 6, 6, 6, 6, 6, 6, 6, 6],
    "H": [1, 2, 3, 3, 4, 4, 4, 4, 4, 4, 4, 4],
    "S": [1, 1, 2, 3, 3, 4, 4, 4, 4, 4, 4, 4],
}

# {target: {house: {municipality code: (value, pending)}}}: a distinct-firm target
# places a firm where the firm sits; a count where the activity took place.
MUNICIPALITIES = {
    "national.guided-firms": {
        "all": {
            101: (1, 0),
            147: (1, 0),
            157: (0, 1),
            219: (1, 0),
            259: (1, 0),
            265: (1, 0),
            316: (1, 0),
        },
        "H": {101: (1, 0), 147: (1, 0), 157: (0, 1), 219: (1, 0), 316: (1, 0)},
        "S": {101: (1, 0), 259: (1, 0), 265: (1, 0), 316: (1, 0)},
    },
    "national.growth-mappings": {
        "all": {147: (0, 1), 157: (0, 1), 219: (1, 0), 259: (1, 0), 316: (1, 0)},
        "H": {147: (0, 1), 157: (0, 1), 219: (1, 0)},
        "S": {259: (1, 0), 316: (1, 0)},
    },
    "a.2a.events": {"all": {101: (1, 0)}, "H": {101: (1, 0)}},
    "a.4a.growth-courses": {
        # c2 with gamma (Køge) took place in Solrød.
        "all": {101: (1, 0), 157: (0, 1), 265: (1, 0), 269: (1, 0)},
        "H": {265: (1, 0), 269: (1, 0)},
        "S": {101: (1, 0), 157: (0, 1)},
    },
}


# --- Logging the year -----------------------------------------------------------


def agreement():
    return Agreement.objects.get(year=2018)


def goal(code):
    return Goal.objects.get(code=code, focus_area__agreement__year=2018)


def target(code):
    return Target.objects.get(code=code, agreement__year=2018)


def day(month_day):
    return datetime.date(2018, *month_day) if month_day else None


def other_house(person):
    key = SJAELLAND if person.organisation.key == HOVEDSTADEN else HOVEDSTADEN
    return house(key)


def log(people, who, activity_type, on, *, firm=None, status=APPROVED, **more):
    """Log an activity as the staff member; the manager approves or returns it."""
    author, manager = people[who], people[MANAGER_OF[who]]
    goals = more.get("goals")
    activity = services.activity_create(
        agreement=agreement(),
        house=author.organisation,
        author=author,
        activity_type=ActivityType.objects.get(code=activity_type),
        date=day(on),
        firm=firm,
        goals=None if goals is None else [goal(code) for code in goals],
        municipality=Municipality.objects.get(code=more["at"]) if "at" in more else None,
        delivered_in=other_house(author) if more.get("elsewhere") else None,
        submit=status != DRAFT,
    )
    if status in (APPROVED, DELETED):
        services.activity_approve(activity=activity, user=manager, version=activity.version)
    if status == DELETED:
        services.activity_delete(activity=activity, user=manager, version=activity.version)
    if status == RETURNED:
        services.activity_return(
            activity=activity, user=manager, version=activity.version, reason="Hvilken firma?"
        )
    return activity


def log_the_year(people):
    """Type in the year of the tables above; return the activities and firms by name."""
    firms = {
        name: services.firm_create(
            cvr=new_cvr(),
            name=f"{name.title()} ApS",
            municipality=Municipality.objects.get(code=code),
            user=people["hanne"],
        )
        for name, code in FIRMS.items()
    }
    activities = {
        label: log(people, who, kind, on, firm=firms.get(firm), status=status, **more)
        for label, who, kind, on, firm, status, more in LOG
    }
    for code, manager, numerator, denominator, on in MEASUREMENTS:
        goal_services.effect_measurement_create(
            target=target(code),
            house=people[manager].organisation,
            numerator=numerator,
            denominator=denominator,
            source="Kundeundersøgelse",
            measured_on=day(on),
            author=people[manager],
        )
    for code, manager, house_name, on in MILESTONES:
        goal_services.milestone_complete(
            target=target(code),
            house=people[manager].organisation if house_name else None,
            done_on=day(on),
            author=people[manager],
            evidence_text="Referat fra styregruppemødet",
        )
    for code, manager, quarter, status in STATUS_TEXTS:
        goal_services.status_text_save(
            goal=goal(code),
            house=people[manager].organisation,
            quarter=quarter,
            status=status,
            text="Som planlagt.",
            author=people[manager],
        )
    return {**activities, **firms}


@pytest.fixture
def people(hanne, mads, sofie, morten):
    return {"hanne": hanne, "mads": mads, "sofie": sofie, "morten": morten}


@pytest.fixture
def year(people):
    return log_the_year(people)


def commit():
    """Run what the transaction queued for its commit, then forget it, as a real commit would.

    The test's transaction never commits. captureOnCommitCallbacks would run the
    callbacks but leave them registered, and the roll-ups queue one callback per
    transaction, found among the registered ones; so the commit is acted out here.
    Return how many callbacks ran.
    """
    queued, connection.run_on_commit = connection.run_on_commit, []
    for _savepoints, callback, _robust in queued:
        callback()
    return len(queued)


def forget_queued():
    """Drop what the setting-up queued: the tables start from a full run instead."""
    connection.run_on_commit = []


# --- Reading the tables -----------------------------------------------------------


def house_name(organisation_key):
    return HOUSE_NAMES[organisation_key]


def progress_rows():
    """Return {(target, house): (value, pending, percentage, status, points)} as computed."""
    return {
        (row.target.code, house_name(row.house and row.house.key)): (
            row.value,
            row.pending,
            row.percentage,
            row.status,
            row.points,
        )
        for row in TargetProgress.objects.filter(target__agreement__year=2018).select_related(
            "target", "house"
        )
    }


def tables(the_agreement):
    """Return the roll-up tables as sorted rows, without ids (a full run re-creates them)."""

    def rows(queryset, *fields):
        return sorted(
            queryset.filter(target__agreement=the_agreement).values_list(*fields), key=repr
        )

    municipality_activities = MunicipalityActivity.objects.filter(agreement=the_agreement)

    return {
        "firms": rows(
            TargetFirm.objects,
            "target__code",
            "firm__cvr",
            "house__key",
            "municipality__code",
            "approved_on",
            "pending_on",
        ),
        "months": rows(
            TargetMonth.objects,
            "target__code",
            "house__key",
            "month",
            "value",
            "cumulative",
            "pending",
        ),
        "municipalities": rows(
            TargetMunicipality.objects,
            "target__code",
            "house__key",
            "municipality__code",
            "value",
            "pending",
        ),
        "progress": rows(
            TargetProgress.objects,
            "target__code",
            "house__key",
            "value",
            "pending",
            "percentage",
            "status",
            "points",
            "max_points",
            "done_on",
        ),
        "municipality activities": sorted(
            municipality_activities.values_list(
                "house__key", "municipality__code", "activities", "pending"
            ),
            key=repr,
        ),
    }


def differences(actual, expected):
    """Return, per table, the rows there that should not be, and those missing; {} if none."""
    found = {}
    for name in expected:
        unexpected = Counter(actual[name]) - Counter(expected[name])
        missing = Counter(expected[name]) - Counter(actual[name])
        if unexpected or missing:
            found[name] = {
                "unexpected": sorted(unexpected, key=repr),
                "missing": sorted(missing, key=repr),
            }
    return found


def assert_subsets_within_parents(the_agreement):
    """Check that no of-which target counts more than its parent, in any row of any table."""
    for subset in Target.objects.filter(agreement=the_agreement, kind=Target.Kind.SUBSET):
        parent = subset.parent
        parent_firms = {
            (row.firm_id, row.house_id): row for row in TargetFirm.objects.filter(target=parent)
        }
        for row in TargetFirm.objects.filter(target=subset):
            counted = parent_firms.get((row.firm_id, row.house_id))
            assert counted is not None, (
                f"{subset.code} counts firm {row.firm_id} its parent does not"
            )
            if row.approved_on is not None:
                assert counted.approved_on is not None
                assert counted.approved_on <= row.approved_on
        parent_months = {
            (row.house_id, row.month): row.cumulative
            for row in TargetMonth.objects.filter(target=parent)
        }
        for row in TargetMonth.objects.filter(target=subset):
            assert row.cumulative <= parent_months[(row.house_id, row.month)], (subset.code, row)
        parent_places = {
            (row.house_id, row.municipality_id): row.value
            for row in TargetMunicipality.objects.filter(target=parent)
        }
        for row in TargetMunicipality.objects.filter(target=subset):
            assert row.value <= parent_places.get((row.house_id, row.municipality_id), 0)
        parent_progress = {
            row.house_id: row for row in TargetProgress.objects.filter(target=parent)
        }
        for row in TargetProgress.objects.filter(target=subset):
            counted = parent_progress[row.house_id]
            assert row.value <= counted.value, (subset.code, row.house_id)
            assert row.value + row.pending <= counted.value + counted.pending


# --- The year, counted ------------------------------------------------------------


def expected_progress(table):
    expected = {}
    for code, rows in table.items():
        for name, (value, pending, percentage, status, points) in zip(
            ("all", "H", "S"), rows, strict=True
        ):
            expected[(code, name)] = (
                None if value is None else Decimal(value),
                Decimal(pending),
                None if percentage is None else Decimal(percentage),
                status,
                Decimal(points),
            )
    return expected


def test_the_hand_counted_table_covers_every_target_of_2018(agreement_2018):
    codes = set(Target.objects.filter(agreement=agreement_2018).values_list("code", flat=True))

    assert set(MID_YEAR_PROGRESS) == codes == set(YEAR_END_STATUS)
    assert len(codes) == 26


def test_every_target_has_the_hand_counted_value_pending_percentage_and_status_at_mid_year(year):
    rollups.rollup_full(agreement(), today=MID_YEAR)

    assert progress_rows() == expected_progress(MID_YEAR_PROGRESS)


def test_scored_targets_share_the_100_points_and_milestones_keep_their_day(year):
    rollups.rollup_full(agreement(), today=MID_YEAR)

    rows = TargetProgress.objects.filter(target__agreement__year=2018).select_related(
        "target", "house"
    )
    for row in rows:
        name = house_name(row.house and row.house.key)
        assert row.max_points == (Decimal("10.00") if row.target.code in SCORED else 0), row
        assert row.done_on == day(DONE_ON.get((row.target.code, name))), row
    assert rows.count() == 26 * 3
    assert sum(row.max_points for row in rows if row.house is None) == 100


def test_at_year_end_the_same_counts_have_the_statuses_of_a_finished_year(year):
    rollups.rollup_full(agreement(), today=YEAR_END)

    computed = progress_rows()
    expected = expected_progress(MID_YEAR_PROGRESS)
    for code, statuses in YEAR_END_STATUS.items():
        for name, status in zip(("all", "H", "S"), statuses, strict=True):
            value, pending, percentage, _status, points = expected[(code, name)]
            expected[(code, name)] = (value, pending, percentage, status, points)
    assert computed == expected


def test_a_firm_counts_once_in_the_total_from_the_first_day_it_counted(year):
    rollups.rollup_full(agreement(), today=MID_YEAR)

    firm_names = {year[name].pk: name for name in FIRMS}
    for code, firms in TARGET_FIRMS.items():
        computed = {
            (firm_names[row.firm_id], house_name(row.house and row.house.key)): (
                row.approved_on,
                row.pending_on,
            )
            for row in TargetFirm.objects.filter(target=target(code)).select_related("house")
        }
        expected = {
            key: (day(approved), day(pending)) for key, (approved, pending) in firms.items()
        }
        assert computed == expected, code
        assert TargetFirm.objects.filter(target=target(code)).count() == len(firms)


def test_months_hold_what_each_month_added_and_the_running_total(year):
    rollups.rollup_full(agreement(), today=MID_YEAR)

    for the_target in Target.objects.filter(agreement__year=2018):
        rows = TargetMonth.objects.filter(target=the_target).select_related("house")
        if not the_target.is_counting:
            assert not rows.exists(), the_target.code
            continue
        assert rows.count() == 12 * 3, the_target.code
        months = MONTHS.get(the_target.code, {})
        for name in ("all", "H", "S"):
            house_rows = sorted(
                (row for row in rows if house_name(row.house and row.house.key) == name),
                key=lambda row: row.month,
            )
            expected = months.get(name, {})
            assert [(row.month.month, row.value, row.pending) for row in house_rows] == [
                (month, *expected.get(month, (0, 0))) for month in range(1, 13)
            ], (the_target.code, name)
            running = [
                sum(expected.get(m, (0, 0))[0] for m in range(1, month + 1))
                for month in range(1, 13)
            ]
            assert [row.cumulative for row in house_rows] == running, (the_target.code, name)
            if the_target.code == "national.guided-firms":
                assert running == GUIDED_FIRMS_TO_DATE[name]


def test_municipalities_place_firms_where_they_sit_and_activities_where_they_took_place(year):
    rollups.rollup_full(agreement(), today=MID_YEAR)

    computed = {}
    for row in TargetMunicipality.objects.filter(target__agreement__year=2018).select_related(
        "target", "house", "municipality"
    ):
        places = computed.setdefault(row.target.code, {}).setdefault(
            house_name(row.house and row.house.key), {}
        )
        places[row.municipality.code] = (row.value, row.pending)
    assert computed == MUNICIPALITIES


def test_an_of_which_target_never_exceeds_its_parent(year):
    rollups.rollup_full(agreement(), today=MID_YEAR)

    assert_subsets_within_parents(agreement())


# --- Pending and approved ---------------------------------------------------------


def guided(name):
    row = TargetProgress.objects.get(
        target=target("national.guided-firms"),
        house=house(HOVEDSTADEN) if name == "H" else house(SJAELLAND) if name == "S" else None,
    )
    return row.value, row.pending


def test_a_submitted_activity_is_pending_until_a_manager_approves_it(people):
    firm = services.firm_create(
        cvr=new_cvr(),
        name="Ny ApS",
        municipality=Municipality.objects.get(code=101),
        user=people["hanne"],
    )
    activity = log(people, "hanne", "guidance", (3, 1), firm=firm, status=DRAFT)
    rollups.rollup_full(agreement(), today=MID_YEAR)
    assert guided("all") == (0, 0)

    services.activity_submit(activity=activity, user=people["hanne"], version=activity.version)
    rollups.rollup_full(agreement(), today=MID_YEAR)
    assert guided("all") == guided("H") == (0, 1)

    services.activity_approve(activity=activity, user=people["mads"], version=activity.version)
    rollups.rollup_full(agreement(), today=MID_YEAR)
    assert guided("all") == guided("H") == (1, 0)
    assert guided("S") == (0, 0)


def test_a_firm_approved_in_one_house_and_pending_in_the_other_counts_once_approved(people):
    firm = services.firm_create(
        cvr=new_cvr(),
        name="Ny ApS",
        municipality=Municipality.objects.get(code=265),
        user=people["sofie"],
    )
    log(people, "sofie", "guidance", (5, 1), firm=firm, status=SUBMITTED)
    log(people, "hanne", "guidance", (6, 1), firm=firm, status=APPROVED)

    rollups.rollup_full(agreement(), today=MID_YEAR)

    assert guided("H") == (1, 0)
    assert guided("S") == (0, 1)
    assert guided("all") == (1, 0)


# --- Running twice, and updating after each change -------------------------------


def test_a_second_full_run_changes_nothing(year):
    rollups.rollup_full(agreement(), today=MID_YEAR)
    first = tables(agreement())

    rollups.rollup_full(agreement(), today=MID_YEAR)

    assert tables(agreement()) == first
    assert all(first.values())


def test_updating_the_same_cells_twice_changes_nothing(year):
    rollups.rollup_full(agreement(), today=MID_YEAR)
    every_key = [rollups.activity_key(activity) for activity in Activity.objects.all()]
    first = tables(agreement())

    rollups.rollup_update(agreement(), every_key, today=MID_YEAR)
    rollups.rollup_update(agreement(), every_key, today=MID_YEAR)

    assert tables(agreement()) == first


def activity(year, label):
    """Return the activity as it is now (the version a user would see)."""
    return Activity.objects.get(pk=year[label].pk)


def firm(year, name):
    return Firm.objects.get(pk=year[name].pk)


def edit(year, label, user, **fields):
    current = activity(year, label)
    return services.activity_update(activity=current, user=user, version=current.version, **fields)


def act(year, label, action, user, **more):
    current = activity(year, label)
    service = getattr(services, f"activity_{action}")
    return service(activity=current, user=user, version=current.version, **more)


def changes(year, people):
    """Return (what happens, the change) in an order a year could have them."""
    hanne, mads, sofie, morten = (people[name] for name in ("hanne", "mads", "sofie", "morten"))

    def log_new():
        lambda_aps = Firm(
            cvr=new_cvr(), name="Lambda ApS", municipality=Municipality.objects.get(code=159)
        )
        year["n1"] = log(people, "hanne", "guidance", (4, 11), firm=lambda_aps, status=DRAFT)

    @transaction.atomic
    def several_at_once():
        # One transaction, one roll-up task for all of it (as an import would).
        year["n2"] = log(people, "sofie", "growth_mapping", (2, 14), firm=firm(year, "eta"))
        year["n3"] = log(people, "hanne", "guidance", (8, 3), firm=firm(year, "iota"))
        act(year, "m5", "approve", mads)
        act(year, "g4", "delete", morten)

    return [
        ("hanne logs a guidance of a new firm as a draft", log_new),
        ("hanne submits it", lambda: act(year, "n1", "submit", hanne)),
        ("mads approves it", lambda: act(year, "n1", "approve", mads)),
        (
            "hanne makes it a growth mapping",
            lambda: edit(
                year, "n1", hanne, activity_type=ActivityType.objects.get(code="growth_mapping")
            ),
        ),
        ("hanne moves it to firm alfa", lambda: edit(year, "n1", hanne, firm=firm(year, "alfa"))),
        (
            "hanne moves it to 30 May",
            lambda: edit(year, "n1", hanne, date=datetime.date(2018, 5, 30)),
        ),
        ("it was Sjælland's", lambda: edit(year, "n1", hanne, house=house(SJAELLAND))),
        (
            "a growth course took place in Køge",
            lambda: edit(year, "c3", sofie, municipality=Municipality.objects.get(code=259)),
        ),
        (
            "a growth course at home was delivered in the other house",
            lambda: edit(year, "c4", hanne, delivered_in=house(SJAELLAND)),
        ),
        ("an event is unlinked from 2a", lambda: edit(year, "e1", hanne, goals=[])),
        (
            "an unlinked event is linked to 2a",
            lambda: edit(year, "e2", sofie, goals=[goal("a.2a")]),
        ),
        (
            "morten returns a submitted event",
            lambda: act(year, "e3", "return", morten, reason="Dato?"),
        ),
        ("mads deletes an approved guidance", lambda: act(year, "g1", "delete", mads)),
        ("mads restores it", lambda: act(year, "g1", "restore", mads)),
        ("sofie submits her draft", lambda: act(year, "g10", "submit", sofie)),
        ("morten approves it", lambda: act(year, "g10", "approve", morten)),
        (
            "sofie corrects the returned one and submits it",
            lambda: edit(year, "g11", sofie, submit=True),
        ),
        (
            "a pending growth mapping was a guidance",
            lambda: edit(
                year, "m2", hanne, activity_type=ActivityType.objects.get(code="guidance")
            ),
        ),
        ("an approved growth mapping is deleted", lambda: act(year, "m3", "delete", mads)),
        (
            "a guidance moves to December",
            lambda: edit(year, "g8", hanne, date=datetime.date(2018, 12, 1)),
        ),
        (
            "firm zeta moves to København",
            lambda: services.firm_update(
                firm=firm(year, "zeta"),
                version=firm(year, "zeta").version,
                user=hanne,
                municipality=Municipality.objects.get(code=101),
            ),
        ),
        ("mads deletes the programme", lambda: act(year, "r1", "delete", mads)),
        ("two activities logged, one approved and one deleted at once", several_at_once),
        # What the managers enter beside the log queues a full recompute.
        (
            "morten marks the EEN coordination as done for Sjælland",
            lambda: goal_services.milestone_complete(
                target=target("a.4b.een-coordination"),
                house=morten.organisation,
                done_on=datetime.date(2018, 6, 29),
                author=morten,
                evidence_url="https://example.org/een-referat",
            ),
        ),
        (
            "mads reopens the joint InterReg application",
            lambda: goal_services.milestone_reopen(
                completion=target("a.3a.interreg-application").milestone_completions.get(),
                user=mads,
                version=target("a.3a.interreg-application").milestone_completions.get().version,
            ),
        ),
        (
            "morten measures Sjælland's international activity again",
            lambda: goal_services.effect_measurement_create(
                target=target("b.b.international-activity"),
                house=morten.organisation,
                numerator=45,
                denominator=100,
                source="Kundeundersøgelse juni",
                measured_on=datetime.date(2018, 6, 28),
                author=morten,
            ),
        ),
        (
            "mads writes a status text on b.e",
            lambda: goal_services.status_text_save(
                goal=goal("b.e"),
                house=mads.organisation,
                quarter=2,
                status=Progress.ON_TRACK,
                text="To cases med jobcentrene.",
                author=mads,
            ),
        ),
    ]


def test_after_each_change_the_update_gives_the_tables_of_a_full_recompute(
    year, people, time_machine, tasks_in_process
):
    # The queued task runs with today's date.
    time_machine.move_to(datetime.datetime(2018, 6, 30, 12, tzinfo=COPENHAGEN), tick=False)
    forget_queued()
    rollups.rollup_full(agreement())

    for what, change in changes(year, people):
        change()
        assert commit(), f"{what}: nothing was queued"
        updated = tables(agreement())
        rollups.rollup_full(agreement())
        assert differences(updated, tables(agreement())) == {}, what
        assert_subsets_within_parents(agreement())


def test_the_first_update_of_an_agreement_never_recomputed_fills_the_tables(
    people, time_machine, tasks_in_process
):
    time_machine.move_to(datetime.datetime(2018, 6, 30, 12, tzinfo=COPENHAGEN), tick=False)
    forget_queued()

    firm = services.firm_create(
        cvr=new_cvr(),
        name="Ny ApS",
        municipality=Municipality.objects.get(code=101),
        user=people["hanne"],
    )
    log(people, "hanne", "guidance", (3, 1), firm=firm, status=APPROVED)
    assert commit()
    updated = tables(agreement())
    rollups.rollup_full(agreement())

    assert differences(updated, tables(agreement())) == {}
    assert guided("all") == (1, 0)


# --- Random changes ---------------------------------------------------------------

MACHINE_TYPES = ["guidance", "growth_mapping", "growth_course", "event", "professional_area"]
MACHINE_PLACES = [101, 157, 265, 316]


class RandomChanges(RuleBasedStateMachine):
    """Random changes through the services, each committed and its roll-up run as queued.

    Each run starts from the hand-counted year and its full run, and is rolled back
    afterwards; at its end the updated tables must equal a full recompute's.
    """

    people: dict = {}
    year: dict = {}

    def __init__(self):
        super().__init__()
        # The year and its full run are in place; each run is rolled back to them.
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        self.agreement = agreement()
        self.activity_ids = [
            activity.pk for activity in self.year.values() if isinstance(activity, Activity)
        ]
        self.firm_ids = [self.year[name].pk for name in FIRMS]

    def teardown(self):
        # Compared once at the end: a full recompute after each step would reset the
        # tables (and take most of the time), so errors that build up would be missed.
        try:
            assert_subsets_within_parents(self.agreement)
            updated = tables(self.agreement)
            rollups.rollup_full(self.agreement)
            assert differences(updated, tables(self.agreement)) == {}
        finally:
            transaction.set_rollback(True)
            self.atomic.__exit__(None, None, None)

    def run(self, change):
        change()
        assert commit()

    def pick(self, index):
        return Activity.objects.get(pk=self.activity_ids[index % len(self.activity_ids)])

    @rule(
        who=st.sampled_from(["hanne", "sofie"]),
        kind=st.sampled_from(MACHINE_TYPES),
        month=st.integers(1, 12),
        firm=st.integers(0, len(FIRMS) - 1),
        status=st.sampled_from([DRAFT, SUBMITTED, APPROVED]),
        elsewhere=st.booleans(),
    )
    def log_an_activity(self, who, kind, month, firm, status, elsewhere):
        def change():
            activity = log(
                self.people,
                who,
                kind,
                (month, 1),
                firm=Firm.objects.get(pk=self.firm_ids[firm]),
                status=status,
                elsewhere=elsewhere,
            )
            self.activity_ids.append(activity.pk)

        self.run(change)

    @rule(index=st.integers(0, 200), approve=st.booleans())
    def review(self, index, approve):
        reviewable = Activity.objects.filter(
            pk__in=self.activity_ids, status__in=[DRAFT, SUBMITTED, RETURNED]
        ).order_by("pk")
        activity = reviewable[index % reviewable.count()]
        manager = self.people[MANAGER_OF["hanne" if activity.house.key == HOVEDSTADEN else "sofie"]]
        if activity.status == SUBMITTED and approve:
            action, more = services.activity_approve, {}
        elif activity.status == SUBMITTED:
            action, more = services.activity_return, {"reason": "Ret venligst"}
        else:
            action, more = services.activity_submit, {}
        self.run(lambda: action(activity=activity, user=manager, version=activity.version, **more))

    @rule(index=st.integers(0, 200))
    def delete_or_restore(self, index):
        activity = self.pick(index)
        action = services.activity_restore if activity.is_deleted else services.activity_delete
        user = self.people["mads"]
        self.run(lambda: action(activity=activity, user=user, version=activity.version))

    @rule(
        index=st.integers(0, 200),
        field=st.sampled_from(
            ["type", "firm", "house", "date", "municipality", "goals", "elsewhere", "firm moves"]
        ),
        choice=st.integers(0, 50),
    )
    def edit(self, index, field, choice):
        activity = self.pick(index)
        if field == "firm moves":
            self.move_the_firm(activity, choice)
            return
        if field == "type":
            kind = MACHINE_TYPES[choice % len(MACHINE_TYPES)]
            fields = {"activity_type": ActivityType.objects.get(code=kind)}
            if activity.firm_id is None:
                fields["firm"] = Firm.objects.get(pk=self.firm_ids[choice % len(self.firm_ids)])
        elif field == "firm":
            fields = {"firm": Firm.objects.get(pk=self.firm_ids[choice % len(self.firm_ids)])}
        elif field == "house":
            moved = house(SJAELLAND if activity.house.key == HOVEDSTADEN else HOVEDSTADEN)
            fields = {"house": moved}
            if activity.delivered_in_id == moved.pk:
                fields["delivered_in"] = activity.house
        elif field == "date":
            fields = {"date": datetime.date(2018, choice % 12 + 1, choice % 28 + 1)}
        elif field == "municipality":
            code = MACHINE_PLACES[choice % len(MACHINE_PLACES)]
            fields = {"municipality": Municipality.objects.get(code=code)}
        elif field == "goals":
            fields = {"goals": [] if activity.goals.exists() else None}
            if fields["goals"] is None:
                fields["goals"] = list(
                    Goal.objects.filter(
                        targets__agreement=self.agreement,
                        targets__activity_types=activity.activity_type,
                    ).distinct()
                )
        else:
            other = house(SJAELLAND if activity.house.key == HOVEDSTADEN else HOVEDSTADEN)
            fields = {"delivered_in": None if activity.delivered_in_id else other}
        user = self.people["hanne"]
        self.run(
            lambda: services.activity_update(
                activity=activity, user=user, version=activity.version, **fields
            )
        )

    def move_the_firm(self, activity, choice):
        """Move the activity's firm to another municipality: that queues a full recompute."""
        moved = activity.firm or Firm.objects.get(pk=self.firm_ids[choice % len(self.firm_ids)])
        elsewhere = [code for code in MACHINE_PLACES if code != moved.municipality.code]
        municipality = Municipality.objects.get(code=elsewhere[choice % len(elsewhere)])
        user = self.people["hanne"]
        self.run(
            lambda: services.firm_update(
                firm=moved, version=moved.version, user=user, municipality=municipality
            )
        )


def test_random_changes_keep_the_updated_tables_equal_to_a_full_recompute(
    year, people, time_machine, tasks_in_process
):
    time_machine.move_to(datetime.datetime(2018, 6, 30, 12, tzinfo=COPENHAGEN), tick=False)
    forget_queued()
    rollups.rollup_full(agreement())
    RandomChanges.people, RandomChanges.year = people, year

    run_state_machine_as_test(
        RandomChanges,
        settings=hypothesis.settings(
            max_examples=6,
            stateful_step_count=10,
            deadline=None,
            suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        ),
    )
