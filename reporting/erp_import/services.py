"""The import's steps: upload (checked, kept), column mapping, preview (a dry run), confirm.

The request only checks what the file is (its size, its first bytes, its zip directory)
and keeps it; Celery reads it, checks its rows and keeps what confirming would do
(import_read), and writes them once the manager confirms (import_confirm_run). Nothing
reaches the activity log before the manager confirms; then every valid row is written in
one transaction, or none is, and rows with errors are skipped.
"""

import datetime
import json
import uuid
from collections import defaultdict
from dataclasses import dataclass

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from agreement.models import Agreement, Organisation, User
from agreement.selectors import agreements_taking_entries
from core import rollup_queue, tasks
from reporting.erp_import.columns import COLUMNS, COLUMNS_BY_KEY, Layout, resolve_layout
from reporting.erp_import.reading import CSV, XLSX, Table, check_upload, read_table
from reporting.erp_import.rows import Plan, build_plan
from reporting.erp_import.summary import plan_summary
from reporting.erp_import.writing import write_plan
from reporting.jobs import throttled
from reporting.models import ColumnMapping, ImportBatch
from reporting.rollups import services as rollups

MAX_HEADER_LENGTH = 200


@dataclass
class Preview:
    layout: Layout
    plan: Plan | None  # None until every required column is found

    @property
    def needs_mapping(self):
        return self.plan is None


@transaction.atomic
def import_upload(
    *,
    house: Organisation,
    user: User,
    upload,
    language: str | None = None,
    preferred: Agreement | None = None,
) -> ImportBatch:
    """Check what the file is and keep it; Celery reads it once this commits. Refuse it with
    the reason next to the field."""
    try:
        kind = check_upload(upload)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from None
    batch = ImportBatch(
        house=house,
        uploaded_by=user,
        file_name=upload.name[-255:],
        language=language or translation.get_language() or "da",
    )
    # A random name on disk: the uploader's name is kept in the database only.
    upload.seek(0)
    batch.file.save(f"{uuid.uuid4().hex}.{kind}", upload, save=False)
    batch.save()
    _queue(batch, ImportBatch.Step.PREVIEW, user=user, preferred=preferred)
    return batch


def _queue(batch, step, *, user, preferred):
    """Have Celery run the step once this transaction commits."""
    task = (
        "reporting.preview_import"
        if step == ImportBatch.Step.PREVIEW
        else "reporting.confirm_import"
    )
    cache.delete(progress_key(batch))
    tasks.delay_on_commit(task, batch.pk, user.pk, preferred.pk if preferred else None)


def import_refresh(*, batch: ImportBatch, user: User, preferred: Agreement | None = None) -> None:
    """Check the batch's rows again (the columns to read have changed)."""
    with transaction.atomic():
        ImportBatch.objects.filter(pk=batch.pk).update(
            step=ImportBatch.Step.PREVIEW, status=ImportBatch.Status.QUEUED, problems=[]
        )
        _queue(batch, ImportBatch.Step.PREVIEW, user=user, preferred=preferred)


def progress_key(batch) -> str:
    return f"import-progress-{batch.pk}"


def import_progress(batch) -> tuple[int, int]:
    """Return how many rows the running step has done, and of how many (0 if not known)."""
    return cache.get(progress_key(batch), (0, 0))


def _progress(batch):
    return throttled(
        lambda done, total: cache.set(progress_key(batch), (done, total), timeout=60 * 60)
    )


def import_read(*, batch: ImportBatch, user: User, preferred: Agreement | None = None) -> None:
    """Read the batch's file and check its rows: keep its headers and what confirming would
    do, or why the file cannot be read (and delete it)."""
    ImportBatch.objects.filter(pk=batch.pk).update(
        step=ImportBatch.Step.PREVIEW, status=ImportBatch.Status.RUNNING, problems=[]
    )
    with translation.override(batch.language):
        try:
            preview = import_preview(
                batch=batch, user=user, preferred=preferred, progress=_progress(batch)
            )
        except ValidationError as error:
            delete_import_files(batch)
            ImportBatch.objects.filter(pk=batch.pk).update(
                status=ImportBatch.Status.FAILED, problems=error.messages
            )
            return
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=ImportBatch.Status.DONE,
        headers=preview.layout.headers,
        preview={} if preview.needs_mapping else plan_summary(preview.plan),
    )


def delete_import_files(batch: ImportBatch) -> None:
    """Delete the batch's file and the rows read from it; the batch itself stays, as a record."""
    if not batch.file:
        return
    storage = batch.file.storage
    for name in (batch.file.name, _cache_name(batch)):
        storage.delete(name)
    ImportBatch.objects.filter(pk=batch.pk).update(file="")


def _read(batch: ImportBatch) -> Table:
    """Return the batch's table; a file is parsed once and its rows kept beside it."""
    if not batch.file:
        raise ValidationError(_("The uploaded file is no longer there. Upload it again."))
    if (table := _cached(batch)) is not None:
        return table
    kind = XLSX if batch.file.name.endswith(".xlsx") else CSV
    try:
        handle = batch.file.open("rb")
    except FileNotFoundError:
        raise ValidationError(_("The uploaded file is no longer there. Upload it again.")) from None
    with handle:
        table = read_table(handle, kind, name=batch.file_name)
    _cache(batch, table)
    return table


def _cache_name(batch):
    return f"{batch.file.name}.rows.json"


def _cache(batch, table):
    content = json.dumps(
        {"headers": table.headers, "header_row": table.header_row, "rows": table.rows},
        default=_encode,
    )
    batch.file.storage.save(_cache_name(batch), ContentFile(content.encode()))


def _cached(batch):
    storage, name = batch.file.storage, _cache_name(batch)
    if not storage.exists(name):
        return None
    with storage.open(name, "rb") as handle:
        data = json.load(handle, object_hook=_decode)
    rows = [(number, tuple(values)) for number, values in data["rows"]]
    return Table(headers=data["headers"], header_row=data["header_row"], rows=rows)


# Cells are text, numbers, booleans, empty, or dates (workbook date cells).
def _encode(value):
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return {"type": type(value).__name__, "iso": value.isoformat()}
    raise TypeError(f"A cell of type {type(value).__name__} cannot be kept.")


def _decode(value):
    if set(value) == {"type", "iso"}:
        parse = {
            "datetime": datetime.datetime.fromisoformat,
            "date": datetime.date.fromisoformat,
            "time": datetime.time.fromisoformat,
        }
        return parse[value["type"]](value["iso"])
    return value


def _saved_columns(house) -> dict[str, str]:
    mapping = ColumnMapping.objects.filter(house=house).first()
    return mapping.columns if mapping else {}


def import_layout(*, batch: ImportBatch) -> Layout:
    """Return where the format's columns are in the batch's file (its headers as Celery read
    them), by the house's mapping."""
    return resolve_layout(batch.headers, _saved_columns(batch.house))


def import_preview(
    *, batch: ImportBatch, user: User, preferred: Agreement | None = None, progress=None
) -> Preview:
    """Return what confirming would do, row by row; nothing is written.

    Each row counts in the year open for entries whose period holds its date (the
    preferred year first, where periods overlap); a row of no such year is an error.
    """
    table = _read(batch)
    layout = resolve_layout(table.headers, _saved_columns(batch.house))
    if not layout.complete:
        return Preview(layout=layout, plan=None)
    plan = build_plan(
        table=table,
        layout=layout,
        agreements=agreements_taking_entries(preferred=preferred),
        house=batch.house,
        user=user,
        batch=batch,
        progress=progress,
    )
    return Preview(layout=layout, plan=plan)


def import_confirm_request(
    *, batch: ImportBatch, user: User, preferred: Agreement | None = None
) -> None:
    """Have Celery confirm the batch; a batch confirmed, or being confirmed, is not again."""
    with transaction.atomic():
        claimed = (
            ImportBatch.objects.filter(
                pk=batch.pk, confirmed_at__isnull=True, status=ImportBatch.Status.DONE
            )
            .exclude(step=ImportBatch.Step.CONFIRM)
            .update(step=ImportBatch.Step.CONFIRM, status=ImportBatch.Status.QUEUED)
        )
        if not claimed:
            claimed = ImportBatch.objects.filter(
                pk=batch.pk,
                confirmed_at__isnull=True,
                step=ImportBatch.Step.CONFIRM,
                status=ImportBatch.Status.FAILED,
            ).update(status=ImportBatch.Status.QUEUED, problems=[])
        if not claimed:
            raise ValidationError(_("This import is already confirmed."), code="confirmed")
        _queue(batch, ImportBatch.Step.CONFIRM, user=user, preferred=preferred)


def import_confirm_run(
    *, batch: ImportBatch, user: User, preferred: Agreement | None = None
) -> None:
    """Confirm the batch (Celery's step), keeping why it failed where it did."""
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.RUNNING)
    with translation.override(batch.language):
        try:
            import_confirm(batch=batch, user=user, preferred=preferred, progress=_progress(batch))
        except ValidationError as error:
            ImportBatch.objects.filter(pk=batch.pk, confirmed_at__isnull=True).update(
                status=ImportBatch.Status.FAILED, problems=error.messages
            )
            return
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.DONE)


def import_confirm(
    *, batch: ImportBatch, user: User, preferred: Agreement | None = None, progress=None
) -> ImportBatch:
    """Write every valid row of the batch's file in one transaction; a batch is confirmed once."""
    try:
        with transaction.atomic():
            # The first confirmation claims the batch; a second click finds it taken.
            claimed = ImportBatch.objects.filter(pk=batch.pk, confirmed_at__isnull=True).update(
                confirmed_at=timezone.now()
            )
            if not claimed:
                raise ValidationError(_("This import is already confirmed."), code="confirmed")
            table = _read(batch)
            layout = resolve_layout(table.headers, _saved_columns(batch.house))
            if not layout.complete:
                raise ValidationError(
                    _("Choose which of the file's columns hold the import's columns first."),
                    code="mapping",
                )
            plan = build_plan(
                table=table,
                layout=layout,
                agreements=agreements_taking_entries(preferred=preferred),
                house=batch.house,
                user=user,
                batch=batch,
                lock=True,
                progress=progress,
            )
            write_plan(plan, house=batch.house, user=user)
            ImportBatch.objects.filter(pk=batch.pk).update(
                created_count=len(plan.created),
                updated_count=len(plan.updated),
                unchanged_count=len(plan.unchanged),
                error_count=plan.error_rows,
            )
            _queue_rollup(plan)
    except IntegrityError:
        # Another import of the same new rows or firms committed first.
        raise ValidationError(
            _(
                "Another import saved some of the same rows meanwhile, so nothing of this one "
                "is saved. Open its preview again and confirm."
            ),
            code="conflict",
        ) from None
    batch.refresh_from_db()
    return batch


def _queue_rollup(plan):
    """Queue one roll-up per year the import touches; each is sent when the transaction commits."""
    keys = defaultdict(list)
    for planned in plan.updated:
        agreement_id, key = planned.before
        keys[agreement_id].append(key)
    for planned in plan.created + plan.updated:
        keys[planned.activity.agreement_id].append(rollups.activity_key(planned.activity))
    for agreement_id, agreement_keys in keys.items():
        rollup_queue.queue_update(agreement_id, agreement_keys)


@transaction.atomic
def column_mapping_save(
    *, house: Organisation, columns: dict[str, str], user: User
) -> ColumnMapping:
    """Remember which header of the house's export holds each column of the format."""
    errors = {}
    for column in COLUMNS:
        header = (columns.get(column.key) or "").strip()
        if column.required and not header:
            errors[column.key] = _("Choose the column that holds %(column)s.") % {
                "column": column.header
            }
        elif len(header) > MAX_HEADER_LENGTH:
            errors[column.key] = _("A column name may be at most %(count)d characters.") % {
                "count": MAX_HEADER_LENGTH
            }
    unknown = set(columns) - set(COLUMNS_BY_KEY)
    if unknown:
        errors[next(iter(sorted(unknown)))] = _("This is not a column of the import.")
    if errors:
        raise ValidationError(errors)
    cleaned = {key: header.strip() for key, header in columns.items() if header and header.strip()}
    mapping = ColumnMapping.objects.filter(house=house).first() or ColumnMapping(house=house)
    mapping.columns = cleaned
    mapping.updated_by = user
    mapping.full_clean()
    mapping._history_user = user
    mapping.save()
    return mapping
