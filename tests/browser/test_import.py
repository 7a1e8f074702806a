import pytest
from playwright.sync_api import expect

from reporting.models import Activity, Firm
from tests.factories import make_firm, new_cvr
from tests.reporting.erp_import.import_files import erp_row, xlsx_bytes

# The import's Celery steps run in the live server's process, as soon as each request commits.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("tasks_in_process")]


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def erp_export(hanne, tmp_path):
    """The ERP's export of May: three good rows and one with a wrong CVR check digit."""
    known = make_firm(user=hanne, name="Kendt Firma ApS", municipality_code=147)
    rows = [
        erp_row("ERP-101", activity_type="Vejledning", cvr=known.cvr, date="03.05.2018"),
        erp_row(
            "ERP-102",
            activity_type="Vækstkortlægning",
            cvr=new_cvr(),
            firm_name="Fyrtårn Robotics ApS",
            municipality_code="159",
            date="14.05.2018",
        ),
        erp_row("ERP-103", activity_type="Event", quantity="2,5", date="22.05.2018"),
        erp_row("ERP-104", activity_type="Vejledning", cvr="12345678", date="28.05.2018"),
    ]
    path = tmp_path / "erp-maj-2018.xlsx"
    path.write_bytes(xlsx_bytes(rows))
    return path


def in_english(page, live_server):
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page.reload()
    return page


def upload(page, path):
    nav = page.get_by_role("navigation", name="Main navigation")
    nav.get_by_role("link", name="Import from ERP").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import from ERP")
    page.get_by_label("The ERP system's export").set_input_files(str(path))
    page.get_by_role("button", name="Upload and preview").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Preview of the import")


def test_manager_uploads_the_erp_export_sees_the_row_error_and_confirms(
    log_in, live_server, mads, erp_export, console_errors
):
    page = in_english(log_in(mads), live_server)

    upload(page, erp_export)
    counts = page.get_by_test_id("import-counts")
    expect(counts.locator('[data-count="created"]')).to_have_text("3")
    expect(counts.locator('[data-count="errors"]')).to_have_text("1")
    expect(page.locator("#import-errors")).to_have_text(
        "Row 5, CVR-nummer: 12345678 is not a valid CVR number: the check digit does not match."
    )
    expect(page.locator("#import-created tbody tr")).to_have_count(3)
    expect(page.locator("#import-created")).to_contain_text("Fyrtårn Robotics ApS")
    assert not Activity.objects.exists()

    page.get_by_role("button", name="Confirm the import").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import confirmed")
    counts = page.get_by_test_id("import-counts")
    expect(counts.locator('[data-count="created"]')).to_have_text("3")
    expect(counts.locator('[data-count="errors"]')).to_have_text("1")

    page.get_by_role("link", name="See the activities").click()
    expect(page.locator(".activity-table tbody tr")).to_have_count(3)
    expect(page.locator(".activity-table")).to_contain_text("Fyrtårn Robotics ApS")
    page.get_by_role("link", name="14.05.2018").click()
    expect(page.locator(".history")).to_contain_text("Imported · Mads Testesen")
    assert set(Activity.objects.values_list("erp_id", "status")) == {
        ("ERP-101", "approved"),
        ("ERP-102", "approved"),
        ("ERP-103", "approved"),
    }
    assert Firm.objects.get(name="Fyrtårn Robotics ApS").municipality.name == "Gladsaxe"
    assert console_errors == []


def test_importing_the_same_export_again_changes_nothing(
    log_in, live_server, mads, erp_export, console_errors
):
    page = in_english(log_in(mads), live_server)
    upload(page, erp_export)
    page.get_by_role("button", name="Confirm the import").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import confirmed")
    history = Activity.history.count()

    upload(page, erp_export)
    counts = page.get_by_test_id("import-counts")
    expect(counts.locator('[data-count="created"]')).to_have_text("0")
    expect(counts.locator('[data-count="unchanged"]')).to_have_text("3")
    page.get_by_role("button", name="Confirm the import").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Import confirmed")
    expect(counts.locator('[data-count="created"]')).to_have_text("0")
    expect(counts.locator('[data-count="unchanged"]')).to_have_text("3")
    assert Activity.objects.count() == 3
    assert Activity.history.count() == history
    assert console_errors == []
