import pytest
from playwright.sync_api import expect

from tests.browser.menus import choose_language

pytestmark = pytest.mark.django_db(transaction=True)


def test_reviewer_logs_in_and_reads_goal_4a_with_both_targets(log_in, rikke, console_errors):
    page = log_in(rikke)
    page.get_by_role("navigation", name="Hovedmenu").get_by_role("link", name="Aftalen").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Regional aftale 2018")
    goal_4a = page.locator("#goal-a4a")
    expect(goal_4a.get_by_role("heading")).to_contain_text("4a")
    targets = goal_4a.locator("li.target")
    expect(targets).to_have_count(2)
    expect(targets.nth(0)).to_contain_text("Mindst 2")
    expect(targets.nth(1)).to_contain_text("Mindst 5 vækstforløb")
    expect(targets.nth(1)).to_contain_text("Leveret i det andet Væksthus")
    assert console_errors == []


def test_user_switches_to_english_and_back(log_in, hanne, console_errors):
    page = log_in(hanne)

    choose_language(page, "English")
    expect(page.get_by_role("link", name="The agreement")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")

    choose_language(page, "Dansk")
    expect(page.get_by_role("link", name="Aftalen")).to_be_visible()
    assert console_errors == []


def test_wrong_password_is_refused_in_danish(page, live_server, hanne):
    page.goto(f"{live_server.url}/")
    page.get_by_label("Brugernavn").fill("hanne")
    page.get_by_label("Adgangskode").fill("wrong password")
    page.get_by_role("button", name="Log ind").click()

    expect(page.get_by_role("alert")).to_contain_text("korrekt brugernavn og adgangskode")
    expect(page).to_have_url(f"{live_server.url}/accounts/login/?next=/")
