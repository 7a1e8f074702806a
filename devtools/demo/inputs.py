"""The demo year's progress inputs: the managers' status texts, effect measurements and
milestones, written through the services the pages use.
"""

from datetime import date as Date

from agreement.models import Organisation, User
from devtools.demo.texts import STATUS_TEXTS
from devtools.demo.volumes import DEMO_AUTHORS, HOVEDSTADEN, SJAELLAND
from goals import services as goal_services
from goals.models import Goal, Progress

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


def write_progress_inputs(agreement, rng):
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
