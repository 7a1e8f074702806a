"""A plausible year of demo activities for both growth houses, logged by `seed_demo`.

Every entry goes through the services the pages use: staff log it, submit it and
a manager approves (or returns) it, so statuses and history read as in real use.
The year is the same on every run (one seeded random source) and is logged once.
"""

import random
from dataclasses import dataclass
from datetime import date as Date
from datetime import timedelta

from django.db import transaction

from agreement.models import Agreement, Municipality, Organisation, User
from devtools.demo.texts import (
    ANALYSES,
    CAPITAL_EVENTS,
    COLLABORATIONS,
    EVENTS,
    FOLLOW_UP_TEXTS,
    GROWTH_COURSE_TEXTS,
    GROWTH_MAPPING_TEXTS,
    GUIDANCE_TEXTS,
    LABOUR_CASES,
    LARGE_EVENTS,
    LEGAL_FORMS,
    NAME_WORDS,
    PRESS,
    PROFESSIONAL_AREAS,
    PROGRAMMES,
    RETURNED,
    SHARED_FIRM_TEXTS,
    STARTUPS,
    STATUS_TEXTS,
    SURNAMES,
    TOPICS,
    TRADES,
)
from goals import services as goal_services
from goals.models import ActivityType, Goal, Progress
from reporting.activities import services
from reporting.activities.selectors import default_goals
from reporting.models import Activity, Firm, complete_cvr

# House key: (staff username, manager username), as `seed_demo` creates them.
HOVEDSTADEN, SJAELLAND = "vaeksthus-hovedstaden", "vaeksthus-sjaelland"
DEMO_AUTHORS = {
    HOVEDSTADEN: ("staff.hovedstaden", "manager.hovedstaden"),
    SJAELLAND: ("staff.sjaelland", "manager.sjaelland"),
}

# How much each house does in the year; the capital region is the larger.
VOLUMES = {
    "vaeksthus-hovedstaden": {
        "firms": 190,
        "growth_mappings": 100,
        "follow_ups": 30,
        "firms_of_other_house": 10,
        "growth_courses": 20,
        "growth_courses_in_other_house": 4,
        "events": 20,
        "capital_events": 2,
        "collaborations": 10,
        "startups": 5,
        "labour_cases": 4,
        "analyses": 3,
        "press": 6,
    },
    "vaeksthus-sjaelland": {
        "firms": 150,
        "growth_mappings": 75,
        "follow_ups": 20,
        "firms_of_other_house": 8,
        "growth_courses": 14,
        "growth_courses_in_other_house": 3,
        "events": 16,
        "capital_events": 1,
        "collaborations": 8,
        "startups": 2,
        "labour_cases": 4,
        "analyses": 2,
        "press": 4,
    },
}

# Fewer entries in the summer holidays and around Christmas.
MONTH_WEIGHTS = {1: 7, 2: 9, 3: 11, 4: 9, 5: 10, 6: 9, 7: 2, 8: 7, 9: 11, 10: 11, 11: 11, 12: 6}

# Where firms are: weighted towards the larger business municipalities (others weigh 1).
MUNICIPALITY_WEIGHTS = {
    101: 14, 147: 3, 151: 2, 157: 3, 159: 3, 161: 2, 169: 2, 173: 3, 217: 2, 219: 2, 230: 2,
    253: 2, 259: 3, 265: 4, 316: 3, 326: 2, 329: 2, 330: 3, 370: 3, 376: 2,
}  # fmt: skip

# Bornholm and Lolland: one is "på", not "i", an island.
ISLAND_MUNICIPALITIES = {360, 400}


@dataclass
class _FirmPlan:
    cvr: str
    name: str
    sector: str
    municipality: Municipality
    guided_on: Date | None = None
    mapped_on: Date | None = None


@dataclass
class _Entry:
    house: Organisation
    type_code: str
    date: Date
    description: str
    firm: _FirmPlan | None = None
    goal_codes: list[str] | None = None  # None: the type's default goals
    municipality: Municipality | None = None
    delivered_in: Organisation | None = None
    participants: int | None = None
    by_manager: bool = False
    return_reason: str = ""


def create_demo_year(agreement: Agreement, *, seed: int = 2018) -> int:
    """Log a year of demo activities for both growth houses; return how many.

    Nothing is logged when the agreement already has activities.
    """
    if Activity.objects.in_agreement(agreement).exists():
        return 0
    with transaction.atomic():
        logged = _DemoYear(agreement, random.Random(seed)).log()
        _write_progress_inputs(agreement, random.Random(seed))
        return logged


# Each house's year as its manager tells it, quarter by quarter.
QUARTER_STATUSES = [
    Progress.ON_TRACK,
    Progress.ON_TRACK,
    Progress.AT_RISK,
    Progress.ON_TRACK,
    Progress.ACHIEVED,
]
# (target code, house key or None for both houses jointly, done on, evidence link)
MILESTONES = [
    ("a.3a.interreg-application", None, Date(2018, 9, 14), "https://www.interreg-oks.eu/"),
    ("a.4b.een-coordination", None, Date(2018, 4, 30), "https://een.ec.europa.eu/"),
    ("c.1.kommissorium", None, Date(2018, 6, 1), "https://www.greatercph.dk/"),
]
# (target code, house key, [(measured on, numerator, denominator, source)])
EFFECTS = [
    ("b.b.international-activity", HOVEDSTADEN, [(Date(2018, 6, 30), 61, 220, "Kundeundersøgelse, 1. halvår"), (Date(2018, 12, 31), 132, 410, "Kundeundersøgelse 2018")]),
    ("b.b.international-activity", SJAELLAND, [(Date(2018, 12, 31), 88, 301, "Kundeundersøgelse 2018")]),
    ("b.d.international-sales", HOVEDSTADEN, [(Date(2018, 12, 31), 47, 180, "Opfølgning på skaleringsforløb")]),
    ("b.d.international-sales", SJAELLAND, [(Date(2018, 12, 31), 29, 121, "Opfølgning på skaleringsforløb")]),
]  # fmt: skip


def _write_progress_inputs(agreement, rng):
    """Write the managers' status texts, effect measurements and milestones of the year."""
    houses = {house.key: house for house in Organisation.objects.filter(key__in=DEMO_AUTHORS)}
    managers = {key: User.objects.get(username=DEMO_AUTHORS[key][1]) for key in houses}
    targets = {target.code: target for target in agreement.targets.all()}
    goals = Goal.objects.filter(focus_area__agreement=agreement, subgoals__isnull=True)
    for key, house in houses.items():
        for goal in goals.order_by("position"):
            for quarter in range(1, 5):
                goal_services.status_text_save(
                    goal=goal,
                    house=house,
                    quarter=quarter,
                    status=rng.choice(QUARTER_STATUSES),
                    text=rng.choice(STATUS_TEXTS).format(goal=goal.title, house=house.label),
                    author=managers[key],
                )
    for code, house_key, done_on, link in MILESTONES:
        goal_services.milestone_complete(
            target=targets[code],
            house=houses.get(house_key),
            done_on=done_on,
            author=managers[HOVEDSTADEN],
            evidence_url=link,
        )
    for code, house_key, measurements in EFFECTS:
        for measured_on, numerator, denominator, source in measurements:
            goal_services.effect_measurement_create(
                target=targets[code],
                house=houses[house_key],
                numerator=numerator,
                denominator=denominator,
                source=source,
                measured_on=measured_on,
                author=managers[house_key],
            )


class _DemoYear:
    """Plan the year's entries for both houses, then log them in date order."""

    def __init__(self, agreement, rng):
        self.agreement = agreement
        self.rng = rng
        self.houses = list(Organisation.objects.filter(key__in=DEMO_AUTHORS).order_by("key"))
        self.authors = {
            house.pk: tuple(User.objects.get(username=name) for name in DEMO_AUTHORS[house.key])
            for house in self.houses
        }
        self.municipalities = {
            house.pk: list(
                Municipality.objects.filter(
                    kkr__kind=Organisation.Kind.KKR, kkr__region=house.region_id
                ).order_by("code")
            )
            for house in self.houses
        }
        self.activity_types = {t.code: t for t in ActivityType.objects.all()}
        self.goals = {
            goal.code: goal
            for goal in Goal.objects.filter(focus_area__agreement=agreement).select_related(
                "focus_area"
            )
        }
        self.default_goals = {
            code: list(default_goals(agreement, activity_type).select_related("focus_area"))
            for code, activity_type in self.activity_types.items()
        }
        self.days = [
            agreement.period_start + timedelta(days=offset)
            for offset in range((agreement.period_end - agreement.period_start).days + 1)
        ]
        self.days = [day for day in self.days if day.weekday() < 5 and not _holiday(day)]
        self.used_cvrs = set(Firm.objects.values_list("cvr", flat=True))
        self.used_names = set(Firm.objects.values_list("name", flat=True))
        self.firms = {}  # CVR: the saved firm, made at its first activity
        self.used_texts = set()
        self.entries = []

    def log(self):
        pools = {house.pk: self._plan_guidance(house) for house in self.houses}
        for house in self.houses:
            other = next(h for h in self.houses if h.pk != house.pk)
            self._plan_growth_work(house, other, pools[house.pk], pools[other.pk])
            self._plan_house_work(house, other, pools[house.pk])
        # Logged in date order, as staff would, so ids and history run through the year.
        self.entries.sort(key=lambda entry: (entry.date, entry.house.key))
        for entry in self.entries:
            self._log(entry)
        return len(self.entries)

    # Planning ---------------------------------------------------------------

    def _plan_guidance(self, house):
        """Plan the house's firms, each guided at least once, some growth-mapped after."""
        volumes = VOLUMES[house.key]
        pool = [self._new_firm(house) for _ in range(volumes["firms"])]
        for firm in pool:
            firm.guided_on = self._day()
            self._add(house, "guidance", firm.guided_on, GUIDANCE_TEXTS, firm=firm)
        # A growth mapping follows a guidance by one week to three months.
        guided = [firm for firm in pool if self._leaves_room(firm.guided_on)]
        for firm in self.rng.sample(guided, volumes["growth_mappings"]):
            firm.mapped_on = self._day(after=firm.guided_on + timedelta(7), within=90)
            self._add(house, "growth_mapping", firm.mapped_on, GROWTH_MAPPING_TEXTS, firm=firm)
        for firm in self.rng.sample(guided, volumes["follow_ups"]):
            day = self._day(after=firm.guided_on + timedelta(14), within=120)
            self._add(house, "guidance", day, FOLLOW_UP_TEXTS, firm=firm)
        return pool

    def _plan_growth_work(self, house, other, pool, other_pool):
        volumes = VOLUMES[house.key]
        mapped = [firm for firm in pool if firm.mapped_on and self._leaves_room(firm.mapped_on)]
        for firm in self.rng.sample(mapped, volumes["growth_courses"]):
            day = self._day(after=firm.mapped_on + timedelta(14), within=120)
            self._add(house, "growth_course", day, GROWTH_COURSE_TEXTS, firm=firm, goals=["b.d"])
        # Growth courses in the other house's region, for firms that house mapped (a.4a).
        other_mapped = [
            firm for firm in other_pool if firm.mapped_on and self._leaves_room(firm.mapped_on)
        ]
        for firm in self.rng.sample(other_mapped, volumes["growth_courses_in_other_house"]):
            day = self._day(after=firm.mapped_on + timedelta(14), within=120)
            text = (
                f"Vækstforløb for en virksomhed i {other.region.name} inden for fagområdet "
                f"{PROFESSIONAL_AREAS[house.key]}; henvist af {other.name}."
            )
            self._add(
                house, "growth_course", day, [text], firm=firm, goals=["a.4a"], delivered_in=other
            )
        # Firms the other house also works with: the portal warns about these.
        for firm in self.rng.sample(other_pool, volumes["firms_of_other_house"]):
            text = self.rng.choice(SHARED_FIRM_TEXTS).replace("{other}", other.name)
            self._add(house, "guidance", self._day(), [text], firm=firm)

    def _plan_house_work(self, house, other, pool):
        volumes = VOLUMES[house.key]
        rng = self.rng
        for title in rng.choices(list(EVENTS), k=volumes["events"]):
            municipality = self._municipality(house)
            self._add(
                house,
                "event",
                self._day(),
                [f"{title}, afholdt {_in(municipality)}."],
                goals=[EVENTS[title]] if EVENTS[title] else [],
                municipality=municipality,
                participants=rng.randint(12, 90),
            )
        text, participants = LARGE_EVENTS[house.key]
        self._add(
            house,
            "event",
            self._day(months=(5, 6, 9)),
            [text],
            goals=["a.2a"],
            participants=participants,
            by_manager=True,
        )
        for text in self._texts(CAPITAL_EVENTS, volumes["capital_events"]):
            self._add(
                house,
                "capital_event",
                self._day(months=(3, 4, 5, 9, 10, 11)),
                [text],
                goals=["b.c"],
                participants=rng.randint(25, 80),
            )
        for index, goal_code in enumerate(COLLABORATIONS):
            count = len(range(index, volumes["collaborations"], len(COLLABORATIONS)))
            for text in rng.sample(COLLABORATIONS[goal_code], count):
                # Only a collaboration with a municipality's business service is in one.
                municipality = self._municipality(house) if "{" in text else None
                self._add(
                    house,
                    "collaboration",
                    self._day(),
                    [text],
                    goals=[goal_code],
                    municipality=municipality,
                    by_manager=True,
                )
        for text in self._texts(STARTUPS, volumes["startups"]):
            self._add(
                house,
                "startup_attracted",
                self._day(),
                [text],
                goals=["a.2b"],
                municipality=self._municipality(house),
            )
        self._add(
            house,
            "professional_area",
            self._day(months=(2, 3)),
            [f"Fagområde valgt sammen med {other.name}: {PROFESSIONAL_AREAS[house.key]}."],
            by_manager=True,
        )
        goal_code, text = PROGRAMMES[house.key]
        self._add(
            house,
            "programme",
            self._day(months=(4, 5, 6)),
            [text],
            goals=[goal_code],
            by_manager=True,
        )
        # A case names a client firm in its text; the case itself is with no firm.
        for text, firm in zip(
            rng.sample(LABOUR_CASES, volumes["labour_cases"]),
            rng.sample(pool, volumes["labour_cases"]),
            strict=True,
        ):
            self._add(
                house,
                "labour_case",
                self._day(after=firm.guided_on),
                [text.replace("{firm}", firm.name)],
                goals=["b.e"],
                municipality=firm.municipality,
            )
        for text in self._texts(ANALYSES, volumes["analyses"]):
            self._add(house, "analysis", self._day(), [text], goals=["c.1"], by_manager=True)
        for text in self._texts(PRESS, volumes["press"]):
            self._add(
                house, "press", self._day(), [text], goals=["c.1"], by_manager=rng.random() < 0.5
            )
        # One entry the manager sent back, still waiting for its author.
        type_code, text, reason = RETURNED[house.key]
        firm = self._new_firm(house) if self.activity_types[type_code].counts_firms else None
        self._add(
            house, type_code, self._day(months=(11,)), [text], firm=firm, return_reason=reason
        )

    def _texts(self, texts, count):
        """Return count texts, none the other house has used already."""
        chosen = self.rng.sample([text for text in texts if text not in self.used_texts], count)
        self.used_texts.update(chosen)
        return chosen

    def _add(self, house, type_code, day, texts, *, firm=None, goals=None, **fields):
        topic = self.rng.choice(TOPICS)
        municipality = fields.get("municipality") or (firm.municipality if firm else None)
        description = self.rng.choice(texts).format(
            topic=topic,
            municipality=municipality.name if municipality else "",
            in_municipality=_in(municipality) if municipality else "",
        )
        self.entries.append(
            _Entry(
                house=house,
                type_code=type_code,
                date=day,
                description=description,
                firm=firm,
                goal_codes=goals,
                **fields,
            )
        )

    def _new_firm(self, house):
        while True:
            cvr = complete_cvr(str(self.rng.randrange(1_000_000, 10_000_000)))
            if cvr and cvr not in self.used_cvrs:
                break
        self.used_cvrs.add(cvr)
        name, sector = self._firm_name()
        return _FirmPlan(cvr=cvr, name=name, sector=sector, municipality=self._municipality(house))

    def _firm_name(self):
        rng = self.rng
        while True:
            trade = rng.choice(list(TRADES))
            surname, other_surname = rng.sample(SURNAMES, 2)
            style = rng.choices(("word", "genitive", "brothers", "partners"), (60, 20, 10, 10))[0]
            stem = {
                "word": f"{rng.choice(NAME_WORDS)} {trade}",
                "genitive": f"{surname}s {trade}",
                "brothers": f"Brdr. {surname} {trade}",
                "partners": f"{surname} & {other_surname}",
            }[style]
            form = rng.choices(list(LEGAL_FORMS), list(LEGAL_FORMS.values()))[0]
            name = f"{stem} {form}"
            if name not in self.used_names:
                self.used_names.add(name)
                return name, TRADES[trade]

    def _leaves_room(self, day):
        """Say whether a follow-up activity fits between the day and the period's end."""
        return day <= self.agreement.period_end - timedelta(21)

    def _municipality(self, house):
        municipalities = self.municipalities[house.pk]
        weights = [MUNICIPALITY_WEIGHTS.get(m.code, 1) for m in municipalities]
        return self.rng.choices(municipalities, weights)[0]

    def _day(self, *, after=None, within=None, months=None):
        """Return a working day of the period, busier in spring and autumn than in July."""
        last = self.agreement.period_end
        if after is not None and within is not None:
            last = min(last, after + timedelta(within))
        days = [
            day
            for day in self.days
            if (after is None or day >= after)
            and day <= last
            and (months is None or day.month in months)
        ]
        if not days:  # no working day left in the window: the period's last one
            return self.days[-1]
        return self.rng.choices(days, [MONTH_WEIGHTS[day.month] for day in days])[0]

    # Logging ----------------------------------------------------------------

    def _log(self, entry):
        staff, manager = self.authors[entry.house.pk]
        author = manager if entry.by_manager else staff
        if entry.goal_codes is None:
            goals = self.default_goals[entry.type_code]
        else:
            goals = [self.goals[code] for code in entry.goal_codes if code in self.goals]
        status = Activity.Status.RETURNED if entry.return_reason else self._status(entry.date)
        # Logged as the form's "save and submit" does, in one step.
        activity = services.activity_create(
            submit=status != Activity.Status.DRAFT,
            agreement=self.agreement,
            house=entry.house,
            author=author,
            activity_type=self.activity_types[entry.type_code],
            date=entry.date,
            firm=self._firm(entry.firm, author),
            goals=goals,
            municipality=entry.municipality,
            delivered_in=entry.delivered_in,
            participants=entry.participants,
            description=entry.description,
        )
        if status == Activity.Status.APPROVED:
            services.activity_approve(activity=activity, user=manager, version=activity.version)
        elif status == Activity.Status.RETURNED:
            services.activity_return(
                activity=activity,
                user=manager,
                version=activity.version,
                reason=entry.return_reason,
            )

    def _firm(self, plan, author):
        if plan is None:
            return None
        if plan.cvr not in self.firms:
            self.firms[plan.cvr] = services.firm_create(
                cvr=plan.cvr,
                name=plan.name,
                municipality=plan.municipality,
                sector=plan.sector,
                user=author,
            )
        return self.firms[plan.cvr]

    def _status(self, day):
        """Return the status an entry of that date has at the year's end: recent ones wait."""
        days_left = (self.agreement.period_end - day).days
        if days_left < 21:
            weights = (2, 5, 3)
        elif days_left < 56:
            weights = (6, 3, 1)
        else:
            weights = (97, 3, 0)
        statuses = (Activity.Status.APPROVED, Activity.Status.SUBMITTED, Activity.Status.DRAFT)
        return self.rng.choices(statuses, weights)[0]


def _in(municipality):
    """Return "in <municipality>" in Danish: on an island it is "på"."""
    preposition = "på" if municipality.code in ISLAND_MUNICIPALITIES else "i"
    return f"{preposition} {municipality.name}"


def _holiday(day):
    """Christmas to New Year, when nobody logs anything."""
    return (day.month, day.day) >= (12, 24) or (day.month, day.day) == (1, 1)
