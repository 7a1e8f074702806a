"""The API's figures are the dashboards' and the workbook's, in JSON and in Danish-Excel CSV."""

import io

import pytest
from openpyxl import load_workbook

from agreement.models import Municipality
from reporting.rollups.selectors import Scope, agreement_progress, municipality_figures
from reporting.workbook.writer import write_workbook
from tests.factories import HOVEDSTADEN, SJAELLAND
from tests.reporting.api.conftest import API, danish_number, read_csv

pytestmark = pytest.mark.django_db

GUIDED = "national.guided-firms"
MAPPED = "national.growth-mappings"


def test_progress_per_house_and_for_both_as_counted_by_hand(client_as, logged):
    rows = client_as("rikke").get(API + f"progress/?target={GUIDED}").json()["results"]
    by_house = {row["house"]: row for row in rows}

    # The Næstved firm guided by both houses counts once in the total.
    assert {house: row["value"] for house, row in by_house.items()} == {
        None: 4,
        HOVEDSTADEN: 3,
        SJAELLAND: 2,
    }
    assert by_house[None]["pending"] == 1
    assert by_house[None]["threshold"] == 4000
    assert by_house[None]["status"] == "behind"


def test_progress_equals_the_dashboards_and_the_workbook(client_as, logged):
    api = {
        (row["target"], row["house"]): row
        for row in client_as("anne").get(API + "progress/?page_size=1000").json()["results"]
    }
    progress = agreement_progress(logged)
    buffer = io.BytesIO()
    write_workbook(logged, buffer)
    buffer.seek(0)
    overview = load_workbook(buffer)["Oversigt"]
    workbook_values = {
        row[2]: row[5] for row in overview.iter_rows(min_row=2, values_only=True)
    }  # text: value
    for target in progress.targets:
        for house, stored in target.house_rows:
            if stored is None:
                continue
            row = api[target.code, house.key if house else None]
            assert row["value"] == (None if stored.value is None else float(stored.value))
            assert row["status"] == stored.status
            assert row["points"] == float(stored.points)
        if target.total_progress is not None and target.total_progress.value is not None:
            assert api[target.code, None]["value"] == workbook_values[target.text]


def test_the_score_equals_the_dashboards(client_as, logged):
    rows = client_as("rikke").get(API + "score/").json()
    progress = agreement_progress(logged)

    assert rows[0] == {
        "house": None,
        "points": float(progress.score[0]),
        "max_points": float(progress.score[1]),
    }
    assert [row["house"] for row in rows[1:]] == [h.key for h, _score in progress.house_scores]


def test_the_municipality_csv_reads_in_danish_excel_as_the_dashboard(client_as, logged):
    response = client_as("rikke").get(API + "municipalities/?format=csv&house=both")

    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="aftale-2018-kommuner.csv"' in response["Content-Disposition"]
    rows = {row["code"]: row for row in read_csv(response)}
    assert rows["101"]["name"] == "København"
    assert danish_number(rows["101"][f"values.{GUIDED}"]) == 2
    assert danish_number(rows["370"][f"values.{GUIDED}"]) == 2
    assert danish_number(rows["370"][f"values.{MAPPED}"]) == 1
    municipalities = list(Municipality.objects.select_related("kkr").order_by("code"))
    targets, figures = municipality_figures(logged, Scope(), municipalities)
    assert len(rows) == len(figures) == 46
    for figure in figures:
        row = rows[str(figure.municipality.code)]
        for target, value in zip(targets, figure.values, strict=True):
            assert danish_number(row[f"values.{target.code}"]) == float(value)
        assert int(row["activities"]) == figure.activities
        assert int(row["pending"]) == figure.pending


def test_a_decimal_reads_with_a_comma(client_as, logged):
    rows = read_csv(client_as("rikke").get(API + "targets/?format=csv&kind=distinct_firms"))

    assert [row["threshold"] for row in rows] == ["4000"]
    assert rows[0]["weight"] == "1"
    progress = read_csv(client_as("rikke").get(API + f"progress/?format=csv&target={GUIDED}"))
    assert {row["percentage"] for row in progress} <= {"0,1", "0,08", "0,05", "0,07", "0,03"}


def test_user_text_never_becomes_a_formula_in_the_csv(client_as, hanne, mads, logged):
    from reporting.models import Activity

    Activity.objects.filter(description="Vejledning").update(description='=HYPERLINK("x")')
    rows = read_csv(client_as("rikke").get(API + "activities/?format=csv"))

    assert '\'=HYPERLINK("x")' in [row["description"] for row in rows]


def test_filters_by_kkr_municipality_goal_and_period(client_as, logged):
    reader = client_as("rikke")

    kkr = reader.get(API + "municipalities/?kkr=kkr-sjaelland&house=both").json()["results"]
    one = reader.get(API + "municipalities/?municipality=370").json()["results"]
    may = reader.get(API + "activities/?period=2018-05").json()["results"]
    quarter = reader.get(API + "activities/?period=Q1&kkr=kkr-hovedstaden").json()["results"]
    months = reader.get(API + f"months/?target={GUIDED}&house=both&period=Q2").json()["results"]
    goal = reader.get(API + "progress/?goal=a.4").json()["results"]

    assert len(kkr) == 17
    assert [(row["code"], row["house"]) for row in one] == [
        (370, None),
        (370, HOVEDSTADEN),
        (370, SJAELLAND),
    ]
    assert [row["date"] for row in may] == ["2018-05-02"]
    assert len(quarter) == 2 and {row["municipality"] for row in quarter} == {101}
    assert [row["month"] for row in months] == ["2018-04-01", "2018-05-01", "2018-06-01"]
    assert {row["target"].split(".")[1] for row in goal} == {"4a", "4b", "4c"}


def test_the_agreement_carries_its_structure_in_its_own_numbering(client_as, logged):
    agreement = client_as("rikke").get(API).json()

    assert agreement["status"] == "active" or agreement["status"] in {"draft", "closed"}
    assert [area["code"] for area in agreement["focus_areas"]] == ["a", "b", "c"]
    goal_4 = agreement["focus_areas"][0]["goals"][3]
    assert goal_4["number"] == "4"
    assert [sub["number"] for sub in goal_4["subgoals"]] == ["4a", "4b", "4c"]
    assert goal_4["subgoals"][0]["targets"][1]["threshold"] == 5
    assert {party["key"] for party in agreement["parties"]} >= {HOVEDSTADEN, SJAELLAND}


def test_lists_are_cursor_paginated(client_as, logged):
    reader = client_as("rikke")
    first = reader.get(API + "activities/?page_size=2").json()
    second = reader.get(first["next"]).json()
    third = reader.get(second["next"]).json()

    ids = [row["id"] for page in (first, second, third) for row in page["results"]]
    assert len(ids) == len(set(ids)) == 5
    assert third["next"] is None
    assert "cursor=" in first["next"]


@pytest.mark.parametrize(
    "page, link",
    [
        ("/agreements/2018/dashboard/municipalities/", API + "municipalities/?format=csv"),
        ("/agreements/2018/dashboard/houses/", API + "progress/?format=csv"),
        ("/activities/", API + "activities/?format=csv"),
    ],
)
def test_the_pages_offer_their_figures_as_csv(client_as, logged, page, link):
    reader = client_as("rikke")
    html = reader.get(page).content.decode()

    assert "Hent som CSV" in html
    assert f'href="{link}' in html
    assert read_csv(reader.get(link))


def test_the_municipality_page_links_to_the_csv_of_its_own_choice(client_as, logged):
    page = client_as("rikke").get(
        f"/agreements/2018/dashboard/municipalities/?house={SJAELLAND}&area=370"
    )
    html = page.content.decode().replace("&amp;", "&")

    assert f"municipalities/?format=csv&house={SJAELLAND}&municipality=370" in html
