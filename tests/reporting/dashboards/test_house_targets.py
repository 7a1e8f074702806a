"""The dashboards show a target for one growth house for that house only (2019 test file):
the other house reads which house it is for, never "0 af 200" behind."""

import html
import re

import pytest

from tests.reporting.dashboards.test_views import element, text_of
from tests.reporting.house_targets import checks_counted

pytestmark = pytest.mark.django_db

OVERVIEW = "/agreements/2019/dashboard/"
HOUSES = "/agreements/2019/dashboard/houses/"
GOAL_1B = "/agreements/2019/dashboard/goals/a.1b/"
FOR_SJAELLAND = "?house=vaeksthus-sjaelland"
FOR_HOVEDSTADEN = "?house=vaeksthus-hovedstaden"


@pytest.fixture
def checked(agreement_2018, hanne, sofie):
    return checks_counted(hanne, sofie)


def cells(response, target):
    """Return the texts of the target's cells in a table row: each house's, then both."""
    page = response.content.decode()
    start = page.index(f'<tr data-target="{target}"')
    row = page[start : page.index("</tr>", start)]
    return [
        html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", "<td" + cell))).strip()
        for cell in row.split("<td")[1:]
    ]


def test_sjaelland_reads_that_1b_is_for_hovedstaden_only(client_for, sofie, checked):
    response = client_for(sofie).get(OVERVIEW + FOR_SJAELLAND)

    goal = element(response, "data-goal", "a.1b")
    assert "Gælder kun VHHR" in goal
    assert "af 200" not in goal
    assert "Bagud" not in goal
    assert "Opnået" not in goal


def test_hovedstaden_reads_its_own_1b_with_its_checks(client_for, hanne, checked):
    response = client_for(hanne).get(OVERVIEW + FOR_HOVEDSTADEN)

    goal = element(response, "data-goal", "a.1b")
    assert "3 af 200" in goal
    assert "Gælder kun" not in goal


def test_hovedstaden_reads_that_sjaellands_headline_target_is_for_sjaelland_only(
    client_for, hanne, checked
):
    response = client_for(hanne).get(OVERVIEW + FOR_HOVEDSTADEN)

    headline = element(response, "data-target", "vsj.digital-checks")
    assert "Gælder kun VSJ" in headline
    assert "af mindst 150" not in headline


def test_both_houses_read_every_target_with_its_figures(client_for, rikke, checked):
    response = client_for(rikke).get(OVERVIEW)

    assert "3 af 200" in element(response, "data-goal", "a.1b")
    assert "2" in element(response, "data-target", "vsj.digital-checks")
    assert "Gælder kun" not in text_of(response)


def test_the_houses_side_by_side_show_a_house_target_in_its_house_only(client_for, rikke, checked):
    response = client_for(rikke).get(HOUSES)

    hovedstaden, sjaelland, both = cells(response, "a.1b.digital-checks")
    assert "3 af 200" in hovedstaden
    assert sjaelland == "Gælder kun VHHR"
    assert "3 af 200" in both
    hovedstaden, sjaelland, both = cells(response, "vsj.digital-checks")
    assert hovedstaden == "Gælder kun VSJ"
    assert "2 af 150" in sjaelland
    assert "2 af 150" in both


def test_each_house_scores_over_its_own_targets_side_by_side(client_for, rikke, checked):
    response = client_for(rikke).get(HOUSES)

    scores = element(response, "data-testid", "scores")
    # 2 of Sjælland's 150 checks: 20 points x 2/150; Hovedstaden's 3 of 200: 20 x 3/200.
    assert "Væksthus Sjælland 0,27 af 100 point" in scores
    assert "Væksthus Hovedstadsregionen 0,30 af 100 point" in scores


def test_the_goal_page_for_sjaelland_shows_1b_for_hovedstaden_only(client_for, sofie, checked):
    response = client_for(sofie).get(GOAL_1B + FOR_SJAELLAND)

    figure = element(response, "class", "figure")
    assert "Gælder kun VHHR" in figure
    assert "af 200" not in figure
    assert element(response, "class", "col-md-4 text-md-end").endswith('">')  # no status
    assert 'data-chart="chart-a1b' not in response.content.decode()
    assert 'data-testid="municipality-table"' not in response.content.decode()


def test_the_goal_pages_house_split_has_no_figures_for_the_other_house(client_for, sofie, checked):
    response = client_for(sofie).get(GOAL_1B)

    assert "3 af 200" in element(response, "data-house", "all")
    assert "3 af 200" in element(response, "data-house", "vaeksthus-hovedstaden")
    sjaelland = element(response, "data-house", "vaeksthus-sjaelland")
    assert sjaelland.endswith("> Væksthus Sjælland Gælder kun VHHR ")
    assert 'data-chart="chart-a1b' in response.content.decode()
