"""Celery tasks of the roll-ups: thin, by id, safe to run twice or to kill half way."""

from celery import shared_task

from agreement.models import Agreement
from reporting.rollups import services as rollups


@shared_task(name="reporting.rollup_full")
def rollup_full(agreement_id):
    agreement = Agreement.objects.filter(pk=agreement_id).first()
    if agreement is not None:
        rollups.rollup_full(agreement)


@shared_task(name="reporting.rollup_update")
def rollup_update(agreement_id, keys):
    agreement = Agreement.objects.filter(pk=agreement_id).first()
    if agreement is not None:
        rollups.rollup_update(agreement, keys)


@shared_task(name="reporting.rollup_nightly")
def rollup_nightly():
    """Recompute every agreement that is not closed: the pace moves on each day."""
    for agreement in Agreement.objects.exclude(status=Agreement.Status.CLOSED):
        rollups.rollup_full(agreement)
