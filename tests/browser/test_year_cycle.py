"""The year's life in the browser: an administrator closes 2018 for late entries and activates
2019; a staff member switches between the years, logs a late 2018 entry before the deadline and
is refused after it."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from agreement.models import Agreement
from reporting.models import Activity
from tests.browser.menus import log_out
from tests.factories import make_activity
from tests.goals.agreement_files import load_2019

pytestmark = pytest.mark.django_db(transaction=True)

DEADLINE = timezone.localdate() + datetime.timedelta(days=30)


def switch_year(page, title):
    page.get_by_test_id("year-switch").get_by_role("button").first.click()
    page.get_by_role("button", name=title).click()
    page.wait_for_load_state()


def log_collaboration(page, day):
    page.get_by_label("Aktivitetstype").select_option(label="Samarbejde")
    page.get_by_label("Dato").fill(day)
    page.get_by_label("Dato").blur()


def test_the_year_is_closed_the_next_activated_and_a_late_entry_taken_until_the_deadline(
    log_in, anne, hanne, console_errors
):
    load_2019(status=Agreement.Status.DRAFT)
    earlier = make_activity(
        author=hanne, activity_type="collaboration", status=Activity.Status.APPROVED
    )

    # The administrator closes 2018 for late entries ...
    page = log_in(anne)
    page.get_by_role("link", name="Aftalen").click()
    page.get_by_role("link", name="Luk året").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Luk Regional aftale 2018?")
    page.get_by_label("Sene registreringer til og med").fill(f"{DEADLINE:%d.%m.%Y}")
    page.get_by_role("button", name="Luk året").click()
    expect(page.locator(".messages")).to_contain_text(
        "Regional aftale 2018 tager imod sene registreringer til og med"
    )
    expect(page.get_by_test_id("agreement-state")).to_have_text("Lukker")

    # ... and activates 2019, a draft only she sees, from its page.
    switch_year(page, "Regional aftale 2019/20 · kladde")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Regional aftale 2019/20")
    page.get_by_role("link", name="Aktivér").click()
    expect(page.get_by_test_id("consequences")).to_contain_text("1. juli 2019 til 30. juni 2020")
    page.get_by_role("button", name="Aktivér").click()
    expect(page.locator(".messages")).to_contain_text("Regional aftale 2019/20 er aktiv.")
    log_out(page)

    # The staff member starts in 2019, the newest active year, and switches to 2018.
    page = log_in(hanne)
    page.get_by_role("link", name="Aktiviteter").click()
    expect(page.locator("[data-activity]")).to_have_count(0)
    switch_year(page, "Regional aftale 2018 · lukker")
    expect(page.locator(f'[data-activity="{earlier.pk}"]')).to_be_visible()
    expect(page.get_by_test_id("year-state")).to_contain_text("Regional aftale 2018 lukker")

    # A late entry for 2018: the form says where it counts as the date is typed.
    page.get_by_role("link", name="Registrér aktivitet").first.click()
    page.wait_for_load_state()  # the form's script follows the date from here
    entry_year = page.get_by_test_id("entry-year")
    expect(entry_year).to_have_text("Aktiviteten tæller i Regional aftale 2018.")
    log_collaboration(page, "02.09.2019")
    expect(entry_year).to_have_text("Aktiviteten tæller i Regional aftale 2019/20.")
    log_collaboration(page, "15.11.2018")
    expect(entry_year).to_have_text("Aktiviteten tæller i Regional aftale 2018.")
    page.get_by_role("button", name="Gem og indsend").click()
    expect(page.locator(".messages")).to_contain_text("Aktiviteten er gemt i Regional aftale 2018.")
    late = Activity.objects.exclude(pk=earlier.pk).get()
    assert (late.agreement.year, late.date) == (2018, datetime.date(2018, 11, 15))

    # The deadline passes: the year refuses the next late entry, next to the date.
    Agreement.objects.filter(year=2018).update(
        entries_close_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    page.get_by_role("link", name="Registrér aktivitet").first.click()
    expect(page.get_by_test_id("year-state")).to_contain_text("Regional aftale 2018 er lukket")
    log_collaboration(page, "16.11.2018")
    page.get_by_role("button", name="Gem og indsend").click()
    expect(page.locator("#id_date_error")).to_contain_text(
        "Regional aftale 2018 er lukket: fristen for sene registreringer var"
    )
    assert Activity.objects.count() == 2
    assert console_errors == []
