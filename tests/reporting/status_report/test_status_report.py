"""The quarterly status report: asked for on the overview, written by Celery, downloaded
as a PDF whose figures are the dashboards'. The PDF is read back with pdftotext."""

import datetime
import re

import pytest
from django.test import Client

from agreement.models import Organisation
from goals import services as goal_services
from goals.models import Progress, Target
from reporting.models import Activity, StatusReport
from reporting.rollups import services as rollups
from reporting.rollups.selectors import agreement_progress
from tests import readers
from tests.factories import make_activity, make_firm

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("tasks_in_process")]

PAGE = "/agreements/2018/status-report/"
YEAR_END = datetime.date(2018, 12, 31)


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def year(hanne, sofie, mads, agreement_2018):
    for _ in range(3):
        make_activity(
            author=hanne,
            firm=make_firm(user=hanne, municipality_code=101),
            status=Activity.Status.APPROVED,
            date=datetime.date(2018, 3, 5),
        )
    make_activity(
        author=sofie,
        firm=make_firm(user=sofie, municipality_code=370),
        status=Activity.Status.APPROVED,
        date=datetime.date(2018, 11, 5),
    )
    goal_services.status_text_save(
        goal=Target.objects.get(code="a.4a.growth-courses").goal,
        house=mads.organisation,
        quarter=4,
        status=Progress.ON_TRACK,
        text="Fire vækstforløb leveret i Sjælland i fjerde kvartal",
        author=mads,
    )
    rollups.rollup_full(agreement_2018, today=YEAR_END)
    return agreement_2018


def ask(client, captured, **data):
    with captured(execute=True):
        response = client.post(PAGE, {"quarter": 4, "kkr": "", **data})
    assert response.status_code == 302, response.content.decode()[:2000]
    return response, StatusReport.objects.get()


def pdf_text(client, report, tmp_path) -> str:
    download = client.get(f"/status-reports/{report.pk}/download/")
    assert download["Content-Type"] == "application/pdf"
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(b"".join(download.streaming_content))
    return "\n".join(readers.pdf_pages(pdf))


def test_a_reviewer_gets_the_quarters_report_with_the_dashboards_figures(
    client_for, rikke, year, django_capture_on_commit_callbacks, tmp_path
):
    readers.require("pdftotext")
    client = client_for(rikke)
    assert "Lav statusrapporten" in client.get(PAGE).content.decode()

    response, report = ask(client, django_capture_on_commit_callbacks)

    assert response.url == f"/status-reports/{report.pk}/"
    assert "Statusrapporten er klar" in client.get(response.url).content.decode()
    assert client.get(f"/status-reports/{report.pk}/status/").json()["percent"] == 100
    text = pdf_text(client, report, tmp_path)
    progress = agreement_progress(year)
    guided = progress.outline.national_targets[0]
    assert "Statusrapport" in text and "4. kvartal: oktober–december 2018" in text
    # The first headline row: the target's text, value, at least, percentage.
    headline = re.search(r"vejlede 4\.000.*?\s(\d+)\s+4\.000\s+(\d+)\s*%", text, re.DOTALL)
    assert headline, text[:2000]
    assert headline.group(1) == str(int(guided.total_progress.value))
    assert headline.group(2) == f"{guided.total_progress.percentage:.0f}"
    for house, (points, _maximum) in progress.house_scores:
        line = next(line for line in text.splitlines() if line.strip().startswith(house.name))
        assert f"{points:.2f}".replace(".", ",") in line
    assert "Fire vækstforløb leveret i Sjælland i fjerde kvartal" in text
    assert "alle fem væksthuse" in text


def test_a_report_for_one_kkr_adds_its_municipalities_figures(
    client_for, rasmus, year, django_capture_on_commit_callbacks, tmp_path
):
    readers.require("pdftotext")
    client = client_for(rasmus)
    sjaelland = Organisation.objects.get(kind=Organisation.Kind.KKR, name__contains="Sjælland")

    _response, report = ask(client, django_capture_on_commit_callbacks, kkr=sjaelland.key)

    assert report.kkr == sjaelland
    text = pdf_text(client, report, tmp_path)
    assert f"Heraf i {sjaelland.name}" in text


def test_the_report_follows_the_readers_language(
    client_for, anne, year, django_capture_on_commit_callbacks, tmp_path
):
    readers.require("pdftotext")
    client = client_for(anne)
    client.post("/i18n/setlang/", {"language": "en"})

    _response, report = ask(client, django_capture_on_commit_callbacks)

    assert report.language == "en"
    assert "Status report" in pdf_text(client, report, tmp_path)


def test_a_quarter_outside_the_period_is_refused_in_danish(client_for, rikke, year):
    response = client_for(rikke).post(PAGE, {"quarter": 5, "kkr": ""})

    assert response.status_code == 200
    assert "Vælg et kvartal i aftalens periode." in response.content.decode()
    assert not StatusReport.objects.exists()


@pytest.mark.parametrize("person", ["hanne", "mads", "sofie", "morten"])
def test_the_growth_houses_are_refused_the_status_report(client_for, request, person, year):
    client = client_for(request.getfixturevalue(person))

    assert client.get(PAGE).status_code == 403
    assert client.post(PAGE, {"quarter": 4}).status_code == 403
    assert not StatusReport.objects.exists()


def test_a_status_report_is_its_requesters_only(client_for, rikke, rasmus, hanne, year):
    report = StatusReport.objects.create(
        agreement=year, requested_by=rikke, language="da", quarter=4
    )

    for path in ("", "status/", "download/"):
        assert client_for(rasmus).get(f"/status-reports/{report.pk}/{path}").status_code == 404
    assert client_for(hanne).get(f"/status-reports/{report.pk}/").status_code == 403
    anonymous = Client().get(f"/status-reports/{report.pk}/")
    assert anonymous.status_code == 302 and anonymous.url.startswith("/accounts/login/")


def test_the_overview_offers_the_report_to_readers_only(client_for, rikke, hanne, year):
    assert PAGE in client_for(rikke).get("/agreements/2018/dashboard/").content.decode()
    assert PAGE not in client_for(hanne).get("/agreements/2018/dashboard/").content.decode()
