import datetime

import pytest
from playwright.sync_api import expect

from reporting.models import Activity, Firm
from tests.browser.menus import log_out
from tests.factories import make_activity, make_firm, new_cvr

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def evidence_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_staff_logs_a_growth_mapping_for_a_new_firm_and_the_manager_approves(
    log_in, hanne, mads, console_errors
):
    page = log_in(hanne)
    page.get_by_role("link", name="Registrér aktivitet").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Registrér aktivitet")

    page.get_by_label("Aktivitetstype").select_option(label="Vækstkortlægning")
    page.get_by_label("Dato").fill("14.06.2018")
    cvr = new_cvr()
    page.get_by_label("Virksomhed: CVR-nummer eller navn").fill(cvr)
    page.get_by_label("Den nye virksomheds navn").fill("Fyrtårn Robotics ApS")
    page.get_by_label("Den nye virksomheds kommune").select_option(label="Gladsaxe")
    page.get_by_label("Beskrivelse").fill("Vækstkortlægning med fokus på automatisering.")
    page.get_by_role("button", name="Gem og indsend").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Vækstkortlægning · 14.06.2018")
    expect(page.locator(".messages")).to_contain_text("Aktiviteten er gemt i Regional aftale 2018.")
    expect(page.locator("main .badge").first).to_have_text("Indsendt")
    expect(page.get_by_role("link", name="Fyrtårn Robotics ApS")).to_be_visible()
    activity_url = page.url

    log_out(page)
    page = log_in(mads)
    page.goto(activity_url)
    page.get_by_role("button", name="Godkend").click()

    expect(page.locator(".messages")).to_contain_text("Aktiviteten er godkendt.")
    expect(page.locator("main .badge").first).to_have_text("Godkendt")
    expect(page.locator(".history")).to_contain_text("Godkendt · Mads Testesen")
    activity = Activity.objects.get(firm__cvr=cvr)
    assert activity.status == Activity.Status.APPROVED
    assert Firm.objects.get(cvr=cvr).municipality.name == "Gladsaxe"
    assert console_errors == []


def test_staff_is_warned_of_a_firm_the_other_house_met_last_month_and_goes_on(
    log_in, hanne, sofie, console_errors
):
    firm = make_firm(user=sofie, name="Nordlys Rådgivning ApS", municipality_code=316)
    make_activity(
        author=sofie,
        firm=firm,
        activity_type="growth_mapping",
        date=datetime.date(2018, 5, 15),
        status=Activity.Status.APPROVED,
    )
    page = log_in(hanne)
    page.get_by_role("link", name="Registrér aktivitet").first.click()
    page.get_by_label("Aktivitetstype").select_option(label="Vejledning")
    page.get_by_label("Dato").fill("14.06.2018")

    firm_field = page.get_by_label("Virksomhed: CVR-nummer eller navn")
    firm_field.press_sequentially("Nordlys")
    expect(page.locator("#firm-options option")).to_have_count(1)
    expect(page.locator("#firm-options option")).to_have_attribute("value", firm.cvr)
    firm_field.fill(firm.cvr)

    expect(page.locator("#firm-found")).to_contain_text("Nordlys Rådgivning ApS · Holbæk")
    expect(page.get_by_label("Den nye virksomheds navn")).to_be_hidden()
    warning = page.locator("#contact-warning")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("Væksthus Sjælland")
    expect(warning).to_contain_text("vækstkortlægning")
    expect(warning).to_contain_text("15.05.2018")

    page.get_by_role("button", name="Gem og indsend").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vejledning · 14.06.2018")
    expect(page.locator(".messages")).to_contain_text("Væksthus Sjælland")
    assert Activity.objects.filter(house=hanne.organisation, firm=firm).count() == 1
    assert console_errors == []


def test_a_mistake_is_shown_next_to_the_field_and_nothing_is_saved(log_in, hanne, console_errors):
    page = log_in(hanne)
    page.get_by_role("link", name="Registrér aktivitet").first.click()
    page.get_by_label("Aktivitetstype").select_option(label="Vejledning")
    page.get_by_label("Dato").fill("14.06.2019")
    page.get_by_label("Virksomhed: CVR-nummer eller navn").fill("12345678")
    page.get_by_role("button", name="Gem og indsend").click()

    expect(page.locator("#error_1_id_date")).to_contain_text(
        "ligger ikke i et aftaleår, der tager imod registreringer nu"
    )
    expect(page.locator("#error_1_id_firm_cvr")).to_contain_text("kontrolcifferet passer ikke")
    expect(page.get_by_label("Dato")).to_have_value("14.06.2019")
    assert not Activity.objects.exists()
    assert console_errors == []
