"""A reviewer gets the year-end workbook in Chromium: asked for, a progress bar, a download.

With a broker (CI's PostgreSQL and Redis run) the real worker writes it while the
bar moves; without one it is written before the page answers.
"""

import datetime

import openpyxl
import pytest
from playwright.sync_api import expect

from reporting.models import Activity
from reporting.rollups import services as rollups
from tests.factories import make_activity

pytestmark = pytest.mark.django_db(transaction=True)


def test_reviewer_downloads_the_workbook_after_the_progress_bar(
    log_in, rikke, hanne, agreement_2018, celery_worker, tmp_path, console_errors
):
    for day in range(1, 21):
        make_activity(
            author=hanne, status=Activity.Status.APPROVED, date=datetime.date(2018, 5, day)
        )
    rollups.rollup_full(agreement_2018)
    page = log_in(rikke)

    page.get_by_role("link", name="Regneark til årsafslutningen").click()
    page.get_by_role("button", name="Lav regnearket").click()

    if celery_worker is not None:
        # The worker writes it: the page shows the bar until it is ready.
        expect(page.get_by_role("progressbar")).to_be_visible()
    download_link = page.get_by_role("link", name="Hent regnearket")
    expect(download_link).to_be_visible(timeout=60_000)
    with page.expect_download() as download:
        download_link.click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)

    workbook = openpyxl.load_workbook(path)
    assert path.name == "regional-aftale-2018.xlsx"
    assert "Revision" in workbook.sheetnames
    assert console_errors == []
