"""Import from the ERP system: upload, column mapping, preview, confirm, and the template."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from agreement.access import chosen_agreement, get_chosen_agreement_for_user, role_required
from core.forms import show_service_error
from core.spreadsheets import XLSX_TYPE
from core.uploads import say_dropped_files, upload_limit
from reporting.access import get_batch_for_user, require_import
from reporting.api.csv import DanishCSVRenderer
from reporting.erp_import import services
from reporting.erp_import.columns import COLUMNS
from reporting.erp_import.forms import ColumnMappingForm, ImportUploadForm
from reporting.erp_import.summary import PREVIEW_ROWS
from reporting.erp_import.template import FILE_NAME, template_workbook
from reporting.models import ImportBatch

RECENT_IMPORTS = 20
PREVIEW_ERRORS = 1000


@upload_limit("IMPORT_MAX_FILE_SIZE")
@role_required
def import_upload(request):
    require_import(request.user)
    house = request.user.organisation
    # Bound on every POST: a post with no file is an error to show, not an empty form.
    posted = request.method == "POST"
    form = ImportUploadForm(request.POST if posted else None, request.FILES if posted else None)
    if posted and form.is_valid():
        try:
            batch = services.import_upload(
                house=house,
                user=request.user,
                upload=form.cleaned_data["file"],
                language=get_language(),
                preferred=chosen_agreement(request.user),
            )
        except ValidationError as error:
            show_service_error(form, error)
        else:
            return redirect("reporting:import_preview", pk=batch.pk)
    say_dropped_files(request, form, "file")
    context = {
        "form": form,
        "columns": COLUMNS,
        "batches": ImportBatch.objects.filter(house=house)
        .defer("preview", "headers")
        .select_related("uploaded_by")[:RECENT_IMPORTS],
    }
    return render(request, "reporting/import_upload.html", context)


@require_GET
@role_required
def import_template(request):
    require_import(request.user)
    agreement = get_chosen_agreement_for_user(request.user, request.GET.get("year"))
    content = template_workbook(agreement=agreement, house=request.user.organisation)
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{FILE_NAME}"'
    return response


@role_required
def import_mapping(request, pk):
    batch = get_batch_for_user(request.user, pk)
    if batch.confirmed_at or batch.is_working or batch.is_unreadable:
        return redirect("reporting:import_preview", pk=batch.pk)
    layout = services.import_layout(batch=batch)
    initial = {key: layout.header_of(key) for key in layout.positions}
    posted = request.method == "POST"
    form = ColumnMappingForm(
        request.POST if posted else None, headers=layout.headers, initial=initial
    )
    if posted and form.is_valid():
        try:
            services.column_mapping_save(
                house=batch.house, columns=form.cleaned_data, user=request.user
            )
        except ValidationError as error:
            show_service_error(form, error)
        else:
            services.import_refresh(
                batch=batch, user=request.user, preferred=chosen_agreement(request.user)
            )
            messages.success(
                request,
                _("The columns are saved for %(house)s's next imports.")
                % {"house": batch.house.name},
            )
            return redirect("reporting:import_preview", pk=batch.pk)
    say_dropped_files(request, form, "file")
    context = {"batch": batch, "layout": layout, "form": form}
    return render(request, "reporting/import_mapping.html", context)


@require_GET
@role_required
def import_preview(request, pk):
    batch = get_batch_for_user(request.user, pk)
    if batch.confirmed_at:
        return render(request, "reporting/import_done.html", {"batch": batch})
    if batch.is_unreadable:
        context = {"batch": batch, "file_errors": batch.problems}
        return render(request, "reporting/import_unreadable.html", context)
    if batch.is_working:
        return render(request, "reporting/import_progress.html", {"batch": batch})
    layout = services.import_layout(batch=batch)
    if not layout.complete:
        return redirect("reporting:import_mapping", pk=batch.pk)
    preview = batch.preview
    errors = preview["errors"]
    context = {
        "batch": batch,
        "layout": layout,
        "plan": preview,
        "errors": [text for _row, text in errors[:PREVIEW_ERRORS]],
        "more_errors": max(len(errors) - PREVIEW_ERRORS, 0),
        "preview_rows": PREVIEW_ROWS,
    }
    return render(request, "reporting/import_preview.html", context)


@require_GET
@role_required
def import_status(request, pk):
    batch = get_batch_for_user(request.user, pk)
    done, total = services.import_progress(batch)
    finished = not batch.is_working
    return JsonResponse(
        {
            "status": batch.status,
            "percent": 100 if finished else (min(99, done * 100 // total) if total else 0),
            "rows_done": done,
            "rows_total": total,
            "finished": finished,
        }
    )


@require_POST
@role_required
def import_confirm(request, pk):
    batch = get_batch_for_user(request.user, pk)
    try:
        services.import_confirm_request(
            batch=batch, user=request.user, preferred=chosen_agreement(request.user)
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("reporting:import_preview", pk=batch.pk)


@require_GET
@role_required
def import_errors_csv(request, pk):
    """Every error of the preview, one per line, for Danish Excel."""
    batch = get_batch_for_user(request.user, pk)
    row, error = _("Row"), _("Error")
    lines = [{row: number, error: text} for number, text in batch.preview.get("errors", [])]
    if lines:
        content = DanishCSVRenderer().render(lines)
    else:
        content = f"\ufeff{row};{error}\r\n".encode()
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    name = f"fejl-{batch.pk}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
