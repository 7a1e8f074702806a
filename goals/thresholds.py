"""The rules a target's threshold keeps, whoever sets it: the agreement file
(goals.agreement_file) and the year-end revision (goals.revision) check with these
functions, and each says a problem in its own words (see agreement/data/FORMAT.md).

- A count, distinct-firms or of-which target: a whole number from 1 to MAX_COUNT. At 0
  the target would show achieved, with all its points, before anything is done.
- An effect: a percentage from 0 to 100, with at most two decimals.
- A milestone or a qualitative target has no threshold.
- An of-which target's threshold is not above the threshold of the target it is a
  subset of.

A threshold may always be left out: the target is then tracked, not scored.
"""

import enum
from decimal import Decimal

from goals.models import Target

MIN_COUNT = 1
MAX_COUNT = 1_000_000
MIN_PERCENTAGE = Decimal(0)
MAX_PERCENTAGE = Decimal(100)
CENTS = Decimal("0.01")


class Problem(enum.Enum):
    NO_THRESHOLD = "no_threshold"  # the kind takes none
    NOT_A_COUNT = "not_a_count"
    NOT_A_PERCENTAGE = "not_a_percentage"


def threshold_problem(kind, value) -> Problem | None:
    """Return what keeps `value` from being the threshold of a target of `kind`, or None.

    `value` is a Decimal; anything else (a text, a bool, a NaN) is no number, and wrong
    for every kind.
    """
    number = value if isinstance(value, Decimal) and value.is_finite() else None
    if kind in Target.COUNTING_KINDS:
        if number is None or not MIN_COUNT <= number <= MAX_COUNT:
            return Problem.NOT_A_COUNT
        return None if number == number.to_integral_value() else Problem.NOT_A_COUNT
    if kind == Target.Kind.EFFECT:
        if number is None or not MIN_PERCENTAGE <= number <= MAX_PERCENTAGE:
            return Problem.NOT_A_PERCENTAGE
        return None if number == number.quantize(CENTS) else Problem.NOT_A_PERCENTAGE
    return Problem.NO_THRESHOLD


def exceeds_parent(threshold, parent_threshold) -> bool:
    """Return whether an of-which target's threshold is above its parent's, where both
    have one."""
    return threshold is not None and parent_threshold is not None and threshold > parent_threshold
