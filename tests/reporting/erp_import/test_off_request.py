"""The file is read and its rows checked and written by Celery, never in the request: the
pages show a bar meanwhile, and a sheet that would take too long to read is refused first."""

import io
import zipfile

import openpyxl
import pytest
from django.urls import reverse

from core import spreadsheets
from reporting.erp_import import services
from reporting.models import Activity, ImportBatch
from tests.reporting.erp_import.import_files import HEADERS, erp_row, upload, workbook_parts

pytestmark = pytest.mark.django_db

ROWS = 50_000


@pytest.fixture
def manager(client_for, mads):
    """Return a client for Mads, manager of Væksthus Hovedstadsregionen, reading English."""
    client = client_for(mads)
    client.cookies["django_language"] = "en"
    return client


def export_of(rows):
    """Return an ordinary xlsx export of the given number of rows, as ERP systems write it."""
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(HEADERS)
    for number in range(1, rows + 1):
        row = erp_row(f"ERP-{number}", activity_type="Event")
        sheet.append([row.get(header, "") for header in HEADERS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def dimensionless_sheet(unpacked_size):
    """Return a workbook whose only sheet declares no <dimension> and unpacks to about the
    given size: openpyxl would parse all of it to learn its size."""
    cells = b"".join(
        b'<c t="inlineStr"><is><t>Vejledning om eksport</t></is></c>' for _ in range(10)
    )
    row = b"<row>" + cells + b"</row>"
    sheet = (
        b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
        b'spreadsheetml/2006/main"><sheetData>'
        + row * (unpacked_size // len(row))
        + b"</sheetData></worksheet>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, data in workbook_parts(sheet_xml=sheet).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_a_sheet_without_dimensions_is_refused_before_it_is_parsed(manager, monkeypatch):
    def never(*args, **kwargs):
        raise AssertionError("openpyxl must not parse a sheet of that many cells")

    monkeypatch.setattr(openpyxl, "load_workbook", never)
    content = dimensionless_sheet(97_500_000)
    client = manager

    response = client.post(reverse("reporting:import_upload"), {"file": upload(content)})

    page = client.get(response.url).content.decode()
    assert "The file could not be read" in page
    assert (
        "eksport.xlsx holds more than 1,000,000 cells: more than a workbook may hold here. "
        "Split it into smaller files."
    ) in page
    assert not ImportBatch.objects.get().file


def test_the_cells_are_counted_whatever_prefix_the_sheet_gives_its_elements():
    sheet = (
        b'<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b"<x:sheetData>" + b'<x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c></x:row>' * 30
    ) + b"</x:sheetData></x:worksheet>"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in workbook_parts(sheet_xml=sheet).items():
            archive.writestr(name, data)

    with pytest.raises(spreadsheets.ValidationError) as refused:
        spreadsheets.check_cell_count(buffer, name="ark.xlsx", max_cells=29)

    assert refused.value.code == spreadsheets.TOO_MANY_CELLS
    spreadsheets.check_cell_count(buffer, name="ark.xlsx", max_cells=30)


def test_a_zip_of_too_many_entries_is_refused_for_that(manager):
    members = {**workbook_parts(), **{f"xl/media/{n}.bin": b"" for n in range(10_001)}}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)

    response = manager.post(reverse("reporting:import_upload"), {"file": upload(buffer.getvalue())})

    assert (
        "eksport.xlsx holds 10,006 files inside; a workbook holds a few dozen, and at most "
        "10,000 are accepted."
    ) in response.content.decode()


def test_a_50000_row_export_is_previewed_and_confirmed_by_celery_with_a_bar(
    manager, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.undo()  # queue the steps for the commit, as in production
    stored = []
    set_progress = services.cache.set
    monkeypatch.setattr(
        services.cache,
        "set",
        lambda key, value, **kwargs: (stored.append(value), set_progress(key, value, **kwargs)),
    )
    client = manager

    with django_capture_on_commit_callbacks() as read:
        response = client.post(
            reverse("reporting:import_upload"), {"file": upload(export_of(ROWS), "maj.xlsx")}
        )
    batch = ImportBatch.objects.get()
    page = client.get(response.url).content.decode()
    assert "Reading the file and checking its rows" in page
    assert 'id="workbook-progress"' in page
    assert (
        client.get(reverse("reporting:import_status", args=[batch.pk])).json()["finished"] is False
    )

    read[0]()  # the worker
    page = client.get(response.url).content.decode()
    assert "Preview of the import" in page
    assert '<dd class="col-sm-7 col-md-8" data-count="created">50000</dd>' in page
    assert stored[-1] == (ROWS, ROWS)
    assert len(stored) > 1

    with django_capture_on_commit_callbacks() as confirm:
        client.post(reverse("reporting:import_confirm", args=[batch.pk]))
    assert "Saving the rows" in client.get(response.url).content.decode()
    assert not Activity.objects.exists()

    confirm[0]()
    page = client.get(response.url).content.decode()
    assert "Import confirmed" in page
    assert '<dd class="col-sm-7 col-md-8" data-count="created">50000</dd>' in page
    assert Activity.objects.count() == ROWS
