"""The 2018 workbook as a meeting document: converted by LibreOffice, as a KKR secretariat
prints it, and read back with pdftotext. Needs soffice and poppler (tests/readers.py)."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import translation
from openpyxl import load_workbook

from goals.models import Progress
from reporting.palette import PROGRESS_COLOURS
from reporting.rollups import services as rollups
from reporting.rollups.selectors import agreement_progress
from reporting.workbook.writer import write_workbook
from tests import readers

pytestmark = pytest.mark.django_db

YEAR_END = datetime.date(2018, 12, 31)
MAX_OVERVIEW_PAGES = 8


@pytest.fixture
def demo_year(agreement_2018):
    """The demo year of `make run`: both houses' activities, status texts for every goal and
    quarter, measurements and milestones; rolled up at the year's end."""
    call_command("seed_demo", stdout=StringIO(), stderr=StringIO())
    rollups.rollup_full(agreement_2018, today=YEAR_END)
    return agreement_2018


@pytest.fixture
def printed(demo_year, tmp_path):
    readers.require("soffice")
    readers.require("pdftotext")
    workbook = tmp_path / "aftale-2018.xlsx"
    write_workbook(demo_year, workbook)
    pdf = readers.to_pdf(workbook, tmp_path)
    return readers.pdf_pages(pdf), readers.page_sizes(pdf)


def sheet_pages(pages, sheet_name):
    """Return the pages of a sheet: each page's header starts with the sheet's name."""
    return [page for page in pages if page.lstrip().startswith(sheet_name)]


def danish(value, decimals=1):
    """Return the number as LibreOffice prints "#,##0.0" in either locale's separators."""
    english = f"{value:,.{decimals}f}"
    return {english, english.replace(",", "#").replace(".", ",").replace("#", ".")}


def test_the_cover_comes_first_with_both_houses_scores_and_the_whole(demo_year, printed):
    pages, _sizes = printed
    progress = agreement_progress(demo_year)
    cover = pages[0]

    assert "Regional aftale 2018" in cover
    assert "Forside" in cover.splitlines()[0]
    for name, (points, _maximum) in [
        *((house.name, score) for house, score in progress.house_scores),
        ("Begge væksthuse", progress.score),
    ]:
        line = next(line for line in cover.splitlines() if line.strip().startswith(name))
        assert any(figure in line for figure in danish(points)), (name, line)
    with translation.override("da"):
        assert all(str(status.label) in cover for status in Progress)


def test_the_overview_prints_on_at_most_eight_landscape_pages_with_its_header_on_each(printed):
    pages, sizes = printed
    overview = [index for index, page in enumerate(pages) if page.lstrip().startswith("Oversigt")]

    assert 1 <= len(overview) <= MAX_OVERVIEW_PAGES
    for index in overview:
        width, height = sizes[index]
        assert width > height  # landscape
        assert "Måltal" in pages[index] and "Seneste statustekst" in pages[index]  # the header
        assert f"Side {index + 1} af {len(pages)}" in pages[index]  # the footer
    assert all(width > height for width, height in sizes)


def test_every_status_cell_is_filled_in_its_dashboard_colour(demo_year, tmp_path):
    path = tmp_path / "aftale-2018.xlsx"
    write_workbook(demo_year, path)
    overview = load_workbook(path)["Oversigt"]
    with translation.override("da"):
        labels = {str(status.label): status for status in Progress}

    statuses = [row[7] for row in overview.iter_rows(min_row=2) if row[7].value in labels]
    assert statuses
    for cell in statuses:
        colour = PROGRESS_COLOURS[labels[cell.value]]
        assert cell.fill.fgColor.rgb.endswith(colour), cell.coordinate
        assert cell.font.color.rgb.endswith("FFFFFF")
