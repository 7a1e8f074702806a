"""Asking for the year-end workbook, following its progress, and downloading it."""

import io

import openpyxl
import pytest

from reporting.models import Activity, WorkbookExport
from reporting.rollups import services as rollups
from reporting.workbook import services as exports
from tests.factories import make_activity

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("tasks_in_process")]

PAGE = "/agreements/2018/workbook/"


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def year(hanne, agreement_2018):
    make_activity(author=hanne, status=Activity.Status.APPROVED, description="=HYPERLINK(1)")
    rollups.rollup_full(agreement_2018)
    return agreement_2018


def ask(client, captured):
    """Ask for a workbook as the button does; the task runs once the request commits."""
    with captured(execute=True):
        response = client.post(PAGE)
    assert response.status_code == 302
    return response, WorkbookExport.objects.get()


def test_a_reviewer_asks_for_the_workbook_and_downloads_it_when_ready(
    client_for, rikke, year, django_capture_on_commit_callbacks
):
    client = client_for(rikke)
    assert "Lav regnearket" in client.get(PAGE).content.decode()

    response, export = ask(client, django_capture_on_commit_callbacks)

    assert response.url == f"/workbooks/{export.pk}/"
    page = client.get(response.url).content.decode()
    assert "Regnearket er klar" in page
    status = client.get(f"/workbooks/{export.pk}/status/").json()
    assert status["finished"] and status["percent"] == 100
    assert status["rows_written"] == status["rows_total"] > 0

    download = client.get(f"/workbooks/{export.pk}/download/")
    assert download["Content-Disposition"].startswith('attachment; filename="regional-aftale-2018')
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    assert {"Oversigt", "Aktiviteter", "Revision"} <= set(workbook.sheetnames)


def test_the_workbook_follows_the_readers_language(
    client_for, anne, year, django_capture_on_commit_callbacks
):
    client = client_for(anne)
    client.post("/i18n/setlang/", {"language": "en"})

    _response, export = ask(client, django_capture_on_commit_callbacks)

    assert export.language == "en"
    download = client.get(f"/workbooks/{export.pk}/download/")
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    assert "Overview" in workbook.sheetnames


def test_while_being_written_the_page_shows_the_share_of_rows(client_for, rikke, year):
    export = WorkbookExport.objects.create(
        agreement=year,
        requested_by=rikke,
        language="da",
        status=WorkbookExport.Status.RUNNING,
        rows_total=400,
        rows_written=100,
    )

    page = client_for(rikke).get(export.get_absolute_url()).content.decode()

    assert '<progress id="workbook-progress" class="w-100 mb-2" max="100" value="25">' in page
    assert "25 % af rækkerne er skrevet." in page
    assert client_for(rikke).get(f"/workbooks/{export.pk}/download/").status_code == 404


def test_a_failed_workbook_says_so_and_offers_to_try_again(
    client_for, rikke, year, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("reporting.workbook.writer.write_workbook", broken)
    client = client_for(rikke)
    ask(client, django_capture_on_commit_callbacks)

    export = WorkbookExport.objects.get()
    assert export.status == WorkbookExport.Status.FAILED
    assert "Regnearket kunne ikke skrives" in client.get(export.get_absolute_url()).content.decode()


@pytest.mark.parametrize("person", ["hanne", "mads", "sofie", "morten"])
def test_the_growth_houses_are_refused_the_workbook(client_for, request, person, agreement_2018):
    client = client_for(request.getfixturevalue(person))

    assert client.get(PAGE).status_code == 403
    assert client.post(PAGE).status_code == 403
    assert not WorkbookExport.objects.exists()


def test_a_workbook_is_its_requesters_only(client_for, rikke, rasmus, hanne, year):
    export = exports.WorkbookExport.objects.create(
        agreement=year, requested_by=rikke, language="da"
    )

    for path in ("", "status/", "download/"):
        assert client_for(rasmus).get(f"/workbooks/{export.pk}/{path}").status_code == 404
    assert client_for(hanne).get(f"/workbooks/{export.pk}/").status_code == 403


def test_an_unknown_year_is_not_found(client_for, rikke, agreement_2018):
    assert client_for(rikke).get("/agreements/1999/workbook/").status_code == 404
