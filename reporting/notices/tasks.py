"""Celery tasks of the notices: thin, and safe to run twice (services.py says how)."""

from celery import shared_task
from django.utils import timezone

from reporting.models import Activity, Notice
from reporting.notices import services

Kind = Notice.Kind


@shared_task(name="reporting.notify_activity_returned")
def notify_activity_returned(activity_id, version):
    """Tell the author at once that their activity came back (set off by the return)."""
    activity = (
        Activity.objects.select_related("author", "activity_type", "firm")
        .filter(pk=activity_id)
        .first()
    )
    if activity is None:
        return
    services.notify_activity_returned(activity=activity, version=version)
    services.notices_email(kind=Kind.ACTIVITY_RETURNED)


@shared_task(name="reporting.notify_approvals_waiting")
def notify_approvals_waiting():
    """The managers' daily digest of activities waiting for approval (beat, mornings)."""
    services.notify_approvals_waiting(today=timezone.localdate())
    services.notices_email(kind=Kind.APPROVALS_WAITING)


@shared_task(name="reporting.notify_status_texts_due")
def notify_status_texts_due():
    """The managers' reminder of status texts due (beat, every morning; it says once)."""
    services.notify_status_texts_due(today=timezone.localdate())
    services.notices_email(kind=Kind.STATUS_TEXT_DUE)


@shared_task(name="reporting.notify_targets_at_risk")
def notify_targets_at_risk():
    """The weekly digest of targets that moved to at risk or behind (beat, Mondays)."""
    services.notify_targets_at_risk(today=timezone.localdate())
    services.notices_email(kind=Kind.TARGETS_AT_RISK)
