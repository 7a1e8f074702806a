from .activities import (
    ACTIVITY_HISTORY,
    CVR_WEIGHTS,
    Activity,
    ActivityQuerySet,
    ColumnMapping,
    Evidence,
    Firm,
    ImportBatch,
    complete_cvr,
    evidence_path,
    validate_cvr,
)
from .rollups import RollupState, TargetFirm, TargetMonth, TargetMunicipality, TargetProgress

__all__ = [
    "ACTIVITY_HISTORY",
    "CVR_WEIGHTS",
    "Activity",
    "ActivityQuerySet",
    "ColumnMapping",
    "Evidence",
    "Firm",
    "ImportBatch",
    "RollupState",
    "TargetFirm",
    "TargetMonth",
    "TargetMunicipality",
    "TargetProgress",
    "complete_cvr",
    "evidence_path",
    "validate_cvr",
]
