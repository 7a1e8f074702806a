from .inputs import (
    EFFECT_MEASUREMENT_MONTHS_AFTER,
    QUARTERS,
    EffectMeasurement,
    MilestoneCompletion,
    Progress,
    StatusText,
    format_quarter,
)
from .structure import ActivityType, Goal, Target, TargetQuerySet

__all__ = [
    "EFFECT_MEASUREMENT_MONTHS_AFTER",
    "QUARTERS",
    "ActivityType",
    "EffectMeasurement",
    "Goal",
    "MilestoneCompletion",
    "Progress",
    "StatusText",
    "Target",
    "TargetQuerySet",
    "format_quarter",
]
