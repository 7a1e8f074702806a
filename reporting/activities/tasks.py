"""Celery tasks of the activity log: thin, and safe to run twice."""

from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from reporting.activities import uploads

# How long a file sent with a form that was never saved is kept for it.
PENDING_UPLOAD_LIFETIME = timedelta(days=1)


@shared_task(name="reporting.pending_uploads_clean")
def clean_pending_uploads():
    """Remove the files kept for forms that were not saved within a day (beat, hourly)."""
    uploads.pending_uploads_clean(before=timezone.now() - PENDING_UPLOAD_LIFETIME)
