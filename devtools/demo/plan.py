"""The demo year's entries planned for both houses: each house's firms, guided and
growth-mapped, its courses, events, collaborations, cases and reports, on working days
weighted by month, in municipalities weighted by their business.
"""

from dataclasses import dataclass
from datetime import date as Date
from datetime import timedelta

from agreement.models import Municipality, Organisation
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
    SURNAMES,
    TOPICS,
    TRADES,
)
from devtools.demo.volumes import (
    DEMO_AUTHORS,
    ISLAND_MUNICIPALITIES,
    MONTH_WEIGHTS,
    MUNICIPALITY_WEIGHTS,
    VOLUMES,
)
from goals.models import ActivityType
from reporting.models import Firm, complete_cvr


@dataclass
class FirmPlan:
    cvr: str
    name: str
    sector: str
    municipality: Municipality
    guided_on: Date | None = None
    mapped_on: Date | None = None


@dataclass
class Entry:
    house: Organisation
    type_code: str
    date: Date
    description: str
    firm: FirmPlan | None = None
    goal_codes: list[str] | None = None  # None: the type's default goals
    municipality: Municipality | None = None
    delivered_in: Organisation | None = None
    participants: int | None = None
    by_manager: bool = False
    return_reason: str = ""


class YearPlan:
    """Plan the year's entries for both houses, with one seeded random source."""

    def __init__(self, agreement, rng):
        self.agreement = agreement
        self.rng = rng
        self.houses = list(Organisation.objects.filter(key__in=DEMO_AUTHORS).order_by("key"))
        self.municipalities = {
            house.pk: list(
                Municipality.objects.filter(
                    kkr__kind=Organisation.Kind.KKR, kkr__region=house.region_id
                ).order_by("code")
            )
            for house in self.houses
        }
        self.counts_firms = set(
            ActivityType.objects.filter(counts_firms=True).values_list("code", flat=True)
        )
        self.days = [
            agreement.period_start + timedelta(days=offset)
            for offset in range((agreement.period_end - agreement.period_start).days + 1)
        ]
        self.days = [day for day in self.days if day.weekday() < 5 and not _holiday(day)]
        self.used_cvrs = set(Firm.objects.values_list("cvr", flat=True))
        self.used_names = set(Firm.objects.values_list("name", flat=True))
        self.used_texts = set()
        self.entries = []

    def entries_by_date(self) -> list["Entry"]:
        """Return the year's entries in date order, as staff would log them."""
        pools = {house.pk: self._plan_guidance(house) for house in self.houses}
        for house in self.houses:
            other = next(h for h in self.houses if h.pk != house.pk)
            self._plan_growth_work(house, other, pools[house.pk], pools[other.pk])
            self._plan_house_work(house, other, pools[house.pk])
        return sorted(self.entries, key=lambda entry: (entry.date, entry.house.key))

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
        self._plan_events(house)
        self._plan_partnerships(house, other)
        self._plan_reports(house, pool)

    def _plan_events(self, house):
        """Plan the house's events, its large international one and its capital events."""
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

    def _plan_partnerships(self, house, other):
        """Plan the collaborations, start-ups, the professional area and the programme."""
        volumes = VOLUMES[house.key]
        for index, goal_code in enumerate(COLLABORATIONS):
            count = len(range(index, volumes["collaborations"], len(COLLABORATIONS)))
            for text in self.rng.sample(COLLABORATIONS[goal_code], count):
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

    def _plan_reports(self, house, pool):
        """Plan the labour cases, analyses and press, and one entry returned by the manager."""
        volumes = VOLUMES[house.key]
        rng = self.rng
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
        firm = self._new_firm(house) if type_code in self.counts_firms else None
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
            Entry(
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
        return FirmPlan(cvr=cvr, name=name, sector=sector, municipality=self._municipality(house))

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


def _in(municipality):
    """Return "in <municipality>" in Danish: on an island it is "på"."""
    preposition = "på" if municipality.code in ISLAND_MUNICIPALITIES else "i"
    return f"{preposition} {municipality.name}"


def _holiday(day):
    """Christmas to New Year, when nobody logs anything."""
    return (day.month, day.day) >= (12, 24) or (day.month, day.day) == (1, 1)
