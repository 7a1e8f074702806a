"""The workbook and the goal page name a status text's quarter as the status pages do: counted
from the period's first day, with its months (for the 2019/20 agreement, from July 2019)."""

import html
import io
import re

import pytest
from openpyxl import load_workbook

from goals import services
from goals.models import Goal, Progress
from reporting.workbook.writer import write_workbook
from tests.goals.agreement_files import load_2019

pytestmark = pytest.mark.django_db

HOVEDSTADEN = "Væksthus Hovedstadsregionen"
# Sheets by place; the status text sheet's columns: goal, house, quarter, status, text.
OVERVIEW, FIRST_HOUSE, STATUS_TEXTS = 1, 2, 8
LATEST_TEXT, TEXT_FROM = 9, 10


@pytest.fixture
def texts_2019(agreement_2018, mads):
    """The 2019/20 agreement, with Hovedstaden's texts on goal 3 for its first and third quarter."""
    agreement = load_2019()
    goal = Goal.objects.get(code="a.3", focus_area__agreement=agreement)
    for quarter, text in [(1, "Første kvartal af 2019/20."), (3, "Tredje kvartal af 2019/20.")]:
        services.status_text_save(
            goal=goal,
            house=mads.organisation,
            quarter=quarter,
            status=Progress.ON_TRACK,
            text=text,
            author=mads,
        )
    return agreement


def sheets(agreement, language="da"):
    buffer = io.BytesIO()
    write_workbook(agreement, buffer, language=language)
    buffer.seek(0)
    return load_workbook(buffer).worksheets


def rows(sheet):
    return [list(row) for row in sheet.iter_rows(min_row=2, values_only=True)]


def test_the_status_text_sheet_names_the_quarters_of_the_2019_period(texts_2019):
    status_texts = rows(sheets(texts_2019)[STATUS_TEXTS])

    assert [row[:3] for row in status_texts] == [
        ["a) 3", HOVEDSTADEN, "1. kvartal: juli–september 2019"],
        ["a) 3", HOVEDSTADEN, "3. kvartal: januar–marts 2020"],
    ]


def test_the_overview_says_which_quarter_the_latest_text_is_from(texts_2019):
    workbook = sheets(texts_2019)
    house = rows(workbook[FIRST_HOUSE])
    overview = rows(workbook[OVERVIEW])

    latest = {tuple(row[LATEST_TEXT:]) for row in house if row[1] == "3"}
    assert latest == {
        ("Tredje kvartal af 2019/20.", f"{HOVEDSTADEN}, 3. kvartal: januar–marts 2020")
    }
    assert {row[LATEST_TEXT] for row in overview if row[1] == "3"} == {
        "Tredje kvartal af 2019/20.\n(3. kvartal: januar–marts 2020)"
    }


def test_in_english_the_workbook_names_the_months_in_english(texts_2019):
    workbook = sheets(texts_2019, language="en")

    assert [row[2] for row in rows(workbook[STATUS_TEXTS])] == [
        "Quarter 1: July–September 2019",
        "Quarter 3: January–March 2020",
    ]


def test_the_goal_page_names_the_quarters_of_the_2019_period(client_for, anne, texts_2019):
    response = client_for(anne).get("/agreements/2019/dashboard/goals/a.3/")

    page = html.unescape(re.sub(r"\s+", " ", response.content.decode()))
    assert "1. kvartal: juli–september 2019 · Væksthus Hovedstadsregionen" in page
    assert "3. kvartal: januar–marts 2020 · Væksthus Hovedstadsregionen" in page
