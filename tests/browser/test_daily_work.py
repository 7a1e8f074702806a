"""Daily work in the browser: a form that keeps what the user gave it, work queues, and the
notice of a returned activity, in the portal and by e-mail."""

import pytest
from playwright.sync_api import expect

from reporting.models import Activity
from tests.factories import new_cvr
from tests.reporting.activities.files import PDF

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def evidence_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def fill_growth_mapping(page, *, firm=True):
    page.get_by_label("Aktivitetstype").select_option(label="Vækstkortlægning")
    page.get_by_label("Dato").fill("14.06.2018")
    if firm:
        page.get_by_label("Virksomhed: CVR-nummer eller navn").fill(new_cvr())
        page.get_by_label("Den nye virksomheds navn").fill("Fyrtårn Robotics ApS")
        page.get_by_label("Den nye virksomheds kommune").select_option(label="Gladsaxe")
    # The look-ups of the firm, sent as it is typed, are answered before the form is sent.
    page.wait_for_load_state("networkidle")


def test_a_file_attached_before_an_error_is_still_attached_and_saved(
    log_in, hanne, tmp_path, console_errors
):
    evidence = tmp_path / "referat.pdf"
    evidence.write_bytes(PDF)
    page = log_in(hanne)
    page.get_by_role("link", name="Registrér aktivitet").first.click()
    fill_growth_mapping(page, firm=False)
    page.get_by_label("Tilføj filer").set_input_files(str(evidence))
    page.get_by_role("button", name="Gem og indsend").click()

    kept = page.get_by_label("referat.pdf")
    expect(kept).to_be_checked()
    assert Activity.objects.count() == 0

    page.get_by_label("Virksomhed: CVR-nummer eller navn").fill(new_cvr())
    page.get_by_label("Den nye virksomheds navn").fill("Fyrtårn Robotics ApS")
    page.get_by_label("Den nye virksomheds kommune").select_option(label="Gladsaxe")
    page.wait_for_load_state("networkidle")
    page.get_by_role("button", name="Gem og indsend").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Vækstkortlægning · 14.06.2018")
    expect(page.get_by_role("link", name="referat.pdf")).to_be_visible()
    assert Activity.objects.get().evidence.get().file_name == "referat.pdf"
    assert console_errors == []


def test_a_double_click_on_save_and_submit_gives_one_activity(log_in, hanne, console_errors):
    page = log_in(hanne)
    page.get_by_role("link", name="Registrér aktivitet").first.click()
    fill_growth_mapping(page)

    page.get_by_role("button", name="Gem og indsend").dblclick()

    expect(page.get_by_role("heading", level=1)).to_have_text("Vækstkortlægning · 14.06.2018")
    page.wait_for_load_state("networkidle")
    assert Activity.objects.count() == 1
    assert console_errors == []
