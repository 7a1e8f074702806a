"""A reviewer gets the quarterly status report in Chromium: asked for on the overview, a
progress bar, a PDF download whose figures are the dashboards'."""

import datetime

import pytest
from playwright.sync_api import expect

from reporting.models import Activity
from reporting.rollups import services as rollups
from tests import readers
from tests.factories import make_activity

pytestmark = pytest.mark.django_db(transaction=True)


def test_reviewer_downloads_the_status_report_after_the_progress_bar(
    log_in, rikke, hanne, agreement_2018, celery_worker, tmp_path, console_errors
):
    readers.require("pdftotext")
    for day in range(1, 6):
        make_activity(
            author=hanne, status=Activity.Status.APPROVED, date=datetime.date(2018, 11, day)
        )
    rollups.rollup_full(agreement_2018, today=datetime.date(2018, 12, 31))
    page = log_in(rikke)

    page.get_by_role("link", name="Kvartalsvis statusrapport").click()
    page.get_by_label("Kvartal").select_option(label="4. kvartal: oktober–december 2018")
    page.get_by_role("button", name="Lav statusrapporten").click()

    if celery_worker is not None:
        expect(page.get_by_role("progressbar")).to_be_visible()
    download_link = page.get_by_role("link", name="Hent statusrapporten")
    expect(download_link).to_be_visible(timeout=60_000)
    with page.expect_download() as download:
        download_link.click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)

    text = "\n".join(readers.pdf_pages(path))
    assert path.name == "statusrapport-2018-k4-begge-kkr.pdf"
    assert "Statusrapport" in text and "4. kvartal" in text
    assert console_errors == []
