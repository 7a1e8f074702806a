"""A plausible year of demo activities for both growth houses, logged by `seed_demo`.

Every entry goes through the services the pages use: staff log it, submit it and
a manager approves (or returns) it, so statuses and history read as in real use.
The year is the same on every run (one seeded random source) and is logged once.
"""

import random

from django.db import transaction

from agreement.models import Agreement, User
from devtools.demo.inputs import write_progress_inputs
from devtools.demo.plan import YearPlan
from devtools.demo.volumes import DEMO_AUTHORS
from goals.models import ActivityType, Goal
from reporting.activities import services
from reporting.activities.selectors import default_goals
from reporting.models import Activity


def create_demo_year(agreement: Agreement, *, seed: int = 2018) -> int:
    """Log a year of demo activities for both growth houses; return how many.

    Nothing is logged when the agreement already has activities.
    """
    if Activity.objects.in_agreement(agreement).exists():
        return 0
    with transaction.atomic():
        rng = random.Random(seed)
        plan = YearPlan(agreement, rng)
        logbook = _Logbook(agreement, plan.houses, rng)
        # Logged in date order, as staff would, so ids and history run through the year.
        entries = plan.entries_by_date()
        for entry in entries:
            logbook.log(entry)
        write_progress_inputs(agreement, random.Random(seed))
        return len(entries)


class _Logbook:
    """Log planned entries through the services, by the house's staff or manager."""

    def __init__(self, agreement, houses, rng):
        self.agreement = agreement
        self.rng = rng
        self.authors = {
            house.pk: tuple(User.objects.get(username=name) for name in DEMO_AUTHORS[house.key])
            for house in houses
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
        self.firms = {}  # CVR: the saved firm, made at its first activity

    def log(self, entry):
        """Log the entry as its author would, and approve or return it as its manager."""
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
