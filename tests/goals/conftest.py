"""The people of tests/base.py by name, for tests that run one case per role."""

import pytest


@pytest.fixture
def person(request):
    """Return the named person (their fixture), or None for an anonymous visitor."""

    def named(name):
        return request.getfixturevalue(name) if name else None

    return named


@pytest.fixture
def client_as(client_for, person):
    """Return a test client signed in as the named person (None: anonymous)."""

    def sign_in(name):
        return client_for(person(name))

    return sign_in
