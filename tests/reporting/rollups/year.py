"""A small 2018 typed in through the services, for the roll-up tests to count.

The year below is 34 activities of both houses, a few effect measurements,
milestones and status texts. test_rollup_full.py holds what every target should
show, counted by hand from this log, not by calling the roll-up code.
"""

import datetime
from zoneinfo import ZoneInfo

from agreement.models import Agreement, Municipality
from goals import services as goal_services
from goals.models import ActivityType, Goal, Progress, Target
from reporting.activities import services
from reporting.models import Activity, TargetProgress
from tests.factories import HOVEDSTADEN, SJAELLAND, house, new_cvr

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


# --- Reading the tables -----------------------------------------------------------


def house_name(organisation_key):
    return HOUSE_NAMES[organisation_key]


def guided(name):
    """Return the firms guided, (value, pending), in house "H", "S" or "all"."""
    row = TargetProgress.objects.get(
        target=target("national.guided-firms"),
        house=house(HOVEDSTADEN) if name == "H" else house(SJAELLAND) if name == "S" else None,
    )
    return row.value, row.pending
