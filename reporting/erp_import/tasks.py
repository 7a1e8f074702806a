"""Celery tasks of the import: thin, by id, safe to run twice (a confirmed batch is not
written again)."""

from celery import shared_task

from agreement.models import Agreement, User
from reporting.erp_import import services
from reporting.models import ImportBatch


def _load(batch_id, user_id, preferred_id):
    batch = ImportBatch.objects.select_related("house").filter(pk=batch_id).first()
    user = User.objects.filter(pk=user_id).first()
    preferred = Agreement.objects.filter(pk=preferred_id).first() if preferred_id else None
    return batch, user, preferred


@shared_task(name="reporting.preview_import")
def preview_import(batch_id, user_id, preferred_id=None):
    batch, user, preferred = _load(batch_id, user_id, preferred_id)
    if batch is not None and user is not None and batch.confirmed_at is None:
        services.import_read(batch=batch, user=user, preferred=preferred)


@shared_task(name="reporting.confirm_import")
def confirm_import(batch_id, user_id, preferred_id=None):
    batch, user, preferred = _load(batch_id, user_id, preferred_id)
    if batch is not None and user is not None and batch.confirmed_at is None:
        services.import_confirm_run(batch=batch, user=user, preferred=preferred)
