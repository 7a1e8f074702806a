"""The revision's writes: an upload kept for its preview, and its confirmation, which makes
next year's draft agreement.

The draft is this year's agreement copied whole (parties, reference figures, focus areas,
goals with their sub-goals and numbering, targets with their fields and activity types),
with the thresholds the KKRs revised and each row's comment kept on its target. Progress
inputs (status texts, measurements, milestones) belong to their year and stay.
"""

import re
import uuid
from datetime import date as Date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from agreement.models import Agreement, ReferenceFigure, User
from core import rollup_queue, spreadsheets, tasks
from goals.models import AgreementRevision, Goal, RevisionUpload, Target
from goals.revision import selectors
from goals.revision.reading import RevisedRow, read_revision


@transaction.atomic
def revision_upload(*, agreement: Agreement, user: User, upload) -> AgreementRevision:
    """Read the upload's Revision sheet and keep its rows for the preview; nothing else is
    written. A refused file or wrong rows raise ValidationError ({"file"} or {"rows"})."""
    _refuse_if_next_year_exists(agreement)
    rows = read_revision(upload, agreement=agreement)
    revision = AgreementRevision(
        agreement=agreement,
        uploaded_by=user,
        file_name=(upload.name or "")[-255:],
        rows=[row.as_json() for row in rows],
    )
    revision.full_clean()
    revision.save()
    return revision


def _refuse_if_next_year_exists(agreement):
    existing = selectors.next_agreement(agreement)
    if existing is not None:
        raise ValidationError(
            selectors.next_year_exists_message(agreement, existing), code="exists"
        )


@transaction.atomic
def revision_upload_request(
    *, agreement: Agreement, user: User, upload, language: str | None = None
) -> RevisionUpload:
    """Check what the file is (its size, first bytes and zip directory) and keep it; Celery
    reads it once this commits (revision_upload_read). A refused file raises
    ValidationError {"file": [...]}."""
    _refuse_if_next_year_exists(agreement)
    try:
        spreadsheets.check_workbook(upload, max_size=settings.REVISION_MAX_FILE_SIZE)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from None
    job = RevisionUpload(
        agreement=agreement,
        uploaded_by=user,
        file_name=(upload.name or "")[-255:],
        language=language or translation.get_language() or "da",
    )
    upload.seek(0)
    job.file.save(f"{uuid.uuid4().hex}.xlsx", upload, save=False)
    job.save()
    tasks.delay_on_commit("goals.read_revision_upload", job.pk)
    return job


def revision_upload_read(job: RevisionUpload) -> None:
    """Read the kept file into a revision, or keep why it is refused; then delete the file."""
    RevisionUpload.objects.filter(pk=job.pk).update(status=RevisionUpload.Status.RUNNING)
    revision, problems = None, {}
    with translation.override(job.language):
        try:
            with job.file.open("rb") as handle:
                revision = revision_upload(
                    agreement=job.agreement,
                    user=job.uploaded_by,
                    upload=File(handle, job.file_name),
                )
        except FileNotFoundError:
            problems = {"file": [_("The uploaded file is no longer there. Upload it again.")]}
        except ValidationError as error:
            problems = (
                error.message_dict if hasattr(error, "error_dict") else {"file": error.messages}
            )
    if job.file:
        job.file.delete(save=False)
    RevisionUpload.objects.filter(pk=job.pk).update(
        file="",
        revision=revision,
        problems=problems,
        status=RevisionUpload.Status.FAILED if problems else RevisionUpload.Status.DONE,
    )


def revision_apply(*, revision: AgreementRevision, user: User) -> Agreement:
    """Create next year's draft agreement from the revision, in one transaction; a revision
    is applied once, and a stale one (the agreement changed, or next year's exists) not at all."""
    try:
        with transaction.atomic():
            # The first confirmation takes the revision; a second one waits, then finds it applied.
            locked = (
                AgreementRevision.objects.select_for_update()
                .select_related("agreement")
                .get(pk=revision.pk)
            )
            if locked.is_applied:
                raise ValidationError(_("This revision is already applied."), code="applied")
            source = locked.agreement
            rows = selectors.revised_rows(locked)
            targets = selectors.agreement_targets(source)
            problems = selectors.stale_problems(source, rows, targets)
            if problems:
                raise ValidationError(problems, code="stale")
            draft = _copy_agreement(source, rows, user=user, reason=f"revision {locked.pk}")
            locked.status = AgreementRevision.Status.APPLIED
            locked.applied_at = timezone.now()
            locked.applied_by = user
            locked.created_agreement = draft
            locked.save()
            rollup_queue.queue_full(draft.pk)
    except IntegrityError:
        # Another revision of the same agreement made next year's draft meanwhile.
        raise ValidationError(
            _("Next year's agreement was created meanwhile; nothing of this revision is saved."),
            code="exists",
        ) from None
    revision.refresh_from_db()
    return draft


# A year, and the year its period ends in where that is another: 2018, 2020/21, 2020-2021.
TITLE_YEARS = re.compile(r"(?<!\d)(\d{4})(?:(\s*[/–-]\s*)(\d{4}|\d{2}))?(?!\d)")


def next_title(agreement: Agreement) -> str:
    """Return next year's title: each year of the agreement's period in the title moved on a
    year ("Regional aftale 2018" → "… 2019", "… 2020/21" → "… 2021/22"), else next year's
    period added."""
    start, end = agreement.period_start.year, agreement.period_end.year
    years = {agreement.year, *range(start, end + 1)}

    def moved_on(match):
        first, between, second = match.groups()
        if int(first) not in years:
            return match.group()
        if second is None:
            return str(int(first) + 1)
        width = len(second)  # 2021 or 21
        if int(second) in {year % 10**width for year in years}:
            second = f"{(int(second) + 1) % 10**width:0{width}d}"
        return f"{int(first) + 1}{between}{second}"

    title = TITLE_YEARS.sub(moved_on, agreement.title)
    if title != agreement.title:
        return title
    period = str(start + 1) if start == end else f"{start + 1}/{(end + 1) % 100:02d}"
    return f"{agreement.title} {period}"


def _next_year(day: Date) -> Date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def _copy(instance, *, user, reason, **changes):
    """Save a copy of the instance, with every field of its own but the changes; the version
    starts afresh."""
    model = type(instance)
    copy = model()
    for field in model._meta.concrete_fields:
        if field.primary_key or field.name == "version":
            continue
        setattr(copy, field.attname, getattr(instance, field.attname))
    for name, value in changes.items():
        setattr(copy, name, value)
    copy.full_clean()
    copy._history_user = user
    copy._change_reason = reason
    copy.save()
    return copy


def _copy_agreement(source: Agreement, rows: list[RevisedRow], *, user, reason) -> Agreement:
    agreement = _copy(
        source,
        user=user,
        reason=reason,
        year=source.year + 1,
        title=next_title(source),
        period_start=_next_year(source.period_start),
        period_end=_next_year(source.period_end),
        agreed_on=None,
        status=Agreement.Status.DRAFT,
        continues=source,
    )
    agreement.parties.set(source.parties.all())

    for figure in ReferenceFigure.objects.filter(agreement=source):
        _copy(figure, user=user, reason=reason, agreement=agreement)

    focus_areas = {
        focus_area.pk: _copy(focus_area, user=user, reason=reason, agreement=agreement)
        for focus_area in source.focus_areas.all()
    }

    goals = {}
    # Goals before their sub-goals (sub-goals go one level deep).
    source_goals = Goal.objects.filter(focus_area__agreement=source).order_by("position")
    for goal in sorted(source_goals, key=lambda goal: goal.parent_id is not None):
        goals[goal.pk] = _copy(
            goal,
            user=user,
            reason=reason,
            focus_area=focus_areas[goal.focus_area_id],
            parent=goals[goal.parent_id] if goal.parent_id else None,
        )

    by_code = {row.code: row for row in rows}
    pending = list(
        Target.objects.filter(agreement=source)
        .prefetch_related("activity_types")
        .order_by("goal__position", "position")
    )
    targets = {}
    # Each of-which target after the target it is a subset of.
    while pending:
        ready = [t for t in pending if t.parent_id is None or t.parent_id in targets]
        if not ready:  # the model refuses such a loop; never loop for ever on one
            raise RuntimeError("The targets' of-which links go round in a circle.")
        for target in ready:
            row = by_code[target.code]
            copy = _copy(
                target,
                user=user,
                reason=reason,
                agreement=agreement,
                goal=goals[target.goal_id] if target.goal_id else None,
                parent=targets[target.parent_id] if target.parent_id else None,
                threshold=row.new_threshold,
                revision_comment=row.comment,
            )
            copy.activity_types.set(target.activity_types.all())
            targets[target.pk] = copy
        pending = [t for t in pending if t.pk not in targets]
    return agreement
