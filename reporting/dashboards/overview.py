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
    and `goals_counted`, their sum.
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
    score = dict(progress.house_scores).get(scope.house, progress.score)
    return Overview(
        progress=progress,
        scope=scope,
        pace=pace_share(agreement, today),
        headline=progress.outline.national_targets,
        score=score,
    )
