"""Who may see and change what in reporting: activities and their evidence, firms, ERP
imports and year-end workbooks. Every view asks here, and fetches objects only through
the get-for-user functions below.

- Staff see their own house's activities and change them until they are approved.
- Managers also approve, return, change approved ones, undo a deletion, and import
  their own house's activities from the ERP system.
- Reviewers and administrators read submitted and approved activities of both houses,
  and ask for the year-end workbook (it holds both houses' texts); each workbook is its
  requester's.
- Nobody sees another house's drafts or returned entries; only the house's manager
  sees its deleted ones.

A view answers 404 for what the user may not see and 403 for what they may see but
not change.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from agreement.access import house_of, is_manager, is_manager_of, reads_all_houses
from core.versioning import CONFLICT
from reporting.models import Activity, Evidence, Firm, ImportBatch, StatusReport, WorkbookExport

# -- Activities and evidence ------------------------------------------------------------


def can_log(user) -> bool:
    return house_of(user) is not None


def require_logging(user):
    if not can_log(user):
        raise PermissionDenied(_("Only the growth houses' staff and managers log activities."))


def visible_activities(user, *, deleted=False):
    """Return the activities the user may see: living ones, or (managers) deleted ones."""
    activities = Activity.objects.deleted() if deleted else Activity.objects.alive()
    house = house_of(user)
    if house is not None:
        if deleted and not is_manager(user):
            return activities.none()
        return activities.for_house(house)
    if reads_all_houses(user) and not deleted:
        return activities.shared()
    return activities.none()


def can_see(user, activity) -> bool:
    if activity.is_deleted:
        return is_manager_of(user, activity.house_id)
    if house_of(user) is not None:
        return user.organisation_id == activity.house_id
    return reads_all_houses(user) and activity.status in Activity.SHARED_STATUSES


def can_change(user, activity) -> bool:
    if activity.is_deleted or house_of(user) is None or user.organisation_id != activity.house_id:
        return False
    return is_manager(user) or activity.status != Activity.Status.APPROVED


def can_submit(user, activity) -> bool:
    return can_change(user, activity) and activity.status in (
        Activity.Status.DRAFT,
        Activity.Status.RETURNED,
    )


def can_review(user, activity) -> bool:
    """Approve or return: the house's manager, once the activity is submitted."""
    return (
        not activity.is_deleted
        and is_manager_of(user, activity.house_id)
        and activity.status == Activity.Status.SUBMITTED
    )


def can_restore(user, activity) -> bool:
    return activity.is_deleted and is_manager_of(user, activity.house_id)


RULES = {
    "change": (can_change, _("You cannot change this activity.")),
    "submit": (can_submit, _("This activity cannot be submitted now.")),
    "review": (
        can_review,
        _("Only the house's manager can approve or return a submitted activity."),
    ),
    "delete": (can_change, _("You cannot delete this activity.")),
    "restore": (can_restore, _("Only the house's manager can undo a deletion.")),
}


def get_activity_for_user(user, pk) -> Activity:
    """Return the activity the user may see, or answer 404."""
    activity = get_object_or_404(
        Activity.objects.select_related(
            "agreement", "house", "delivered_in", "activity_type", "firm", "municipality", "author"
        ),
        pk=pk,
    )
    if not can_see(user, activity):
        raise Http404
    return activity


def get_rw_activity_for_user(user, pk, action="change") -> Activity:
    """Return the activity for one of the RULES' actions, or answer 404 or 403."""
    activity = get_activity_for_user(user, pk)
    rule, refusal = RULES[action]
    if not rule(user, activity):
        raise PermissionDenied(refusal)
    return activity


def check_action(user, activity, action, *, version) -> None:
    """Allow one of the RULES' actions on what the user posted from a page showing `version`.

    A user whose page is out of date (someone approved, returned or changed the activity
    since) is told so with the conflict message, as a ValidationError, and keeps what they
    typed; only a user who could not take the action on any version is refused (403).
    """
    rule, refusal = RULES[action]
    if rule(user, activity):
        return
    if (
        version is not None
        and version != activity.version
        and _acts_for_house(user, activity, action)
    ):
        raise ValidationError(CONFLICT, code="conflict")
    raise PermissionDenied(refusal)


def _acts_for_house(user, activity, action) -> bool:
    """Whether the user takes this kind of action on the activity's house's activities."""
    if action in ("review", "restore"):
        return is_manager_of(user, activity.house_id)
    return house_of(user) is not None and user.organisation_id == activity.house_id


def allowed_actions(user, activity) -> set[str]:
    """Return the names of the actions the user may take, for the detail page's buttons:
    none in a year that takes no entries."""
    if not activity.agreement.takes_entries():
        return set()
    return {name for name, (rule, _refusal) in RULES.items() if rule(user, activity)}


def get_evidence_for_user(user, pk, evidence_pk) -> tuple[Activity, Evidence]:
    activity = get_activity_for_user(user, pk)
    return activity, get_object_or_404(Evidence, activity=activity, pk=evidence_pk)


def get_rw_evidence_for_user(user, pk, evidence_pk) -> tuple[Activity, Evidence]:
    activity = get_rw_activity_for_user(user, pk, "change")
    return activity, get_object_or_404(Evidence, activity=activity, pk=evidence_pk)


# -- Firms ------------------------------------------------------------------------------


def can_see_firms(user) -> bool:
    return can_log(user) or reads_all_houses(user)


def get_firm_for_user(user, cvr) -> Firm:
    if not can_see_firms(user):
        raise PermissionDenied
    return get_object_or_404(Firm.objects.select_related("municipality"), cvr=cvr)


def get_rw_firm_for_user(user, cvr) -> Firm:
    firm = get_object_or_404(Firm, cvr=cvr)
    if not can_log(user):
        raise PermissionDenied(_("Only the growth houses' staff and managers change firms."))
    return firm


# -- ERP imports ------------------------------------------------------------------------


def can_import(user) -> bool:
    return is_manager(user)


def require_import(user):
    if not can_import(user):
        raise PermissionDenied(_("Only a growth house's manager imports activities."))


def get_batch_for_user(user, pk) -> ImportBatch:
    """Return the house's import, or answer 403 (not a manager) or 404 (another house's)."""
    require_import(user)
    batch = get_object_or_404(ImportBatch.objects.select_related("house", "uploaded_by"), pk=pk)
    if batch.house_id != user.organisation_id:
        raise Http404
    return batch


# -- Year-end workbooks -----------------------------------------------------------------


def require_workbook_reader(user):
    if not reads_all_houses(user):
        raise PermissionDenied(_("The workbook is for the KKRs' reviewers and administrators."))


def get_workbook_for_user(user, pk) -> WorkbookExport:
    """Return the user's own workbook, or answer 403 (not a reader) or 404."""
    require_workbook_reader(user)
    return get_object_or_404(
        WorkbookExport.objects.select_related("agreement"), pk=pk, requested_by=user
    )


# -- Status reports ---------------------------------------------------------------------


def require_status_report_reader(user):
    if not reads_all_houses(user):
        raise PermissionDenied(
            _("The status report is for the KKRs' reviewers and administrators.")
        )


def get_status_report_for_user(user, pk) -> StatusReport:
    """Return the user's own status report, or answer 403 (not a reader) or 404."""
    require_status_report_reader(user)
    return get_object_or_404(
        StatusReport.objects.select_related("agreement", "kkr"), pk=pk, requested_by=user
    )
