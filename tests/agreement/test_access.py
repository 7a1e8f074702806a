"""Every page refuses anonymous users; a signed-in user without a role sees nothing."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db

# Pages anyone may open: logging in, choosing a language, the health check.
OPEN_TO_ANONYMOUS = {"login", "set_language", "health", "favicon"}
SAMPLE_ARGUMENTS = {"int": "2018", "str": "x", "slug": "x", "path": "x", "uuid": "0" * 32}


def portal_paths(patterns=None, prefix=""):
    """Yield (name, path) for every page of the portal, filling in sample arguments."""
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        route = str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue  # The admin checks its own users; see test_admin.py.
            if pattern.namespace == "api":
                continue  # The API answers 401 instead; see tests/reporting/api/test_access.py.
            yield from portal_paths(pattern.url_patterns, prefix + route)
        elif isinstance(pattern, URLPattern) and pattern.name not in OPEN_TO_ANONYMOUS:
            path = prefix + route
            for converter, sample in SAMPLE_ARGUMENTS.items():
                path = _fill(path, converter, sample)
            yield pattern.name, "/" + path


def _fill(path, converter, sample):
    while f"<{converter}:" in path:
        start = path.index(f"<{converter}:")
        path = path[:start] + sample + path[path.index(">", start) + 1 :]
    return path


PORTAL_PATHS = sorted(set(portal_paths()))


def test_the_walk_finds_the_portals_pages():
    assert ("agreement_detail", "/agreements/2018/") in PORTAL_PATHS
    assert ("home", "/") in PORTAL_PATHS


@pytest.mark.parametrize(("name", "path"), PORTAL_PATHS)
def test_anonymous_user_is_sent_to_login(client, name, path):
    response = client.get(path)

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/?next=")


@pytest.mark.parametrize(("name", "path"), [("home", "/"), ("agreement", "/agreements/2018/")])
def test_user_without_a_role_is_refused_with_an_explanation(client_for, stranger, name, path):
    response = client_for(stranger).get(path)

    assert response.status_code == 403
    assert "Din konto har endnu ingen rolle" in response.content.decode()


def test_health_check_answers_without_login(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_browsers_asking_for_favicon_ico_get_the_portals_icon(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 301
    assert response.url.endswith("img/favicon.svg")
