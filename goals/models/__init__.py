from goals.models.effects import EFFECT_MEASUREMENT_MONTHS_AFTER, EffectMeasurement
from goals.models.inputs import Progress
from goals.models.milestones import MilestoneCompletion
from goals.models.revision import AgreementRevision, RevisionUpload
from goals.models.status_texts import StatusText
from goals.models.structure import ActivityType, Goal, Target

__all__ = [
    "AgreementRevision",
    "EFFECT_MEASUREMENT_MONTHS_AFTER",
    "ActivityType",
    "EffectMeasurement",
    "Goal",
    "MilestoneCompletion",
    "Progress",
    "RevisionUpload",
    "StatusText",
    "Target",
]
