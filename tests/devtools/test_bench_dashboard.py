"""The bench's dashboard timing runs: the overview and the login page, on a tiny log.

`make bench` times the overview after the full roll-up of a million activities;
this checks the same code on a few hundred. PostgreSQL only, as the bench: the
log is written by SQL.
"""

import pytest
from django.db import connection

from agreement.models import User
from devtools.bench import dashboard, data
from reporting.rollups import services as rollups

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the bench's log is written by PostgreSQL SQL"
    ),
    # The generator vacuums its tables, which no transaction may do.
    pytest.mark.django_db(transaction=True),
]

SIZE = 500


def test_measure_times_the_overview_and_the_login_page(agreement_2018):
    data.generate(agreement_2018, SIZE)
    rollups.rollup_full(agreement_2018)

    timings = dashboard.measure(agreement_2018, runs=3)

    assert set(timings) == {"overview_ms", "login_ms", "api_progress_ms"}
    assert timings["api_progress_ms"] > 0
    assert timings["overview_ms"] > 0
    assert timings["login_ms"] > 0
    reviewer = User.objects.get(username=dashboard.REVIEWER)
    assert reviewer.role == User.Role.REVIEWER
    assert reviewer.organisation.key == dashboard.KKR_KEY


def test_measure_uses_the_same_reviewer_again(agreement_2018):
    data.generate(agreement_2018, SIZE)
    rollups.rollup_full(agreement_2018)

    dashboard.measure(agreement_2018, runs=1)
    dashboard.measure(agreement_2018, runs=1)

    assert User.objects.filter(username=dashboard.REVIEWER).count() == 1
