"""Every night, files past their keeping time are deleted; the records of what was done stay."""

import datetime

import pytest
from django.core.files.base import ContentFile

from agreement.models import Agreement
from reporting.erp_import import services as imports
from reporting.housekeeping.tasks import housekeeping
from reporting.models import ImportBatch, WorkbookExport
from tests.reporting.erp_import.import_files import csv_bytes, erp_row, upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("tasks_at_commit_run_at_once")]

COPENHAGEN = datetime.timezone(datetime.timedelta(hours=2))


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored(folder):
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*") if path.is_file())


def uploaded(manager):
    content = csv_bytes([erp_row("ERP-1", activity_type="Event")])
    return imports.import_upload(
        house=manager.organisation, user=manager, upload=upload(content, "eksport.csv")
    )


def test_an_imports_file_and_rows_are_deleted_after_the_keeping_time(
    mads, time_machine, media_root, settings
):
    settings.IMPORT_KEEP_DAYS = 30
    time_machine.move_to(datetime.datetime(2018, 6, 1, 9, tzinfo=COPENHAGEN), tick=False)
    old = uploaded(mads)
    time_machine.move_to(datetime.datetime(2018, 6, 25, 9, tzinfo=COPENHAGEN), tick=False)
    recent = uploaded(mads)
    assert len(stored(media_root)) == 4  # each file and the rows read from it

    time_machine.move_to(datetime.datetime(2018, 7, 2, 3, 15, tzinfo=COPENHAGEN), tick=False)
    housekeeping()

    recent.refresh_from_db()
    assert stored(media_root) == sorted([recent.file.name, f"{recent.file.name}.rows.json"])
    old.refresh_from_db()
    assert not old.file
    assert ImportBatch.objects.count() == 2

    housekeeping()  # a second run finds nothing more
    assert len(stored(media_root)) == 2


def test_old_workbooks_are_deleted_with_their_files(rikke, time_machine, media_root):
    agreement = Agreement.objects.get(year=2018)
    time_machine.move_to(datetime.datetime(2018, 6, 1, 9, tzinfo=COPENHAGEN), tick=False)
    export = WorkbookExport.objects.create(agreement=agreement, requested_by=rikke, language="da")
    export.file.save("aftale.xlsx", ContentFile(b"PK"))

    time_machine.move_to(datetime.datetime(2018, 6, 5, 9, tzinfo=COPENHAGEN), tick=False)
    housekeeping()
    assert WorkbookExport.objects.exists()

    time_machine.move_to(datetime.datetime(2018, 6, 9, 9, tzinfo=COPENHAGEN), tick=False)
    housekeeping()
    assert not WorkbookExport.objects.exists()
    assert stored(media_root) == []
