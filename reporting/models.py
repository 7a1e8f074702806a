"""The app's models, defined by concern in its sub-packages and gathered here for Django."""

from reporting.activities.models import (
    ACTIVITY_HISTORY,
    CVR_WEIGHTS,
    Activity,
    ActivityQuerySet,
    Evidence,
    Firm,
    PendingUpload,
    complete_cvr,
    evidence_path,
    validate_cvr,
)
from reporting.erp_import.models import ColumnMapping, ImportBatch
from reporting.notices.models import Notice, NoticeSettings, TargetStatusSeen
from reporting.rollups.models import (
    MunicipalityActivity,
    Recount,
    RollupState,
    TargetFirm,
    TargetMonth,
    TargetMunicipality,
    TargetProgress,
)
from reporting.status_report.models import StatusReport
from reporting.workbook.models import WorkbookExport

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
    "Notice",
    "NoticeSettings",
    "PendingUpload",
    "Recount",
    "RollupState",
    "StatusReport",
    "TargetFirm",
    "TargetMonth",
    "TargetMunicipality",
    "TargetProgress",
    "TargetStatusSeen",
    "WorkbookExport",
    "complete_cvr",
    "evidence_path",
    "validate_cvr",
]
