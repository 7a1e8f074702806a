"""Every page, as each role, on a desktop and on a phone: axe-core finds no serious or
critical barrier, and the daily pages fit a 390 px screen without scrolling sideways.

The pages are found as a user finds them: by following the links of each role's pages
from the landing page, on the demo year (every status, status texts, measurements and
milestones); and the pages that only a sent form brings (a form with errors, a conflict,
the import's columns and preview, the year's steps, the work in progress) by sending the
forms as a user who gets them wrong.
"""

import re
from collections import deque
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from agreement.models import Agreement
from core import tasks
from devtools.management.commands.seed_demo import DEMO_PASSWORD
from reporting.models import Activity, Firm
from tests.browser.axe import axe_violations, horizontal_overflow
from tests.goals.agreement_files import load_2019
from tests.reporting.activities.form_helpers import CONFLICT_DA
from tests.reporting.erp_import.import_files import HEADERS, csv_bytes, erp_row

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


@pytest.fixture
def held_back(monkeypatch):
    """Return a set of task names: a task named in it is not queued, so that its page shows
    the work still going on, as it does for a few seconds in real life."""
    held = set()
    queue = tasks.delay_on_commit

    def delay_on_commit(name, *args):
        if name not in held:
            queue(name, *args)

    monkeypatch.setattr(tasks, "delay_on_commit", delay_on_commit)
    return held


def send(page, button):
    """Send the page's form with the button, as it is filled in. The browser's own checks
    are left out: the page the server sends back is what is to be checked."""
    page.eval_on_selector_all("form", "forms => forms.forEach(form => form.noValidate = true)")
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name=button, exact=True).click()


def send_wrong(page, button):
    """Send the form filled in wrongly; the page comes back with the errors by the fields."""
    send(page, button)
    expect(page.locator("main .invalid-feedback, main .alert-danger").first).to_be_visible()


def follow_first(page, pattern):
    """Follow the page's first link whose path matches the pattern."""
    hrefs = page.eval_on_selector_all("main a[href]", "links => links.map(a => a.href)")
    page.goto(next(href for href in hrefs if re.search(pattern, urlsplit(href).path)))


def staff_sends(page, url, tmp_path, held):
    contact = (
        Activity.objects.alive()
        .shared()
        .filter(house__short_name="VHHR", firm__isnull=False)
        .order_by("date")
        .first()
    )
    minutes = tmp_path / "referat.txt"
    minutes.write_text("Referat af vejledningen.\n" * 24)
    page.goto(url("/activities/new/"))
    page.wait_for_load_state()
    page.get_by_label("Dato").fill(f"{contact.date:%d.%m.%Y}")
    page.get_by_label("Antal").fill("0")
    page.locator("input[name=firm_cvr]").fill(contact.firm.cvr)
    page.locator("input[name=files]").set_input_files(minutes)
    send_wrong(page, "Gem og indsend")
    expect(page.locator("#contact-warning")).to_be_visible()
    expect(page.get_by_test_id("pending-uploads")).to_contain_text("referat.txt 600\xa0byte")
    yield "the activity form with errors, a kept file and the other house's contact"

    firm = Firm.objects.filter(activities__house__short_name="VSJ").first()
    page.goto(url(f"/firms/{firm.cvr}/edit/"))
    page.locator("input[name=name]").fill("")
    send_wrong(page, "Gem")
    yield "the firm's fields with an error"

    # Another user saves the firm while this one has it open.
    other = page.context.new_page()
    other.goto(url(f"/firms/{firm.cvr}/edit/"))
    page.goto(url(f"/firms/{firm.cvr}/edit/"))
    other.locator("input[name=name]").fill(f"{firm.name} A/S")
    send(other, "Gem")
    other.close()
    page.locator("input[name=name]").fill(f"{firm.name} ApS")
    send(page, "Gem")
    expect(page.get_by_text(CONFLICT_DA)).to_be_visible()
    yield "the firm's fields after a conflict"

    page.goto(url("/accounts/password/"))
    send_wrong(page, "Skift adgangskode")
    yield "the password change with errors"


def manager_sends(page, url, tmp_path, held):
    page.goto(url("/agreements/2018/status/"))
    follow_first(page, r"/status/[^/]+/\d/$")
    page.locator("textarea[name=text]").fill("")
    send_wrong(page, "Gem")
    yield "a status text with an error"

    page.goto(url("/agreements/2018/effects/"))
    follow_first(page, r"/effects/[^/]+/new/$")
    page.locator("input[name=measured_on]").fill("31.02.2018")
    send_wrong(page, "Gem")
    yield "an effect measurement with errors"

    page.goto(url("/agreements/2018/milestones/"))
    follow_first(page, r"/milestones/[^/]+/$")
    page.locator("input[name=done_on]").fill("31.02.2018")
    send_wrong(page, re.compile(r"^(Gem|Markér som opfyldt)$"))
    yield "a milestone with an error"

    submitted = Activity.objects.filter(
        house__short_name="VSJ", status=Activity.Status.SUBMITTED
    ).first()
    page.goto(url(f"/activities/{submitted.pk}/return/"))
    send_wrong(page, "Send retur")
    yield "a return without a reason"

    # The ERP's export of the house, whose activity type column is named otherwise.
    rows = [
        erp_row("ERP-1", house="VSJ", activity_type="Event"),
        erp_row("ERP-2", house="VSJ", activity_type="Event", delivered_in="VHHR"),
        erp_row("ERP-3", house="VSJ", cvr="12345678"),
    ]
    export = tmp_path / "erp-eksport.csv"
    headers = ["Type" if header == "Aktivitetstype" else header for header in HEADERS]
    export.write_bytes(
        csv_bytes([{**row, "Type": row["Aktivitetstype"]} for row in rows], headers=headers)
    )
    page.goto(url("/imports/"))
    send_wrong(page, "Upload og se forhåndsvisning")
    yield "the import's upload without a file"

    held.add("reporting.preview_import")
    page.locator("input[type=file]").set_input_files(export)
    send(page, "Upload og se forhåndsvisning")
    expect(page.locator("progress")).to_be_visible()
    yield "the import read"

    held.clear()
    page.goto(url("/imports/"))
    page.locator("input[type=file]").set_input_files(export)
    send(page, "Upload og se forhåndsvisning")
    send_wrong(page, "Gem og se forhåndsvisning")
    yield "the import's columns with an error"

    page.locator("select[name=activity_type]").select_option("Type")
    send(page, "Gem og se forhåndsvisning")
    expect(page.locator("#import-created")).to_be_visible()
    yield "the import's preview"


def reviewer_sends(page, url, tmp_path, held):
    held.update({"reporting.build_workbook", "reporting.build_status_report"})
    page.goto(url("/agreements/2018/workbook/"))
    send(page, "Lav regnearket")
    expect(page.locator("progress")).to_be_visible()
    yield "the workbook being written"

    page.goto(url("/agreements/2018/status-report/"))
    send(page, "Lav statusrapporten")
    expect(page.locator("progress")).to_be_visible()
    yield "the status report being written"


def administrator_sends(page, url, tmp_path, held):
    page.goto(url("/agreements/2018/close/"))
    page.get_by_label("Sene registreringer til og med").fill("31.02.2018")
    send_wrong(page, "Luk året")
    yield "the year's closing with an error"

    page.get_by_label("Sene registreringer til og med").fill("")
    send(page, "Luk året")
    page.goto(url("/agreements/2018/reopen/"))
    yield "the year's reopening"

    send_wrong(page, "Genåbn året")
    yield "the year's reopening with errors"

    # Another administrator activates next year while this one reads what it will do.
    load_2019(status=Agreement.Status.DRAFT)
    other = page.context.new_page()
    other.goto(url("/agreements/2019/activate/"))
    page.goto(url("/agreements/2019/activate/"))
    yield "next year's activation"

    send(other, "Aktivér")
    other.close()
    send_wrong(page, "Aktivér")
    yield "next year's activation after a conflict"


SENDS = {
    "staff.sjaelland": staff_sends,
    "manager.sjaelland": manager_sends,
    "reviewer.sjaelland": reviewer_sends,
    "admin": administrator_sends,
}


def test_no_page_that_a_form_brings_has_a_serious_accessibility_barrier_for_any_role(
    browser, live_server, demo_year, held_back, tmp_path, tasks_in_process
):
    found = []
    seen = {}

    def url(path):
        return f"{live_server.url}{path}"

    for username in ROLES:
        context = browser.new_context(viewport=DESKTOP, locale="da-DK")
        page = context.new_page()
        log_in(page, live_server, username)
        seen[username] = []
        for state in SENDS[username](page, url, tmp_path, held_back):
            seen[username].append(state)
            for viewport in (DESKTOP, PHONE):
                page.set_viewport_size(viewport)
                found += [
                    f"{username} {viewport['width']} px, {state}: {violation}"
                    for violation in axe_violations(page)
                ]
            page.set_viewport_size(DESKTOP)
        context.close()

    # Each role came through all its forms (a page that did not come stopped the test there).
    assert [len(states) for states in seen.values()] == [4, 8, 2, 5], seen
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
