from goals.models.inputs import (
    EFFECT_MEASUREMENT_MONTHS_AFTER,
    QUARTERS,
    EffectMeasurement,
    MilestoneCompletion,
    Progress,
    StatusText,
    format_quarter,
)
from goals.models.revision import AgreementRevision
from goals.models.structure import ActivityType, Goal, Target

__all__ = [
    "AgreementRevision",
    "EFFECT_MEASUREMENT_MONTHS_AFTER",
    "QUARTERS",
    "ActivityType",
    "EffectMeasurement",
    "Goal",
    "MilestoneCompletion",
    "Progress",
    "StatusText",
    "Target",
    "format_quarter",
]
