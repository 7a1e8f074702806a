"""Evidence of an activity (files and links), and the files kept for a form across its
errors: their services. What a file must be is checked in reporting.activities.evidence."""

from collections.abc import Iterable, Sequence
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from agreement.models import User
from reporting.activities.evidence import check_evidence_file, check_evidence_link
from reporting.models import Evidence, PendingUpload

MAX_EVIDENCE_PER_ACTIVITY = 20


def add_evidence(activity, *, user, files, links, pending=()):
    files, links = list(files), [link.strip() for link in links if link.strip()]
    pending = list(pending)
    if not files and not links and not pending:
        return
    errors = {}
    content_types = []
    for upload in files:
        try:
            content_types.append(check_evidence_file(upload))
        except ValidationError as error:
            errors.setdefault("files", []).extend(error.messages)
    for link in links:
        try:
            check_evidence_link(link)
        except ValidationError as error:
            errors.setdefault("links", []).extend(error.messages)
    added = len(files) + len(links) + len(pending)
    if activity.evidence.count() + added > MAX_EVIDENCE_PER_ACTIVITY:
        errors.setdefault("files", []).append(
            _("An activity has at most %(count)d files and links.")
            % {"count": MAX_EVIDENCE_PER_ACTIVITY}
        )
    if errors:
        raise ValidationError(errors)
    for upload, content_type in zip(files, content_types, strict=True):
        _save_evidence(activity, user, upload.name, content_type, upload.size, upload)
    for upload in pending:
        # Checked when it was kept (pending_uploads_update); moved into the evidence.
        with upload.file.open("rb") as content:
            _save_evidence(
                activity, user, upload.file_name, upload.content_type, upload.size, content
            )
        _delete_pending(upload)
    for link in links:
        evidence = Evidence(activity=activity, url=link, added_by=user)
        evidence._history_user = user
        evidence.save()


def _save_evidence(activity, user, name, content_type, size, content):
    evidence = Evidence(
        activity=activity,
        file_name=name[-255:],
        content_type=content_type,
        size=size,
        added_by=user,
    )
    evidence.file.save(name, content, save=False)
    evidence._history_user = user
    evidence.save()


def _delete_pending(upload):
    """Delete the pending upload, and its file once the deletion is committed."""
    storage, name = upload.file.storage, upload.file.name
    upload.delete()
    transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def pending_uploads_update(
    *, user: User, form_key, keep: Iterable[int], files: Sequence[UploadedFile]
) -> tuple[list[PendingUpload], list[str]]:
    """Keep the files sent with a form across its errors, so that none has to be sent again.

    The form's kept files that the user did not keep (`keep`, their ids) are removed; each
    new file that passes the evidence checks is kept. Return the form's kept files and why
    each refused file was refused.
    """
    kept = PendingUpload.objects.of_form(user=user, form_key=form_key)
    keep = set(keep)
    for upload in kept:
        if upload.pk not in keep:
            _delete_pending(upload)
    refusals = []
    for upload in files:
        try:
            content_type = check_evidence_file(upload)
        except ValidationError as error:
            refusals.extend(error.messages)
            continue
        pending = PendingUpload(
            form_key=form_key,
            owner=user,
            file_name=upload.name[-255:],
            content_type=content_type,
            size=upload.size,
        )
        pending.file.save(upload.name, upload, save=False)
        pending.save()
    return list(PendingUpload.objects.of_form(user=user, form_key=form_key)), refusals


@transaction.atomic
def pending_uploads_clean(*, before: datetime) -> int:
    """Remove the files kept for forms that were never saved, kept before the time."""
    old = list(PendingUpload.objects.filter(uploaded_at__lt=before))
    for upload in old:
        _delete_pending(upload)
    return len(old)


@transaction.atomic
def evidence_remove(*, evidence: Evidence, user: User) -> None:
    """Remove a file or link; its history keeps who removed it, and what it was called.

    The file leaves the storage once the removal is committed (a removal rolled back
    keeps it): a removed file is offered to no one any more.
    """
    evidence.activity.agreement.check_takes_entries()
    evidence._history_user = user
    stored = evidence.file
    evidence.delete()
    if stored:
        transaction.on_commit(lambda: stored.storage.delete(stored.name), robust=True)
