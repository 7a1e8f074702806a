"""The overview: every target's progress for the scope, the headline figures and the score."""

from dataclasses import dataclass
from datetime import date as Date
from decimal import Decimal

from django.db.models import Sum

from agreement.models import Agreement
from goals.models import Progress, Target
from reporting.models import TargetMunicipality
from reporting.rollups.selectors import (
    AgreementProgress,
    Scope,
    agreement_progress,
    goals_by_status,
    pace_share,
)

NEEDS_ATTENTION = {Progress.BEHIND, Progress.AT_RISK}


@dataclass
class Overview:
    progress: AgreementProgress
    scope: Scope
    pace: Decimal
    headline: list[Target]
    score: tuple[Decimal, Decimal]


def overview(
    agreement: Agreement, scope: Scope, *, houses=None, today: Date | None = None
) -> Overview:
    """Return every target's progress for the scope, with the headline figures and the score.

    Each target carries `progress` (its row for the chosen house, or for all), and,
    when an area is chosen, `area_value` and `area_pending`: what the area adds to
    it. An area has no share of a target of its own, so status and points stay
    those of the house or of the whole agreement. Each focus area carries
    `goal_statuses`: (status, number of its goals) for each status it has, best first,
    and `goals_counted`, their sum. Each goal and sub-goal carries `lead_target` (see
    `lead_target`) and `needs_attention`: whether it is behind or at risk.
    """
    progress = agreement_progress(agreement, house=scope.house, houses=houses)
    if scope.area is not None:
        in_area = {
            row["target"]: row
            for row in scope.rows(TargetMunicipality.objects.filter(target__agreement=agreement))
            .values("target")
            .annotate(value=Sum("value"), pending=Sum("pending"))
            .order_by()
        }
        for target in progress.targets:
            if target.is_counting:
                row = in_area.get(target.pk, {})
                target.area_value = row.get("value", Decimal(0))
                target.area_pending = row.get("pending", Decimal(0))
    for focus_area in progress.outline.focus_areas:
        counts = goals_by_status([focus_area])
        focus_area.goal_statuses = [(each, counts[each]) for each in Progress if counts[each]]
        focus_area.goals_counted = counts.total()
        for goal in focus_area.outline_goals:
            for each in [goal, *goal.outline_subgoals]:
                each.lead_target = lead_target(each)
                each.needs_attention = each.progress_status in NEEDS_ATTENTION
    score = dict(progress.house_scores).get(scope.house, progress.score)
    return Overview(
        progress=progress,
        scope=scope,
        pace=pace_share(agreement, today),
        headline=progress.outline.national_targets,
        score=score,
    )


def lead_target(goal) -> Target | None:
    """Return the target that gives the goal its status: the first with the goal's status,
    one with a bar (a threshold) before one with a figure, before one told in status texts.

    A goal takes the least favourable status of its targets, so this is the figure that
    says why it stands where it does. Without a status, the first target so ranked.
    """
    deciding = [
        target
        for target in goal.outline_targets
        if target.progress and target.progress.status == goal.progress_status
    ]
    return min(
        deciding or goal.outline_targets,
        key=lambda target: (target.threshold is None, target.kind == Target.Kind.QUALITATIVE),
        default=None,
    )
