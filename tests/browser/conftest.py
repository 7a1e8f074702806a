"""Browser tests: Playwright drives Debian's Chromium against the live server.

Without Chromium these tests are skipped on a developer's machine and fail in
CI (CI=true), where a missing browser must not pass unnoticed.
"""

import os
from pathlib import Path

import pytest
from django.core.management import call_command

from reporting.rollups import services as rollups
from tests.base import PASSWORD

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.path):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not CHROMIUM.exists():
        message = f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


@pytest.fixture
def demo_year(agreement_2018):
    """The demo year: both houses' activities, status texts, measurements and milestones,
    counted."""
    with open(os.devnull, "w") as quiet:
        call_command("seed_demo", stdout=quiet, stderr=quiet)
    rollups.rollup_full(agreement_2018)
    return agreement_2018


@pytest.fixture
def console_errors(page):
    """Collect what the page logs as errors (a blocked script or style shows up here)."""
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


@pytest.fixture
def log_in(page, live_server):
    """Log in through the login form, as a person would."""

    def log_in_as(user):
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Brugernavn").fill(user.username)
        page.get_by_label("Adgangskode").fill(PASSWORD)
        page.get_by_role("button", name="Log ind").click()
        # Wait for the page behind the login, so that the test starts on it.
        page.wait_for_url(lambda url: "/accounts/login/" not in url)
        page.wait_for_load_state()
        return page

    return log_in_as
