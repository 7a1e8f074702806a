"""Writing a checked plan in bulk: firms, activities, their goals, and the history of each.

simple_history's bulk helpers make one history entry per object, with the
importing manager and the reason "imported". Activities also keep their goals in
each history entry (as a single save through the services does), so those rows
are written here too, from the history entries the bulk insert returns.
"""

from collections import defaultdict

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from agreement.models import Organisation, User
from reporting.activities.selectors import goals_by_activity_type
from reporting.erp_import.lookups import chunks
from reporting.erp_import.rows import Plan
from reporting.models import Activity, Firm

IMPORTED = Activity.Change.IMPORTED
BATCH_SIZE = 2000
GoalLink = Activity.goals.through
GoalLinkHistory = Activity.history.model.goals.model


def write_plan(plan: Plan, *, house: Organisation, user: User) -> None:
    """Create and update the plan's activities (the house's), and create its new firms.

    An activity is linked to its type's default goals in its year, as the services link
    one logged without goals: none that only concerns the other house.
    """
    now = timezone.now()
    history = {"default_user": user, "default_change_reason": IMPORTED, "default_date": now}
    if plan.new_firms:
        for firm in plan.new_firms:
            firm.pk = None  # the stand-in id of the check
        bulk_create_with_history(plan.new_firms, Firm, batch_size=BATCH_SIZE, **history)
    for planned in plan.created + plan.updated:
        if planned.new_firm is not None:
            planned.activity.firm = planned.new_firm
    goals_of_type = _GoalsOfType(house, plan)
    created = [planned.activity for planned in plan.created]
    updated = [planned.activity for planned in plan.updated]
    links = []
    if created:
        Activity.objects.bulk_create(created, batch_size=BATCH_SIZE)
        links += _link_goals(created, goals_of_type)
        records = Activity.history.bulk_history_create(created, batch_size=BATCH_SIZE, **history)
        _write_goal_history(records, links)
    if updated:
        _update(plan, updated, goals_of_type, now, history)


def _update(plan, updated, goals_of_type, now, history):
    retyped = [
        p.activity for p in plan.updated if {"activity_type", "agreement"} & set(p.changed_fields)
    ]
    if retyped:
        # The goals follow the type and the year: a new type or year brings its own goals.
        for chunk in chunks(retyped):
            GoalLink.objects.filter(activity__in=chunk).delete()
        _link_goals(retyped, goals_of_type)
    fields = {"version", "updated_at"}
    for planned in plan.updated:
        fields.update(planned.changed_fields)
        # A page opened before the import can no longer be saved over it (see services._save).
        planned.activity.version += 1
        planned.activity.updated_at = now
    Activity.objects.bulk_update(updated, sorted(fields), batch_size=BATCH_SIZE)
    records = Activity.history.bulk_history_create(
        updated, update=True, batch_size=BATCH_SIZE, **history
    )
    links = [
        link for chunk in chunks(updated) for link in GoalLink.objects.filter(activity__in=chunk)
    ]
    _write_goal_history(records, links)


class _GoalsOfType:
    """The goals each activity is linked to: those its row's goal column chose, else the
    default goals of its type in its year, read once per year."""

    def __init__(self, house, plan):
        self.house = house
        self.years = {}
        self.chosen = {
            id(planned.activity): planned.goal_ids
            for planned in plan.created + plan.updated
            if planned.goal_ids is not None
        }

    def of(self, activity) -> list[int]:
        if id(activity) in self.chosen:
            return self.chosen[id(activity)]
        if activity.agreement_id not in self.years:
            self.years[activity.agreement_id] = goals_by_activity_type(
                activity.agreement, house=self.house
            )
        return self.years[activity.agreement_id].get(activity.activity_type_id, ())


def _link_goals(activities, goals_of_type):
    links = [
        GoalLink(activity_id=activity.pk, goal_id=goal_id)
        for activity in activities
        for goal_id in goals_of_type.of(activity)
    ]
    return GoalLink.objects.bulk_create(links, batch_size=BATCH_SIZE)


def _write_goal_history(records, links):
    links_of = defaultdict(list)
    for link in links:
        links_of[link.activity_id].append(link)
    GoalLinkHistory.objects.bulk_create(
        [
            GoalLinkHistory(
                history_id=record.history_id,
                id=link.pk,
                activity_id=link.activity_id,
                goal_id=link.goal_id,
            )
            for record in records
            for link in links_of[record.id]
        ],
        batch_size=BATCH_SIZE,
    )
