"""Celery task of the revision: thin, by id, safe to run twice (a read upload is not read
again)."""

from celery import shared_task

from goals.models import RevisionUpload
from goals.revision import services


@shared_task(name="goals.read_revision_upload")
def read_revision_upload(job_id):
    job = (
        RevisionUpload.objects.select_related("agreement", "uploaded_by")
        .filter(pk=job_id, status__in=[RevisionUpload.Status.QUEUED, RevisionUpload.Status.RUNNING])
        .first()
    )
    if job is not None:
        services.revision_upload_read(job)
