import csv
import datetime
import io

import pytest
from django.core.cache import cache

from reporting.activities import services
from reporting.models import Activity
from reporting.rollups import services as rollups
from tests.factories import make_activity, make_firm
from tests.reporting.rollups.commits import forget_queued

MID_YEAR = datetime.date(2018, 6, 30)
API = "/api/v1/agreements/2018/"
ROLES = ["hanne", "mads", "sofie", "morten", "rikke", "rasmus", "anne"]


@pytest.fixture(autouse=True)
def fresh_throttle():
    """Start each test with no requests counted against anyone's rate."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def logged(hanne, sofie, mads, morten, agreement_2018):
    """A small hand-checked year: firms in København (KKR Hovedstaden) and Næstved (KKR Sjælland).

    Approved: Hovedstaden guided 2 firms in København and 1 in Næstved; Sjælland guided
    the same Næstved firm and mapped 1 more Næstved firm. Submitted: 1 of Sjælland's; a
    draft and a returned one of Hovedstaden's.
    """
    # What the writes queue is dropped: the tables come from the full run below, and a
    # test's own change then sends only its own roll-up (tests/reporting/rollups/commits.py).
    with forget_queued():
        copenhagen = [make_firm(user=hanne, municipality_code=101) for _ in range(2)]
        naestved = [make_firm(user=sofie, municipality_code=370) for _ in range(2)]
        approved = Activity.Status.APPROVED
        for firm in copenhagen:
            make_activity(author=hanne, firm=firm, status=approved, description="Vejledning")
        make_activity(author=hanne, firm=naestved[0], status=approved)
        make_activity(
            author=sofie, firm=naestved[0], status=approved, date=datetime.date(2018, 5, 2)
        )
        make_activity(
            author=sofie, firm=naestved[1], status=approved, activity_type="growth_mapping"
        )
        make_activity(author=sofie, status=Activity.Status.SUBMITTED, description="Afventer")
        make_activity(author=hanne, status=Activity.Status.DRAFT, description="Kladde")
        returned = make_activity(
            author=hanne, status=Activity.Status.SUBMITTED, description="Sendt retur"
        )
        services.activity_return(
            activity=returned, user=mads, version=returned.version, reason="Nej"
        )
    rollups.rollup_full(agreement_2018, today=MID_YEAR)
    return agreement_2018


def read_csv(response):
    """Read the CSV as Danish Excel does: UTF-8 with BOM, `;` between fields."""
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    assert raw.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))


def danish_number(text):
    """Return the number a Danish spreadsheet reads from the cell (decimal comma)."""
    return float(text.replace(",", ".")) if text else None
