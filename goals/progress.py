"""How far a target has come: pace, status and points. Pure rules; no activity is read here.

- The pace is where a steady year would be by now: the threshold times the share
  of the agreement's period that has passed.
- Status of a target with an "at least N" threshold:
  achieved once the value reaches N; not started while it is 0 in the first
  quarter of the period; on track at 90 % of the pace or more; at risk from
  70 %; behind below that.
- An effect (a measured share) is held against its threshold directly, with the
  same margins, since a share does not build up over the year.
- A milestone is achieved when it is done, behind when the period has ended
  without it, not started before that.
- A target without a threshold is on track once something is counted.
- A goal is achieved only when all its targets are; otherwise it takes the least
  favourable status of its targets (behind, at risk, not started, on track).
- Points: the agreement scores 100 points, shared among its scored targets by
  weight (equal by default). Each growth house scores 100 points of its own, shared
  the same way among the scored targets that concern it: those for the whole
  agreement and those for that house alone, so that each house can reach 100.
  A target earns its share in proportion to how much of its threshold it has
  reached, at most all of it; a milestone all or nothing.
  Targets without a threshold (qualitative, or counts that are only logged) are
  not scored, nor are those the agreement only quotes (`scored: false`, such as
  the national targets, which all five growth houses share).
"""

from datetime import date as Date
from decimal import ROUND_HALF_UP, Decimal

from core.periods import MONTHS_PER_QUARTER, add_months
from goals.models import Progress, Target

ON_TRACK_SHARE = Decimal("0.9")
AT_RISK_SHARE = Decimal("0.7")
# Nothing counted is "not started" in the first quarter of the period, "behind" after it.
NOT_STARTED_UNTIL = Decimal("0.25")
FULL_SCORE = Decimal(100)
# From the least to the most favourable; a goal shows the least favourable of its targets.
ORDER = [
    Progress.BEHIND,
    Progress.AT_RISK,
    Progress.NOT_STARTED,
    Progress.ON_TRACK,
    Progress.ACHIEVED,
]


def elapsed_share(period_start: Date, period_end: Date, today: Date) -> Decimal:
    """Return the share of the period that has passed by the end of today, 0 to 1."""
    days = (period_end - period_start).days + 1
    passed = (today - period_start).days + 1
    return min(Decimal(1), max(Decimal(0), Decimal(passed) / Decimal(days)))


def in_first_quarter(period_start: Date, today: Date) -> bool:
    """Return whether today falls in the period's first quarter (core.periods)."""
    return today < add_months(period_start, MONTHS_PER_QUARTER)


def pace(threshold: Decimal | None, share: Decimal) -> Decimal | None:
    return None if threshold is None else threshold * share


def status(
    target: Target,
    value: Decimal | None,
    share: Decimal,
    *,
    done: bool = False,
    early: bool | None = None,
) -> Progress:
    """Return the status of a counting, effect or milestone target.

    `early` says whether today is in the period's first quarter (in_first_quarter);
    without it, the first quarter is the first quarter of the share.
    """
    if early is None:
        early = share < NOT_STARTED_UNTIL
    if target.kind == Target.Kind.MILESTONE:
        if done:
            return Progress.ACHIEVED
        return Progress.BEHIND if share >= 1 else Progress.NOT_STARTED
    threshold = target.threshold
    if value is None or (value == 0 and (threshold is None or early)):
        return Progress.NOT_STARTED
    if threshold is None:
        return Progress.ON_TRACK
    if value >= threshold:
        return Progress.ACHIEVED
    expected = threshold if target.kind == Target.Kind.EFFECT else threshold * share
    if value >= expected * ON_TRACK_SHARE:
        return Progress.ON_TRACK
    if value >= expected * AT_RISK_SHARE:
        return Progress.AT_RISK
    return Progress.BEHIND


def goal_status(statuses: list[Progress]) -> Progress:
    """Return a goal's status: achieved when all its targets are, else the least favourable."""
    if not statuses:
        return Progress.NOT_STARTED
    return min(statuses, key=ORDER.index)


def is_scored(target: Target) -> bool:
    return target.scored and (target.kind == Target.Kind.MILESTONE or target.threshold is not None)


def max_points(target: Target, total_weight: Decimal) -> Decimal:
    """Return the target's share of the score, to the cent (see shared_points for a set)."""
    if not is_scored(target) or not total_weight:
        return Decimal(0)
    return _round(FULL_SCORE * target.weight / total_weight)


def shared_points(targets) -> list[Decimal]:
    """Return each target's maximum points, in cents that add up to exactly 100.

    Shares are rounded down to the cent and the cents left over go to the largest
    remainders, so that three equal targets get 33.34, 33.33 and 33.33.
    """
    targets = list(targets)
    total_weight = sum((t.weight for t in targets if is_scored(t)), Decimal(0))
    exact = [
        FULL_SCORE * 100 * t.weight / total_weight if is_scored(t) else Decimal(0) for t in targets
    ]
    cents = [int(share) for share in exact]
    left = int(FULL_SCORE * 100) - sum(cents) if total_weight else 0
    by_remainder = sorted(range(len(targets)), key=lambda i: exact[i] - cents[i], reverse=True)
    for index in by_remainder[:left]:
        cents[index] += 1
    return [Decimal(count) / 100 for count in cents]


def house_points(targets, house) -> dict[int, Decimal]:
    """Return the maximum points of each target that concerns the house, by the target's id:
    the house's 100 points shared among them (all houses' among every target, for None).
    """
    concerned = [target for target in targets if target.concerns(house)]
    return dict(zip([target.pk for target in concerned], shared_points(concerned), strict=True))


def points(target: Target, value: Decimal | None, maximum: Decimal, *, done=False) -> Decimal:
    """Return the points earned: the reached share of the threshold, at most all of it."""
    if not maximum:
        return Decimal(0)
    if target.kind == Target.Kind.MILESTONE:
        return maximum if done else Decimal(0)
    if not target.threshold:
        return maximum  # nothing is required
    if not value:
        return Decimal(0)
    return _round(maximum * min(Decimal(1), Decimal(value) / target.threshold))


def percentage(target: Target, value: Decimal | None) -> Decimal | None:
    """Return the value as a percentage of the threshold (the measured share for an effect)."""
    if value is None:
        return None
    if target.kind == Target.Kind.EFFECT:
        return _round(value)
    if not target.threshold:
        return None
    return _round(Decimal(100) * Decimal(value) / target.threshold)


def _round(value: Decimal) -> Decimal:
    return Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
