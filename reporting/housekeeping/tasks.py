"""Celery task of the housekeeping: thin, safe to run twice."""

import logging

from celery import shared_task

from reporting.housekeeping import services

logger = logging.getLogger(__name__)


@shared_task(name="reporting.housekeeping")
def housekeeping():
    deleted = services.housekeeping_run()
    logger.info("Housekeeping deleted the files of %s.", deleted)
