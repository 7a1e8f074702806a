"""Writes to the activity log. Each runs in one transaction and saves all or nothing.

A change is based on the version of the activity or firm the user saw; when
someone else saved in between, the service refuses with CONFLICT and the other
change stays.
"""

from collections.abc import Iterable, Sequence
from datetime import date as Date
from decimal import Decimal
from uuid import UUID

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agreement.models import Agreement, Municipality, Organisation, User
from core import rollup_queue, tasks
from core.versioning import CONFLICT, save_version
from goals.models import ActivityType, Goal
from reporting.activities import uploads
from reporting.activities.selectors import activity_made_by_form, default_goals
from reporting.models import ACTIVITY_HISTORY, Activity, Firm, PendingUpload
from reporting.rollups import services as rollups


@transaction.atomic
def firm_create(*, cvr: str, name: str, municipality: Municipality, sector: str = "", user: User):
    firm = Firm(cvr=cvr.strip(), name=name.strip(), municipality=municipality, sector=sector)
    firm.full_clean()
    save_version(firm, version=None, user=user)
    return firm


@transaction.atomic
def firm_update(*, firm: Firm, version: int, user: User, **fields) -> Firm:
    municipality_id = firm.municipality_id
    for name, value in fields.items():
        setattr(firm, name, value)
    firm.full_clean()
    save_version(firm, version=version, user=user)
    if firm.municipality_id != municipality_id:
        # The firm's municipality places it in the distinct-firm roll-ups.
        for agreement_id in set(firm.activities.values_list("agreement", flat=True)):
            rollup_queue.queue_full(agreement_id)
    return firm


def _saved_firm(firm, *, user):
    """Return the firm, created first where the form gave a new one (not yet saved).

    Two people may type in the same new firm at once: whoever saves second gets the firm
    the first one created, so that both activities are saved with one firm.
    """
    if firm is None or firm.pk is not None:
        return firm
    if existing := Firm.objects.filter(cvr=firm.cvr).first():
        return existing
    try:
        return firm_create(
            cvr=firm.cvr,
            name=firm.name,
            municipality=firm.municipality,
            sector=firm.sector,
            user=user,
        )
    except ValidationError:
        # Created by someone else since the check above (the unique CVR refused ours).
        if existing := Firm.objects.filter(cvr=firm.cvr).first():
            return existing
        raise


def _save_activity(activity, *, goals, version, user, reason):
    """Save the activity and its goals as one history entry."""
    created = activity.pk is None
    activity.skip_history_when_saving = True
    try:
        save_version(activity, version=version, user=user, reason=reason)
        if goals is not None:
            activity.goals.set(goals)
    finally:
        del activity.skip_history_when_saving
    # A public method of the library, called here rather than from its signals so
    # that the goals set after the save are in the same entry.
    ACTIVITY_HISTORY.create_historical_record(activity, "+" if created else "~")


@transaction.atomic
def activity_create(
    *,
    agreement: Agreement,
    house: Organisation,
    author: User,
    activity_type: ActivityType,
    date: Date,
    firm: Firm | None = None,
    goals: Iterable[Goal] | None = None,
    municipality: Municipality | None = None,
    delivered_in: Organisation | None = None,
    quantity: Decimal | int = 1,
    participants: int | None = None,
    description: str = "",
    files: Sequence[UploadedFile] = (),
    links: Sequence[str] = (),
    pending: Sequence[PendingUpload] = (),
    submit: bool = False,
    status: str = Activity.Status.DRAFT,
    reason: str = "",
    form_key: UUID | None = None,
) -> Activity:
    """Log an activity. A new firm (not yet saved) is created with it.

    With no goals given, the goals of the targets that count its type are filled in.
    A form's one-time key makes the same form posted again answer with the activity it
    made the first time, unchanged.
    """
    if form_key is not None and (made := activity_made_by_form(author, form_key)):
        return made
    agreement.check_takes_entries()
    firm = _saved_firm(firm, user=author)
    if submit and status == Activity.Status.DRAFT:
        status = Activity.Status.SUBMITTED
    activity = Activity(
        agreement=agreement,
        house=house,
        author=author,
        activity_type=activity_type,
        date=date,
        firm=firm,
        municipality=municipality or (firm.municipality if firm else None),
        delivered_in=delivered_in,
        quantity=quantity,
        participants=participants,
        description=description.strip(),
        status=status,
        form_key=form_key,
    )
    # The key is ours, not the user's: a second post of the form is answered below.
    activity.full_clean(exclude=["form_key"])
    if goals is None:
        goals = default_goals(agreement, activity_type, house=house)
    _check_goals(activity, goals)
    try:
        _save_activity(activity, goals=goals, version=None, user=author, reason=reason)
    except ValidationError:
        # The same form, posted twice at once, was saved by the other request meanwhile:
        # answer with its activity, and undo what this one did (a firm it created).
        if form_key is not None and (made := activity_made_by_form(author, form_key)):
            transaction.set_rollback(True)
            return made
        raise
    uploads.add_evidence(activity, user=author, files=files, links=links, pending=pending)
    rollup_queue.queue_update(activity.agreement_id, [rollups.activity_key(activity)])
    return activity


def _check_goals(activity, goals):
    """Refuse goals of another agreement, and goals that only concern the other house."""
    goals = list(goals)
    if any(goal.focus_area.agreement_id != activity.agreement_id for goal in goals):
        raise ValidationError({"goals": _("Choose goals of this agreement.")})
    concerning = set(
        Goal.objects.filter(pk__in=[goal.pk for goal in goals])
        .concerning(activity.house)
        .values_list("pk", flat=True)
    )
    refused = [goal for goal in goals if goal.pk not in concerning]
    if refused:
        raise ValidationError(
            {
                "goals": [
                    _("Goal %(goal)s only concerns the other growth house, not %(house)s.")
                    % {"goal": goal.label, "house": activity.house.name}
                    for goal in refused
                ]
            }
        )


@transaction.atomic
def activity_update(
    *,
    activity: Activity,
    user: User,
    version: int,
    goals: Iterable[Goal] | None = None,
    files: Sequence[UploadedFile] = (),
    links: Sequence[str] = (),
    pending: Sequence[PendingUpload] = (),
    submit: bool = False,
    reason: str = "",
    **fields,
) -> Activity:
    """Change the activity's fields; files and links are added to its evidence.

    With submit, a draft or returned activity is submitted in the same save.
    """
    activity.agreement.check_takes_entries()
    before = rollups.activity_key(activity)
    if submit and activity.status in (Activity.Status.DRAFT, Activity.Status.RETURNED):
        fields.update(status=Activity.Status.SUBMITTED, return_reason="")
        reason = reason or Activity.Change.SUBMITTED
    if "firm" in fields:
        fields["firm"] = _saved_firm(fields["firm"], user=user)
    for name, value in fields.items():
        setattr(activity, name, value)
    if activity.municipality_id is None and activity.firm is not None:
        activity.municipality = activity.firm.municipality
    if "description" in fields:
        activity.description = activity.description.strip()
    activity.full_clean()
    if goals is not None:
        goals = list(goals)
        _check_goals(activity, goals)
    _save_activity(activity, goals=goals, version=version, user=user, reason=reason)
    uploads.add_evidence(activity, user=user, files=files, links=links, pending=pending)
    rollup_queue.queue_update(activity.agreement_id, [before, rollups.activity_key(activity)])
    return activity


def _change_status(activity, *, user, version, allowed_from, to, reason, **fields):
    activity.agreement.check_takes_entries()
    if version != activity.version:
        # Acted on a page shown before someone else changed the activity.
        raise ValidationError(CONFLICT, code="conflict")
    if activity.status not in allowed_from:
        raise ValidationError(
            _("The activity is %(status)s, so this is not possible now.")
            % {"status": activity.get_status_display().lower()}
        )
    activity.status = to
    for name, value in fields.items():
        setattr(activity, name, value)
    activity.full_clean()
    save_version(activity, version=version, user=user, reason=reason)
    rollup_queue.queue_update(activity.agreement_id, [rollups.activity_key(activity)])
    return activity


@transaction.atomic
def activity_submit(*, activity: Activity, user: User, version: int) -> Activity:
    return _change_status(
        activity,
        user=user,
        version=version,
        allowed_from=(Activity.Status.DRAFT, Activity.Status.RETURNED),
        to=Activity.Status.SUBMITTED,
        reason=Activity.Change.SUBMITTED,
        return_reason="",
    )


@transaction.atomic
def activity_approve(*, activity: Activity, user: User, version: int) -> Activity:
    return _change_status(
        activity,
        user=user,
        version=version,
        allowed_from=(Activity.Status.SUBMITTED,),
        to=Activity.Status.APPROVED,
        reason=Activity.Change.APPROVED,
    )


@transaction.atomic
def activity_return(*, activity: Activity, user: User, version: int, reason: str) -> Activity:
    if not reason.strip():
        raise ValidationError({"return_reason": _("Say why the activity is returned.")})
    activity = _change_status(
        activity,
        user=user,
        version=version,
        allowed_from=(Activity.Status.SUBMITTED,),
        to=Activity.Status.RETURNED,
        reason=Activity.Change.RETURNED,
        return_reason=reason.strip(),
    )
    # The author is told at once, in the portal and by e-mail (reporting/notices).
    tasks.delay_on_commit("reporting.notify_activity_returned", activity.pk, activity.version)
    return activity


@transaction.atomic
def activity_delete(*, activity: Activity, user: User, version: int) -> Activity:
    """Delete softly: the activity leaves every list and count until a manager restores it."""
    activity.agreement.check_takes_entries()
    if activity.is_deleted:
        raise ValidationError(_("The activity is already deleted."))
    activity.deleted_at = timezone.now()
    save_version(activity, version=version, user=user, reason=Activity.Change.DELETED)
    rollup_queue.queue_update(activity.agreement_id, [rollups.activity_key(activity)])
    return activity


@transaction.atomic
def activity_restore(*, activity: Activity, user: User, version: int) -> Activity:
    activity.agreement.check_takes_entries()
    if not activity.is_deleted:
        raise ValidationError(_("The activity is not deleted."))
    activity.deleted_at = None
    save_version(activity, version=version, user=user, reason=Activity.Change.RESTORED)
    rollup_queue.queue_update(activity.agreement_id, [rollups.activity_key(activity)])
    return activity
