"""Each target's progress row (TargetProgress), for each house it concerns and for all houses.

A target for one growth house has no row for the other: it is neither shown nor
scored there, so a house's score is over its own targets and can reach 100. Its row
for all houses is that house's. A counting target's value is read from the month
tables; an effect's, a milestone's and a qualitative target's from what managers
enter beside the log. The pace, status and points follow the rules of goals.progress.
"""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Sum

from goals import progress as rules
from goals.models import EffectMeasurement, MilestoneCompletion, StatusText, Target
from reporting.models import TargetMonth, TargetProgress
from reporting.rollups.cells import ALL, NOTHING


def rows(agreement, targets, houses, today) -> list[TargetProgress]:
    """Return TargetProgress rows for the targets, from the month tables and the inputs."""
    share = rules.elapsed_share(agreement.period_start, agreement.period_end, today)
    early = rules.in_first_quarter(agreement.period_start, today)
    all_targets = list(Target.objects.filter(agreement=agreement))
    maxima = {house: rules.house_points(all_targets, house) for house in [*houses, ALL]}
    inputs = _Inputs(agreement, targets)
    return [
        _row(
            target,
            house.pk if house else None,
            inputs,
            share=share,
            early=early,
            maximum=maxima[house][target.pk],
        )
        for target in targets
        for house in [*houses, ALL]
        if target.concerns(house)
    ]


def _row(target, house_id, inputs, *, share, early, maximum):
    value, pending, done_on, status = None, Decimal(0), None, None
    # A target for one house counts that house's figures in its row for all houses too.
    source = target.house_id if house_id is None else house_id
    if target.is_counting:
        value, pending = inputs.totals.get((target.pk, source), NOTHING)
    elif target.kind == Target.Kind.EFFECT:
        value = inputs.effect(target, source)
    elif target.kind == Target.Kind.MILESTONE:
        done_on = inputs.milestone(target, source)
    else:
        status = inputs.qualitative(target, source)
    if status is None:
        status = rules.status(target, value, share, done=done_on is not None, early=early)
    return TargetProgress(
        target=target,
        house_id=house_id,
        value=value,
        pending=pending,
        percentage=rules.percentage(target, value),
        status=status,
        points=rules.points(target, value, maximum, done=done_on is not None),
        max_points=maximum,
        done_on=done_on,
    )


class _Inputs:
    """The counting targets' totals from the month tables, and what managers enter beside the
    log: effect measurements, milestones, status texts.
    """

    def __init__(self, agreement, targets):
        self.totals = {
            (row["target"], row["house"]): (row["value"], row["pending"])
            for row in TargetMonth.objects.filter(target__in=targets)
            .values("target", "house")
            .annotate(value=Sum("value"), pending=Sum("pending"))
            .order_by()
        }
        self.measurements = defaultdict(dict)
        latest = EffectMeasurement.objects.filter(target__agreement=agreement).latest_by_house()
        for (target_id, house_id), measurement in latest.items():
            self.measurements[target_id][house_id] = measurement
        self.milestones = defaultdict(dict)
        for completion in MilestoneCompletion.objects.filter(target__agreement=agreement):
            self.milestones[completion.target_id][completion.house_id] = completion.done_on
        self.texts = defaultdict(dict)
        for text in StatusText.objects.in_agreement(agreement).order_by("quarter"):
            self.texts[text.goal_id][text.house_id] = text.status

    def effect(self, target, house_id):
        latest = self.measurements[target.pk]
        chosen = list(latest.values()) if house_id is None else [latest.get(house_id)]
        chosen = [measurement for measurement in chosen if measurement is not None]
        if not chosen:
            return None
        numerator = sum(measurement.numerator for measurement in chosen)
        denominator = sum(measurement.denominator for measurement in chosen)
        return Decimal(100) * numerator / denominator

    def milestone(self, target, house_id):
        done = self.milestones[target.pk]
        if house_id is None:
            return min(done.values(), default=None)
        return done.get(house_id) or done.get(None)

    def qualitative(self, target, house_id):
        texts = self.texts.get(target.goal_id, {})
        statuses = list(texts.values()) if house_id is None else [texts.get(house_id)]
        statuses = [status for status in statuses if status]
        return rules.goal_status(statuses) if statuses else None
