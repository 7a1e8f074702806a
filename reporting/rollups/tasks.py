"""Celery tasks of the roll-ups: thin, by id, safe to run twice or to kill half way.

They take no messages that matter: what to recount is in the database (Recount), so a
task lost with a killed worker loses nothing; the next drain takes its records. A drain
that fails for a passing reason (a dropped connection, a deadlock) is retried with backoff.
"""

from celery import shared_task
from django.db import InterfaceError, OperationalError

from agreement.models import Agreement
from reporting.models import Recount
from reporting.rollups import services as rollups

RETRY = {
    "autoretry_for": (OperationalError, InterfaceError),
    "retry_backoff": 2,
    "retry_backoff_max": 60,
    "retry_jitter": True,
    "max_retries": 8,
}


@shared_task(name="reporting.rollup_drain", **RETRY)
def rollup_drain(agreement_id):
    """Recount what is recorded for the agreement, once for all its records."""
    agreement = Agreement.objects.filter(pk=agreement_id).first()
    if agreement is not None:
        rollups.rollup_drain(agreement)


@shared_task(name="reporting.rollup_drain_all", **RETRY)
def rollup_drain_all():
    """Drain every agreement with records: beat's every minute, and a worker's on start."""
    agreement_ids = Recount.objects.values_list("agreement", flat=True).distinct().order_by()
    for agreement in Agreement.objects.filter(pk__in=list(agreement_ids)):
        rollups.rollup_drain(agreement)


@shared_task(name="reporting.rollup_full", **RETRY)
def rollup_full(agreement_id):
    agreement = Agreement.objects.filter(pk=agreement_id).first()
    if agreement is not None:
        rollups.rollup_full(agreement)


@shared_task(name="reporting.rollup_nightly", **RETRY)
def rollup_nightly():
    """Recompute the progress of every agreement that is not closed: the pace moves each day.

    Only value, status and points change with the day; the tables counted from the log are
    kept current by the drains, and are recounted here only where records wait.
    """
    for agreement in Agreement.objects.exclude(status=Agreement.Status.CLOSED):
        rollups.rollup_progress(agreement)
