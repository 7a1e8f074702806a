"""Every page, as each role, on a desktop and on a phone: axe-core finds no serious or
critical barrier, and the daily pages fit a 390 px screen without scrolling sideways.

The pages are found as a user finds them: by following the links of each role's pages
from the landing page, on the demo year (every status, status texts, measurements and
milestones).
"""

import re
from collections import deque
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from devtools.management.commands.seed_demo import DEMO_PASSWORD
from tests.browser.axe import axe_violations, horizontal_overflow

pytestmark = pytest.mark.django_db(transaction=True)

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
ROLES = ["staff.sjaelland", "manager.sjaelland", "reviewer.sjaelland", "admin"]
# Not pages: downloads, the API, the admin site, actions, and the same page in another form.
NOT_PAGES = re.compile(
    r"^/(api|admin|i18n|accounts/logout|static|media)/|/download/|/template/"
    r"|^/(workbooks|status-reports)/\d+/status/|/evidence/|\.(csv|xlsx|pdf)$"
)
MOST_PAGES = 40


def log_in(page, live_server, username):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Brugernavn").fill(username)
    page.get_by_label("Adgangskode").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def shape(path):
    """Return the page's kind: its path with every number as N and every goal or target code
    as G (one activity, one goal stands for all)."""
    return re.sub(r"/[a-z]\.[\w.-]+/", "/G/", re.sub(r"\d+", "N", path))


def role_pages(page, live_server):
    """Follow the links from the landing page; return one address of each kind of page."""
    start = urlsplit(page.url).path
    queue, seen, pages = deque([start]), {shape(start)}, []
    while queue and len(pages) < MOST_PAGES:
        path = queue.popleft()
        response = page.goto(f"{live_server.url}{path}")
        if response.status != 200 or "text/html" not in response.headers.get("content-type", ""):
            continue
        pages.append(path)
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"):
            link = urlsplit(href)
            if link.netloc != urlsplit(live_server.url).netloc or NOT_PAGES.search(link.path):
                continue
            if shape(link.path) not in seen:
                seen.add(shape(link.path))
                queue.append(link.path)
    return pages


def test_no_page_has_a_serious_accessibility_barrier_for_any_role_on_desktop_or_phone(
    browser, live_server, demo_year
):
    found = []
    visited = {}
    for username in ROLES:
        context = browser.new_context(viewport=DESKTOP, locale="da-DK")
        page = context.new_page()
        log_in(page, live_server, username)
        visited[username] = role_pages(page, live_server)
        for viewport in (DESKTOP, PHONE):
            page.set_viewport_size(viewport)
            for path in visited[username]:
                page.goto(f"{live_server.url}{path}")
                found += [
                    f"{username} {viewport['width']} px {path}: {violation}"
                    for violation in axe_violations(page)
                ]
        context.close()

    # Each role reached its daily pages (the crawl did not stop at the landing page).
    assert all(len(pages) >= 8 for pages in visited.values()), visited
    assert found == []


def test_the_daily_pages_fit_a_phone_without_scrolling_sideways(browser, live_server, demo_year):
    page = browser.new_context(viewport=PHONE, locale="da-DK").new_page()
    log_in(page, live_server, "manager.sjaelland")
    overflowing = {}

    for path in [
        "/agreements/2018/dashboard/",
        "/agreements/2018/dashboard/goals/a.4a/",
        "/activities/",
        "/activities/new/",
    ]:
        page.goto(f"{live_server.url}{path}")
        overflowing[path] = horizontal_overflow(page)

    assert overflowing == dict.fromkeys(overflowing, 0)


def test_on_a_phone_the_activity_list_shows_cards_with_their_status_and_folds_the_filters(
    browser, live_server, demo_year
):
    page = browser.new_context(viewport=PHONE, locale="da-DK").new_page()
    log_in(page, live_server, "staff.sjaelland")

    page.goto(f"{live_server.url}/activities/")

    filters = page.locator("details.filter-fold")
    assert not filters.evaluate("details => details.open")
    expect(page.get_by_label("Søg")).not_to_be_visible()
    first = page.locator("tr[data-activity]").first
    status = first.locator(".activity-status .badge")
    expect(status).to_be_in_viewport()
    box = status.bounding_box()
    assert box["x"] + box["width"] <= PHONE["width"]
    filters.locator("summary").click()
    expect(page.get_by_label("Søg")).to_be_visible()
