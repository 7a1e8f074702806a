import datetime

import pytest
from django.utils import timezone

from agreement.models import Agreement
from tests.goals.agreement_files import load_2019

TODAY = timezone.localdate()
NEXT_MONTH = TODAY + datetime.timedelta(days=30)


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def closing_2018(agreement_2018):
    """2018 takes late entries for another month."""
    Agreement.objects.filter(year=2018).update(
        status=Agreement.Status.CLOSING, entries_close_on=NEXT_MONTH
    )
    return Agreement.objects.get(year=2018)


@pytest.fixture
def closed_2018(agreement_2018):
    Agreement.objects.filter(year=2018).update(status=Agreement.Status.CLOSED)
    return Agreement.objects.get(year=2018)


@pytest.fixture
def past_deadline_2018(agreement_2018):
    """2018 was closing; its deadline passed yesterday."""
    Agreement.objects.filter(year=2018).update(
        status=Agreement.Status.CLOSING,
        entries_close_on=TODAY - datetime.timedelta(days=1),
    )
    return Agreement.objects.get(year=2018)


@pytest.fixture
def active_2019(agreement_2018):
    return load_2019()


@pytest.fixture
def draft_2019(agreement_2018):
    return load_2019(status=Agreement.Status.DRAFT)
