"""The year-end revision: upload the filled-in workbook, preview, confirm, and the new draft."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from agreement.access import get_agreement_for_user, role_required
from core.uploads import say_dropped_files, upload_limit
from goals import access
from goals.models import AgreementRevision, Goal, RevisionUpload
from goals.revision import layout, selectors, services
from goals.revision.forms import RevisionUploadForm

RECENT_REVISIONS = 10
# An upload lists this many row messages; a hostile file may have many more.
SHOWN_ERRORS = 200


@upload_limit("REVISION_MAX_FILE_SIZE")
@role_required
def revision_upload(request, year):
    access.require_revise(request.user)
    agreement = get_agreement_for_user(request.user, year)
    # Bound on every POST: a post with no file is an error to show, not an empty form.
    posted = request.method == "POST"
    form = RevisionUploadForm(request.POST if posted else None, request.FILES if posted else None)
    row_errors = []
    if posted and form.is_valid():
        try:
            job = services.revision_upload_request(
                agreement=agreement,
                user=request.user,
                upload=form.cleaned_data["file"],
                language=get_language(),
            )
        except ValidationError as error:
            row_errors = _show_refusal(form, error)
        else:
            return redirect(job)
    say_dropped_files(request, form, "file")
    return _upload_page(request, agreement, form, row_errors)


def _upload_page(request, agreement, form, row_errors):
    existing = selectors.next_agreement(agreement)
    context = {
        "agreement": agreement,
        "next_year": agreement.year + 1,
        "existing": existing,
        "exists_message": existing and selectors.next_year_exists_message(agreement, existing),
        "form": form,
        "row_errors": row_errors[:SHOWN_ERRORS],
        "more_errors": max(len(row_errors) - SHOWN_ERRORS, 0),
        "headers": layout.headers(agreement.year),
        "checked_columns": layout.column_names(layout.CHECKED_COLUMNS, agreement.year),
        "ignored_columns": layout.ignored_columns_text(agreement.year),
        "revisions": AgreementRevision.objects.filter(agreement=agreement).select_related(
            "uploaded_by", "created_agreement"
        )[:RECENT_REVISIONS],
    }
    return render(request, "goals/revision_upload.html", context)


@require_GET
@role_required
def revision_upload_detail(request, year, pk):
    """While Celery reads the upload, a bar; then its preview, or the upload page with what
    to correct."""
    job = access.get_revision_upload_for_user(request.user, year, pk)
    if job.status == RevisionUpload.Status.DONE and job.revision is not None:
        return redirect(job.revision)
    if job.status == RevisionUpload.Status.FAILED:
        # A form bound to nothing, carrying only the refusal (not "choose a file").
        form = RevisionUploadForm({}, {})
        form.errors.clear()
        row_errors = _show_refusal(form, ValidationError(job.problems))
        return _upload_page(request, job.agreement, form, row_errors)
    return render(request, "goals/revision_reading.html", {"job": job})


@require_GET
@role_required
def revision_upload_status(request, year, pk):
    job = access.get_revision_upload_for_user(request.user, year, pk)
    return JsonResponse({"status": job.status, "percent": 0, "finished": not job.is_working})


def _show_refusal(form, error) -> list[str]:
    """Show a refused file next to the field; return the row messages to list below it."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return []
    for message in error.error_dict.get("file", []):
        form.add_error("file", message)
    row_errors = [message for rows in error.error_dict.get("rows", []) for message in rows]
    if row_errors:
        form.add_error(
            "file",
            _(
                "Nothing is saved: correct the rows listed below in the workbook, then upload "
                "it again."
            ),
        )
    return row_errors


@require_GET
@role_required
def revision_preview(request, year, pk):
    revision = access.get_revision_for_user(request.user, year, pk)
    if revision.is_applied:
        return _done(request, revision)
    preview = selectors.revision_preview(revision)
    context = {
        "agreement": revision.agreement,
        "next_year": revision.agreement.year + 1,
        "revision": revision,
        "preview": preview,
        "headers": layout.headers(revision.agreement.year),
        "ignored_columns": layout.ignored_columns_text(revision.agreement.year),
    }
    return render(request, "goals/revision_preview.html", context)


def _done(request, revision):
    draft = revision.created_agreement
    counts = None
    if draft is not None:
        counts = {
            "focus_areas": draft.focus_areas.count(),
            "goals": Goal.objects.filter(focus_area__agreement=draft).count(),
            "targets": draft.targets.count(),
        }
    rows = selectors.revised_rows(revision)
    context = {
        "agreement": revision.agreement,
        "revision": revision,
        "draft": draft,
        "counts": counts,
        "changed": sum(row.changed for row in rows),
        "comments": sum(bool(row.comment) for row in rows),
    }
    return render(request, "goals/revision_done.html", context)


@require_POST
@role_required
def revision_confirm(request, year, pk):
    revision = access.get_revision_for_user(request.user, year, pk)
    try:
        draft = services.revision_apply(revision=revision, user=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("%(title)s is created as a draft.") % {"title": draft.title},
        )
    return redirect(revision)
