from collections import defaultdict
from dataclasses import dataclass

from agreement.models import Agreement, FocusArea, Organisation

from .models import Goal, Target


@dataclass
class Outline:
    """The agreement as its readers know it: focus areas → goals → sub-goals → targets."""

    focus_areas: list[FocusArea]
    national_targets: list[Target]


def agreement_outline(agreement: Agreement) -> Outline:
    """Return the agreement's outline in the agreement's order, in four queries whatever its size.

    Each focus area carries `outline_goals` (its goals without a parent), and each
    goal its `outline_subgoals` and `outline_targets`.
    """
    targets_by_goal = defaultdict(list)
    targets = (
        Target.objects.filter(agreement=agreement)
        .select_related("parent", "house")
        .prefetch_related("activity_types")
        .order_by("position")
    )
    for target in targets:
        targets_by_goal[target.goal_id].append(target)

    goals = Goal.objects.filter(focus_area__agreement=agreement).order_by("position")
    goals_by_parent = defaultdict(list)
    for goal in goals:
        goal.outline_targets = targets_by_goal[goal.pk]
        goals_by_parent[goal.parent_id, goal.focus_area_id].append(goal)
    for goal in goals:
        goal.outline_subgoals = goals_by_parent[goal.pk, goal.focus_area_id]

    focus_areas = list(agreement.focus_areas.all())
    for focus_area in focus_areas:
        focus_area.outline_goals = goals_by_parent[None, focus_area.pk]
    return Outline(focus_areas=focus_areas, national_targets=targets_by_goal[None])


def agreement_parties(agreement: Agreement):
    """Return the growth houses and the KKRs, each KKR with its municipalities."""
    parties = agreement.parties.select_related("region").prefetch_related("municipalities")
    return {
        "growth_houses": [p for p in parties if p.kind == Organisation.Kind.GROWTH_HOUSE],
        "kkrs": [p for p in parties if p.kind == Organisation.Kind.KKR],
    }
