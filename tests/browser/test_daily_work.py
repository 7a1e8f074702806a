"""Daily work in the browser: a form that keeps what the user gave it, work queues, and the
notice of a returned activity, in the portal and by e-mail."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from reporting.models import Activity
from tests.browser.menus import log_out
from tests.factories import make_activity, new_cvr
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


# Work queues and notices.


@pytest.fixture
def submitted_by_hanne(hanne):
    return [
        make_activity(
            author=hanne, status=Activity.Status.SUBMITTED, date=datetime.date(2018, 6, day)
        )
        for day in (4, 5)
    ]


def test_a_manager_sees_to_approve_in_the_menu_and_approves_from_it(
    log_in, mads, submitted_by_hanne, console_errors
):
    page = log_in(mads)
    menu_link = page.get_by_role("link", name="Til godkendelse (2)")
    expect(menu_link).to_be_visible()
    menu_link.click()

    queue = page.get_by_test_id("queue-to_approve")
    expect(queue.get_by_role("heading")).to_have_text("Til godkendelse (2)")
    queue.get_by_role("button", name=re.compile(r"^Godkend\W+Vejledning 04\.06\.2018$")).click()

    expect(page.locator(".messages")).to_contain_text("Aktiviteten er godkendt.")
    expect(page.get_by_role("link", name="Til godkendelse (1)")).to_be_visible()
    expect(page.get_by_test_id("queue-to_approve").get_by_role("heading")).to_have_text(
        "Til godkendelse (1)"
    )
    first, second = submitted_by_hanne
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (Activity.Status.APPROVED, Activity.Status.SUBMITTED)
    assert console_errors == []


def test_staff_see_the_returned_activity_on_their_page_and_in_their_email(
    log_in, hanne, mads, submitted_by_hanne, smtp_server, tasks_in_process, console_errors
):
    hanne.email = "hanne@example.dk"
    hanne.save(update_fields=["email"])
    page = log_in(mads)
    page.get_by_test_id("queue-to_approve").get_by_role(
        "link", name=re.compile(r"^Send retur\W+Vejledning 05\.06\.2018$")
    ).click()
    page.get_by_label("Hvorfor sendes den retur?").fill("Virksomhedens CVR-nummer mangler.")
    page.get_by_role("button", name="Send retur").click()
    expect(page.locator(".messages")).to_contain_text("sendt retur")
    log_out(page)

    page = log_in(hanne)
    expect(page.get_by_role("link", name="Sendt retur til mig (1)")).to_be_visible()
    returned = page.get_by_test_id("queue-returned_to_me")
    expect(returned).to_contain_text("Vejledning · 05.06.2018")
    expect(returned).to_contain_text("Virksomhedens CVR-nummer mangler.")
    expect(page.get_by_test_id("landing-notices")).to_contain_text(
        "Din aktivitet er sendt retur: Vejledning 05.06.2018"
    )

    [mail] = smtp_server.to("hanne@example.dk")
    assert mail["Subject"] == "Din aktivitet er sendt retur: Vejledning 05.06.2018"
    assert "Virksomhedens CVR-nummer mangler." in mail.get_content()

    returned.get_by_role("link", name=re.compile(r"^Redigér\W+Vejledning 05\.06\.2018$")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Redigér aktivitet")
    assert console_errors == []
