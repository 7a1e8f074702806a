"""Bench of the overview dashboard: its server time, against the login page's, and of the
API's progress endpoint against the overview.

The overview reads the roll-up tables only, so its time should hardly grow with
the activity log. measure() times both pages in-process with django.test.Client,
as a KKR reviewer sees the overview: on their own KKR, the area filter every
reviewer of a KKR starts on. Each time is the median of RUNS requests after
WARM_UP untimed ones; time.perf_counter around client.get, so the whole request
(middleware, session, view, template) but no network.

The API's progress endpoint (/api/v1/agreements/<year>/progress/, every target's rows
for both houses and each, JSON) is timed the same way, as the same reviewer reads it
with a token in their own tool.

Called by devtools.bench.rollup after each size's full roll-up. After the timed
runs one more overview request is made with its queries captured, and the
slowest logged (stderr), to show which one grows with the log.
"""

import logging
import secrets
import statistics
import time

from django.conf import settings
from django.db import connection
from django.http.request import validate_host
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agreement.models import Agreement, Organisation, User
from agreement.services import api_token_create, user_save

logger = logging.getLogger(__name__)

REVIEWER = "bench.reviewer"
KKR_KEY = "kkr-hovedstaden"
WARM_UP = 3
RUNS = 15
SLOWEST_QUERIES_LOGGED = 3


def measure(agreement: Agreement, *, runs: int = RUNS) -> dict[str, float]:
    """Return the overview's and the login page's median server times in ms.

    Keys: ``overview_ms``, ``login_ms`` and ``api_progress_ms``. Raises RuntimeError if
    a page does not answer 200.
    """
    host = _allowed_host()
    reviewer = _reviewer()
    signed_in = Client(HTTP_HOST=host)
    signed_in.force_login(reviewer)
    anonymous = Client(HTTP_HOST=host)
    overview_url = reverse("reporting:overview", kwargs={"year": agreement.year})
    login_url = reverse("login")

    token = api_token_create(user=reviewer)
    with_token = Client(HTTP_HOST=host, HTTP_AUTHORIZATION=f"Token {token.key}")
    progress_url = reverse("api:progress_list", kwargs={"year": agreement.year})

    overview_ms = _median_ms(signed_in, overview_url, runs)
    login_ms = _median_ms(anonymous, login_url, runs)
    api_progress_ms = _median_ms(with_token, progress_url, runs)
    _log_queries(signed_in, overview_url)
    _log_queries(with_token, progress_url)
    return {"overview_ms": overview_ms, "login_ms": login_ms, "api_progress_ms": api_progress_ms}


def _reviewer() -> User:
    """Return the bench's KKR reviewer, created (or brought in line) by user_save."""
    return user_save(
        username=REVIEWER,
        password=secrets.token_urlsafe(),
        role=User.Role.REVIEWER,
        organisation=Organisation.objects.get(key=KKR_KEY),
        first_name="Bench",
        last_name="Reviewer",
    )


def _allowed_host() -> str:
    """Return a host name ALLOWED_HOSTS lets in: the bench runs without the test runner's."""
    patterns = settings.ALLOWED_HOSTS
    candidates = ["testserver", "localhost", "127.0.0.1"]
    candidates += [pattern.lstrip(".") for pattern in patterns if pattern.lstrip(".") != "*"]
    for host in candidates:
        if host and validate_host(host, patterns):
            return host
    raise RuntimeError(f"No host to request the pages with: ALLOWED_HOSTS is {patterns!r}.")


def _get(client: Client, url: str):
    response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"GET {url} answered {response.status_code}, not 200.")
    return response


def _median_ms(client: Client, url: str, runs: int) -> float:
    for _ in range(WARM_UP):
        _get(client, url)
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url)
        timings.append(time.perf_counter() - started)
        if response.status_code != 200:
            raise RuntimeError(f"GET {url} answered {response.status_code}, not 200.")
    median = statistics.median(timings) * 1000
    logger.info(
        "    %s: median %.1f ms (min %.1f, max %.1f) of %d",
        url,
        median,
        min(timings) * 1000,
        max(timings) * 1000,
        runs,
    )
    return median


def _log_queries(client: Client, url: str) -> None:
    with CaptureQueriesContext(connection) as captured:
        _get(client, url)
    queries = captured.captured_queries
    total = sum(float(query["time"]) for query in queries) * 1000
    logger.info("    %s: %d queries, %.1f ms in the database", url, len(queries), total)
    slowest = sorted(queries, key=lambda query: float(query["time"]), reverse=True)
    for query in slowest[:SLOWEST_QUERIES_LOGGED]:
        logger.info("      %.1f ms: %s", float(query["time"]) * 1000, query["sql"][:300])
