"""A goal's page: its targets' progress by house and month, and what lies behind the numbers."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date as Date
from decimal import Decimal

from django.core.paginator import Paginator
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext

from agreement.models import Agreement, Municipality, Organisation
from goals import access as goal_access
from goals.models import EffectMeasurement, Goal, MilestoneCompletion, StatusText, Target
from reporting.access import visible_activities
from reporting.models import Activity, TargetMunicipality, TargetProgress
from reporting.rollups.selectors import Scope, attach_months, attach_progress, sort_rows

ACTIVITIES_PER_PAGE = 20


@dataclass
class MunicipalityRow:
    municipality: Municipality
    values: list[Decimal]  # one per counting target of the goal, in order


@dataclass
class GoalDashboard:
    goal: Goal
    goals: list[Goal]  # the goal and its sub-goals
    targets: list[Target]
    counting: list[Target]
    houses: list[Organisation]
    status_texts: list[StatusText]
    milestones: list[MilestoneCompletion]
    effects: list[EffectMeasurement]
    municipalities: list[MunicipalityRow]
    activities: object  # a page of the approved activities that count
    computed: bool = field(default=False)


def goal_dashboard(
    agreement: Agreement,
    goal_code: str,
    scope: Scope,
    user,
    *,
    houses: list[Organisation],
    municipalities: list[Municipality],
    page: str | int = 1,
    sort: str = "",
    today: Date | None = None,
) -> GoalDashboard | None:
    """Return a goal's progress for the scope, with all that lies behind its numbers.

    Each target carries its rows as `attach_progress` gives them (`progress` for the
    chosen house, or all) and, when it counts for the chosen house, `months` (`MonthRow`s
    for the chart).
    Status texts, milestones, effect measurements and activities are those the
    user may read. None when the agreement has no such goal.
    """
    goals = _goal_and_subgoals(agreement, goal_code)
    if not goals:
        return None
    targets = list(
        Target.objects.filter(goal__in=goals)
        .select_related("goal", "house", "parent")
        .order_by("goal__position", "position")
    )
    # A target for one house has no months, municipalities or activities in the other's.
    counting = [target for target in targets if target.is_counting and target.concerns(scope.house)]
    _attach_progress(targets, houses, scope)
    attach_months(agreement, counting, scope, today)
    return GoalDashboard(
        goal=goals[0],
        goals=goals,
        targets=targets,
        counting=counting,
        houses=houses,
        **_inputs(goals, targets, goal_access.visible_among(user, houses)),
        municipalities=_municipality_rows(municipalities, counting, scope, sort),
        activities=_counted_activities(counting, scope, user, page),
        computed=any(target.progress is not None for target in targets),
    )


def _goal_and_subgoals(agreement, goal_code) -> list[Goal]:
    """Return the goal first, then its sub-goals in order; empty when there is no such goal."""
    goals = list(
        Goal.objects.filter(focus_area__agreement=agreement)
        .filter(
            Q(code=goal_code) | Q(parent__code=goal_code, parent__focus_area__agreement=agreement)
        )
        .select_related("focus_area", "parent")
        .order_by("position")
    )
    goal = next((each for each in goals if each.code == goal_code), None)
    if goal is None:
        return []
    return [goal, *(each for each in goals if each is not goal)]


def _inputs(goals, targets, readable) -> dict:
    """Return the status texts, milestones and effect measurements behind the goal's
    figures that the user may read (those of the readable houses)."""
    if not readable:
        return {"status_texts": [], "milestones": [], "effects": []}
    milestones = [target for target in targets if target.kind == Target.Kind.MILESTONE]
    effects = [target for target in targets if target.kind == Target.Kind.EFFECT]
    return {
        "status_texts": list(
            StatusText.objects.filter(goal__in=goals, house__in=readable)
            .select_related("goal__focus_area__agreement", "house", "author")
            .order_by("goal__position", "year", "quarter", "house__name")
        ),
        "milestones": list(
            MilestoneCompletion.objects.filter(target__in=milestones)
            .for_houses(readable)
            .select_related("target", "house")
        )
        if milestones
        else [],
        "effects": list(
            EffectMeasurement.objects.filter(target__in=effects)
            .for_houses(readable)
            .select_related("target", "house")
            .latest_first("target__position")
        )
        if effects
        else [],
    }


def _attach_progress(targets, houses, scope):
    rows = {
        (row.target_id, row.house_id): row
        for row in TargetProgress.objects.filter(target__in=targets)
    }
    chosen = scope.house.pk if scope.house else None
    for target in targets:
        attach_progress(target, rows, houses, chosen)


def _municipality_rows(municipalities, counting, scope, sort):
    """Return a row per municipality of the area, with each counting target's value there.

    With an area chosen, each counting target gets `area_value`: what the area adds to it.
    """
    if not counting:
        return []
    values = defaultdict(Decimal)
    rows = scope.rows(TargetMunicipality.objects.filter(target__in=counting))
    for municipality, target, value in rows.values_list("municipality", "target", "value"):
        values[municipality, target] = value
    rows = [
        MunicipalityRow(
            municipality=municipality,
            values=[values[municipality.pk, target.pk] for target in counting],
        )
        for municipality in scope.municipalities(municipalities)
    ]
    if scope.area is not None:
        for index, target in enumerate(counting):
            target.area_value = sum((row.values[index] for row in rows), Decimal(0))
    return sort_rows(rows, sort, [target.code for target in counting])


def _counted_activities(counting, scope, user, page):
    """Return the page of approved activities that the goal's counting targets count."""
    counted = Q(pk__in=[])  # nothing, for a goal that counts nothing
    for target in counting:
        counted |= Q(pk__in=Activity.objects.counted_by(target).values("pk"))
    activities = visible_activities(user).approved().filter(counted)
    if scope.house is not None:
        activities = activities.filter(house=scope.house)
    activities = scope.in_area(activities).select_related(
        "house", "activity_type", "firm", "municipality"
    )
    return Paginator(activities.order_by("-date", "-pk"), ACTIVITIES_PER_PAGE).get_page(page)


def month_chart(target: Target) -> dict:
    """Return a counting target's cumulative value and pace line by month, for Chart.js.

    A count of whole things is drawn with whole steps on its axis.
    """
    return {
        "kind": "line",
        "whole": target.kind in Target.FIRM_KINDS
        or all(row.cumulative == int(row.cumulative) for row in target.months),
        "labels": [date_format(row.month, "M Y") for row in target.months],
        "series": [
            {
                "label": gettext("Value to date"),
                "data": [float(row.cumulative) for row in target.months],
            },
            {
                "label": gettext("Pace to the target"),
                "data": [None if row.pace is None else float(row.pace) for row in target.months],
                "pace": True,
            },
        ],
    }
