"""Status texts in the browser: the manager writes a quarter's text with the last one in
view, and a reviewer reads them. Uses the Danish labels (the portal's default language)."""

import re

import pytest
from playwright.sync_api import expect

from goals.models import Progress, StatusText
from tests.browser.menus import log_out

pytestmark = pytest.mark.django_db(transaction=True)

# The labels as crispy-forms renders them: a required field's label ends with an asterisk.
STATUS = re.compile(r"^\s*Status\W*$")
TEXT = re.compile(r"^\s*Statustekst\W*$")
FIRST = "Samarbejdet med Copenhagen Capacity er i gang; tre kommuner er med i første runde."
SECOND = "Fire nye samarbejder med kommunerne, men Copenhagen Capacity mangler en kontaktperson."


def cell(page, goal_code, quarter, house="vaeksthus-hovedstaden"):
    return page.locator(
        f'section[data-house="{house}"] tr[data-goal="{goal_code}"] td[data-quarter="{quarter}"]'
    )


def test_mads_writes_two_quarters_and_rikke_reads_them(log_in, mads, rikke, console_errors):
    page = log_in(mads)
    page.get_by_role("link", name="Status og effekt").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Statustekster")

    cell(page, "a.1", 1).get_by_role("link", name="Skriv statustekst").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Statustekst · 1. kvartal: januar–marts 2018"
    )
    expect(page.get_by_test_id("previous-text")).to_contain_text(
        "Ingen tekst fra et tidligere kvartal i året."
    )
    page.get_by_label(STATUS).select_option(label="På sporet")
    page.get_by_label(TEXT).fill(FIRST)
    page.get_by_role("button", name="Gem").click()

    expect(page.locator(".messages")).to_contain_text("Statusteksten er gemt.")
    expect(cell(page, "a.1", 1)).to_contain_text("På sporet")
    expect(cell(page, "a.1", 1)).to_contain_text("Samarbejdet med Copenhagen Capacity")

    cell(page, "a.1", 2).get_by_role("link", name="Skriv statustekst").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Statustekst · 2. kvartal: april–juni 2018"
    )
    previous = page.get_by_test_id("previous-text")
    expect(previous).to_contain_text("Teksten fra 1. kvartal: januar–marts 2018")
    expect(previous).to_contain_text("På sporet")
    expect(previous).to_contain_text(FIRST)
    page.get_by_label(STATUS).select_option(label="I risiko")
    page.get_by_label(TEXT).fill(SECOND)
    page.get_by_role("button", name="Gem").click()

    expect(cell(page, "a.1", 2)).to_contain_text("I risiko")
    texts = StatusText.objects.filter(house=mads.organisation).order_by("quarter")
    assert [(t.quarter, t.status, t.text) for t in texts] == [
        (1, Progress.ON_TRACK, FIRST),
        (2, Progress.AT_RISK, SECOND),
    ]

    log_out(page)
    page = log_in(rikke)
    page.get_by_role("link", name="Status og effekt").click()
    expect(page.get_by_role("heading", name="Væksthus Hovedstadsregionen")).to_be_visible()
    expect(page.get_by_role("heading", name="Væksthus Sjælland")).to_be_visible()
    expect(cell(page, "a.1", 1)).to_contain_text("På sporet")
    expect(page.get_by_role("link", name="Skriv statustekst")).to_have_count(0)

    cell(page, "a.1", 2).get_by_role("link").click()
    expect(page.get_by_test_id("current-text")).to_contain_text(SECOND)
    expect(page.get_by_test_id("current-text")).to_contain_text("I risiko")
    expect(page.get_by_test_id("previous-text")).to_contain_text(FIRST)
    expect(page.locator(".history")).to_contain_text("Skrevet · Mads Testesen")
    expect(page.locator("#status-text-form")).to_have_count(0)
    assert console_errors == []
