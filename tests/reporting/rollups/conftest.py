import pytest

from tests.reporting.rollups.commits import forget_queued
from tests.reporting.rollups.year import log_the_year


@pytest.fixture
def people(hanne, mads, sofie, morten):
    return {"hanne": hanne, "mads": mads, "sofie": sofie, "morten": morten}


@pytest.fixture
def year(people):
    """The year of tests/reporting/rollups/year.py, logged; return its activities and firms.

    The roll-ups its writes queued are dropped: a test fills the tables with a full
    run of its own, and a change it commits sends only that change's roll-up.
    """
    with forget_queued():
        return log_the_year(people)
