"""A reviewer reads the dashboards in Chromium; axe-core finds no serious barrier on them.

With a broker configured (CI's PostgreSQL and Redis run), the roll-up after an
approval runs on the real Celery worker; else in-process.
"""

import datetime
import re
import time

import pytest
from playwright.sync_api import expect

from reporting.models import Activity
from reporting.rollups import services as rollups
from tests.base import PASSWORD
from tests.browser.axe import axe_violations, horizontal_overflow
from tests.factories import make_activity, make_firm

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def year(hanne, sofie, agreement_2018):
    """Both houses' approved guidance and one growth course delivered in the other house."""
    for code in (101, 147, 370):
        make_activity(
            author=hanne,
            firm=make_firm(user=hanne, municipality_code=code),
            status=Activity.Status.APPROVED,
            date=datetime.date(2018, 2, 14),
        )
    make_activity(
        author=sofie,
        firm=make_firm(user=sofie, municipality_code=370),
        status=Activity.Status.APPROVED,
        activity_type="growth_mapping",
        date=datetime.date(2018, 4, 9),
    )
    rollups.rollup_full(agreement_2018)
    return agreement_2018


def test_reviewer_reads_the_overview_opens_goal_4a_and_filters_to_sjaelland(
    log_in, rikke, year, console_errors
):
    page = log_in(rikke)

    expect(page.get_by_role("heading", level=1)).to_contain_text("Overblik")
    expect(page.get_by_test_id("scope")).to_have_text("Viser begge væksthuse i KKR Hovedstaden.")
    guided = page.get_by_test_id("headline").locator('[data-target="national.guided-firms"]')
    expect(guided.locator(".value")).to_have_text("2")
    expect(guided.locator(".whole-value")).to_have_text("4")
    assert axe_violations(page) == []

    page.get_by_role("link", name="4a Udvælgelse af min. 2 fagområder").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("4a")
    expect(page.locator("section[data-target]")).to_have_count(2)
    expect(page.locator('[data-target="a.4a.professional-areas"]')).to_be_visible()
    expect(page.locator('[data-target="a.4a.growth-courses"]')).to_be_visible()
    assert axe_violations(page) == []

    page.get_by_label("Væksthus", exact=True).select_option(label="Væksthus Sjælland")
    page.get_by_label("KKR eller kommune").select_option(label="Alle kommuner")
    page.get_by_role("button", name="Vis").click()
    expect(page).to_have_url(re.compile(r"house=vaeksthus-sjaelland"))
    expect(page.get_by_test_id("scope")).to_have_text("Viser Væksthus Sjælland.")

    page.get_by_role("navigation", name="Brødkrumme").get_by_role("link", name="Overblik").click()
    expect(page.get_by_test_id("scope")).to_have_text("Viser Væksthus Sjælland.")
    expect(guided.locator(".value")).to_have_text("1")
    assert console_errors == []


def test_a_kkr_sjaelland_reviewer_reads_the_kkrs_figures_first(log_in, rasmus, year):
    page = log_in(rasmus)

    guided = page.get_by_test_id("headline").locator('[data-target="national.guided-firms"]')
    # The first figure the reader meets is KKR Sjælland's (two Næstved firms), the whole beside.
    expect(guided.locator("p").nth(0)).to_have_text("I KKR Sjælland")
    expect(guided.locator(".value")).to_have_text("2")
    expect(guided.locator(".whole-value")).to_have_text("4")
    figures = guided.locator(".value, .whole-value")
    first, second = (figures.nth(i).bounding_box() for i in range(2))
    assert (first["y"], first["x"]) < (second["y"], second["x"])
    font = "el => parseFloat(getComputedStyle(el).fontSize)"
    assert figures.nth(0).evaluate(font) > figures.nth(1).evaluate(font)
    expect(guided).to_contain_text("fælles for alle fem væksthuse")


def test_a_kkr_reviewers_overview_fits_two_screens_and_leads_to_the_goal_behind(
    log_in, page, rasmus, demo_year, console_errors
):
    page.set_viewport_size({"width": 1280, "height": 800})
    log_in(rasmus)
    expect(page.get_by_test_id("scope")).to_have_text("Viser begge væksthuse i KKR Sjælland.")

    assert page.evaluate("document.documentElement.scrollHeight") <= 2000
    # Each goal is a row; the one behind is marked on its edge and shows what holds it back.
    goals = page.locator("tr[data-goal]")
    behind = goals.filter(has=page.locator(".goal-status", has_text="Bagud"))
    expect(behind).to_have_count(1)
    expect(behind).to_be_visible()
    edge = "row => getComputedStyle(row.querySelector('th')).borderLeftWidth"
    assert behind.evaluate(edge) == "4px"
    assert goals.filter(has=page.locator(".goal-status", has_text="På sporet")).first.evaluate(
        edge
    ) in ("0px", "1px")
    expect(behind.locator(".goal-figure")).to_contain_text("Ikke opfyldt")

    targets = behind.locator("li[data-target]")
    expect(targets.first).to_be_hidden()
    behind.get_by_text("Alle 4 måltal").click()
    expect(targets).to_have_count(4)
    expect(targets.filter(has_text="Bagud")).to_be_visible()

    code = behind.get_attribute("data-goal")
    behind.get_by_role("link").click()
    expect(page).to_have_url(re.compile(rf"/dashboard/goals/{re.escape(code)}/"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Et samlet kommissorium")
    assert console_errors == []


def test_on_a_phone_the_overviews_goals_stack_and_nothing_scrolls_sideways(
    log_in, page, rasmus, demo_year
):
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(rasmus)

    goal = page.locator('tr[data-goal="a.4a"]')
    link, badge, figure = (
        goal.get_by_role("link"),
        goal.locator(".goal-status .badge"),
        goal.locator(".goal-figure"),
    )
    boxes = [each.bounding_box() for each in (link, badge, figure)]
    # The goal's name, its status and its figure each on a line of their own, one below the other.
    assert boxes[0]["y"] + boxes[0]["height"] <= boxes[1]["y"] < boxes[2]["y"]
    assert all(box["x"] + box["width"] <= 390 for box in boxes)
    assert horizontal_overflow(page) == 0


@pytest.mark.parametrize("tab", ["Kommuner", "Væksthusene side om side"])
def test_the_other_dashboards_have_no_serious_accessibility_violation(
    log_in, rasmus, year, console_errors, tab
):
    page = log_in(rasmus)
    page.get_by_role("navigation", name="Oversigter").get_by_role("link", name=tab).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(tab)

    assert axe_violations(page) == []
    assert console_errors == []


def test_the_charts_draw_and_the_tables_carry_the_same_figures(log_in, anne, year):
    page = log_in(anne)
    page.goto(page.url.split("/agreements/")[0] + "/agreements/2018/dashboard/goals/a.1/")

    canvas = page.locator("canvas[data-chart]").first
    expect(canvas).to_be_visible()
    assert canvas.bounding_box()["height"] > 100
    page.get_by_text("Tallene som tabel").first.click()
    expect(page.locator(".month-table").first).to_contain_text("Januar 2018")


def test_a_newly_approved_activity_moves_the_reviewers_numbers(
    log_in, browser, live_server, celery_worker, mads, hanne, rikke, year
):
    submitted = make_activity(
        author=hanne,
        firm=make_firm(user=hanne, name="Nyt Firma ApS", municipality_code=101),
        status=Activity.Status.SUBMITTED,
        date=datetime.date(2018, 9, 3),
    )
    reviewer = log_in(rikke)
    guided = reviewer.get_by_test_id("headline").locator('[data-target="national.guided-firms"]')
    expect(guided.locator(".value")).to_have_text("2")

    manager = browser.new_page()
    manager.goto(f"{live_server.url}/accounts/login/")
    manager.get_by_label("Brugernavn").fill(mads.username)
    manager.get_by_label("Adgangskode").fill(PASSWORD)
    manager.get_by_role("button", name="Log ind").click()
    manager.wait_for_url(lambda url: "/accounts/login/" not in url)
    manager.goto(f"{live_server.url}{submitted.get_absolute_url()}")
    manager.get_by_role("button", name="Godkend").click()
    expect(manager.locator(".messages")).to_contain_text("godkendt")
    manager.close()

    # The roll-up runs after the approval's commit: on the worker, it takes a moment.
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        reviewer.reload()
        if guided.locator(".value").inner_text() == "3":
            break
        time.sleep(0.5)
    expect(guided.locator(".value")).to_have_text("3")
    expect(guided.locator(".whole-value")).to_have_text("5")
