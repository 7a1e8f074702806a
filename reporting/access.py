"""Who may see and change which activities: every view of the activity log asks here.

- Staff see their own house's activities and change them until they are approved.
- Managers also approve, return, change approved ones, and undo a deletion.
- Reviewers and administrators read submitted and approved activities of both houses.
- Nobody sees another house's drafts or returned entries; only the house's manager
  sees its deleted ones.

A view answers 404 for what the user may not see and 403 for what they may see but
not change.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from agreement.models import User
from reporting.models import Activity, Evidence

HOUSE_ROLES = (User.Role.STAFF, User.Role.MANAGER)
READER_ROLES = (User.Role.REVIEWER, User.Role.ADMINISTRATOR)


def house_of(user):
    """Return the growth house the user works for, or None."""
    if user.is_authenticated and user.role in HOUSE_ROLES:
        return user.organisation
    return None


def is_manager_of(user, house_id):
    return user.role == User.Role.MANAGER and user.organisation_id == house_id


def reads_all_houses(user):
    return user.is_authenticated and (user.role in READER_ROLES or user.is_superuser)


def can_log(user):
    return house_of(user) is not None


def can_see_firms(user):
    return can_log(user) or reads_all_houses(user)


def visible_activities(user, *, deleted=False):
    """Return the activities the user may see: living ones, or (managers) deleted ones."""
    activities = Activity.objects.deleted() if deleted else Activity.objects.alive()
    house = house_of(user)
    if house is not None:
        if deleted and user.role != User.Role.MANAGER:
            return activities.none()
        return activities.for_house(house)
    if reads_all_houses(user) and not deleted:
        return activities.shared()
    return activities.none()


def can_see(user, activity):
    if activity.is_deleted:
        return is_manager_of(user, activity.house_id)
    if house_of(user) is not None:
        return user.organisation_id == activity.house_id
    return reads_all_houses(user) and activity.status in Activity.SHARED_STATUSES


def can_change(user, activity):
    if activity.is_deleted or user.organisation_id != activity.house_id:
        return False
    if user.role == User.Role.MANAGER:
        return True
    return user.role == User.Role.STAFF and activity.status != Activity.Status.APPROVED


def can_submit(user, activity):
    return can_change(user, activity) and activity.status in (
        Activity.Status.DRAFT,
        Activity.Status.RETURNED,
    )


def can_review(user, activity):
    """Approve or return: the house's manager, once the activity is submitted."""
    return (
        not activity.is_deleted
        and is_manager_of(user, activity.house_id)
        and activity.status == Activity.Status.SUBMITTED
    )


def can_restore(user, activity):
    return activity.is_deleted and is_manager_of(user, activity.house_id)


RULES = {
    "view": (can_see, None),
    "change": (can_change, _("You cannot change this activity.")),
    "submit": (can_submit, _("This activity cannot be submitted now.")),
    "review": (
        can_review,
        _("Only the house's manager can approve or return a submitted activity."),
    ),
    "delete": (can_change, _("You cannot delete this activity.")),
    "restore": (can_restore, _("Only the house's manager can undo a deletion.")),
}


def get_activity(user, pk, action="view"):
    """Return the activity for the action, or answer 404 (not visible) or 403 (not allowed)."""
    activity = get_object_or_404(
        Activity.objects.select_related(
            "agreement", "house", "delivered_in", "activity_type", "firm", "municipality", "author"
        ),
        pk=pk,
    )
    if not can_see(user, activity):
        raise Http404
    rule, refusal = RULES[action]
    if not rule(user, activity):
        raise PermissionDenied(refusal)
    return activity


def get_evidence(user, pk, evidence_pk, action="view"):
    activity = get_activity(user, pk, action)
    evidence = get_object_or_404(Evidence, activity=activity, pk=evidence_pk)
    return activity, evidence


def allowed_actions(user, activity):
    """Return the names of the actions the user may take, for the detail page's buttons."""
    return {name for name, (rule, _refusal) in RULES.items() if rule(user, activity)}
