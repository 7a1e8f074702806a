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
from .exports import WorkbookExport
from .rollups import (
    MunicipalityActivity,
    RollupState,
    TargetFirm,
    TargetMonth,
    TargetMunicipality,
    TargetProgress,
)

__all__ = [
    "ACTIVITY_HISTORY",
    "CVR_WEIGHTS",
    "Activity",
    "ActivityQuerySet",
    "ColumnMapping",
    "Evidence",
    "Firm",
    "ImportBatch",
    "MunicipalityActivity",
    "RollupState",
    "TargetFirm",
    "TargetMonth",
    "TargetMunicipality",
    "TargetProgress",
    "WorkbookExport",
    "complete_cvr",
    "evidence_path",
    "validate_cvr",
]
