"""The workbook shows a target for one growth house with figures on that house's sheet only
(2019 test file); the other house's sheet says whose it is."""

import pytest

from tests.reporting.house_targets import checks_counted
from tests.reporting.workbook.test_writer import POINTS, STATUS, VALUE, values, write

pytestmark = pytest.mark.django_db

HOVEDSTADEN_TEXT = (
    "Væksthus Hovedstadsregionen gennemfører et digitalt tjek i mindst 200 virksomheder"
)
SJAELLAND_TEXT = "Væksthus Sjælland gennemfører et digitalt tjek i mindst 150 virksomheder"


@pytest.fixture
def workbook(agreement_2018, hanne, sofie):
    return write(checks_counted(hanne, sofie))


def rows_of(workbook, sheet):
    return {row[2]: row for row in values(workbook[sheet])}


def test_the_house_sheets_show_each_house_target_on_its_own_house_only(workbook):
    hovedstaden = rows_of(workbook, "Væksthus Hovedstadsregionen")
    sjaelland = rows_of(workbook, "Væksthus Sjælland")

    assert hovedstaden[HOVEDSTADEN_TEXT][VALUE] == 3
    assert sjaelland[HOVEDSTADEN_TEXT][VALUE : POINTS + 1] == [None, None, "Gælder kun VHHR", None]
    assert sjaelland[SJAELLAND_TEXT][VALUE] == 2
    assert hovedstaden[SJAELLAND_TEXT][VALUE : POINTS + 1] == [None, None, "Gælder kun VSJ", None]


def test_the_overview_sheet_shows_a_house_target_with_its_houses_figures(workbook):
    overview = rows_of(workbook, "Oversigt")

    assert overview[HOVEDSTADEN_TEXT][VALUE] == 3
    assert overview[SJAELLAND_TEXT][VALUE] == 2
    assert overview[SJAELLAND_TEXT][STATUS] == "Bagud"


def test_the_firms_sheet_leaves_the_other_house_empty_for_a_house_target(workbook):
    header, *rows = workbook["Virksomheder"].iter_rows(values_only=True)

    assert header[:4] == (
        "Måltal",
        "Væksthus Hovedstadsregionen",
        "Væksthus Sjælland",
        "Begge væksthuse",
    )
    (sjaelland_only,) = (row for row in rows if row[0].startswith("Væksthus Sjælland"))
    assert sjaelland_only[1:5] == (None, 2, 2, 150)
