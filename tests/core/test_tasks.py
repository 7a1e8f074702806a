import pytest
from celery.result import EagerResult
from django.conf import settings

from config.celery import ping


@pytest.mark.django_db
def test_tasks_reach_a_worker_or_run_in_process(celery_worker):
    result = ping.delay()

    assert result.get(timeout=30) == "pong"
    if settings.CELERY_BROKER_URL:
        assert celery_worker is not None
        assert not isinstance(result, EagerResult)
    else:
        assert isinstance(result, EagerResult)
