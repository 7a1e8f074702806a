"""The OpenAPI schema: valid, served by the portal, and every path in it answers every role."""

import re

import pytest
from openapi_spec_validator import validate

from tests.reporting.api.conftest import ROLES

pytestmark = pytest.mark.django_db

SCHEMA = "/api/v1/schema/?format=json"


@pytest.fixture
def schema(client_as, agreement_2018):
    response = client_as("rikke").get(SCHEMA)
    assert response.status_code == 200
    return response.json()


def test_the_schema_is_valid_openapi_3(schema):
    validate(schema)
    assert schema["openapi"].startswith("3.")


def test_the_schema_lists_every_endpoint(schema):
    assert sorted(schema["paths"]) == [
        "/api/v1/agreements/",
        "/api/v1/agreements/{year}/",
        "/api/v1/agreements/{year}/activities/",
        "/api/v1/agreements/{year}/months/",
        "/api/v1/agreements/{year}/municipalities/",
        "/api/v1/agreements/{year}/progress/",
        "/api/v1/agreements/{year}/score/",
        "/api/v1/agreements/{year}/targets/",
    ]


def test_every_path_in_the_schema_answers_every_role_and_refuses_the_others(
    client, schema, person, logged
):
    paths = [re.sub(r"\{year\}", "2018", path) for path in schema["paths"]]
    for name in ROLES:
        client.force_login(person(name))
        for path in paths:
            assert client.get(path).status_code == 200, (name, path)
    client.force_login(person("stranger"))
    assert {client.get(path).status_code for path in paths} == {403}
    client.logout()
    assert {client.get(path).status_code for path in paths} == {401}


def test_the_schema_and_reference_are_refused_to_a_user_without_a_role(client_as, agreement_2018):
    stranger = client_as("stranger")
    assert stranger.get(SCHEMA).status_code == 403
    assert stranger.get("/api/v1/reference/").status_code == 403


def test_the_reference_page_is_served_by_the_portal_with_no_cdn(client_as, agreement_2018):
    response = client_as("rikke").get("/api/v1/reference/")
    page = response.content.decode()

    assert response.status_code == 200
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert sources and all(src.startswith("/") for src in sources), sources
    assert "<style" not in page
    assert "<script>" not in page  # the script comes from a URL of its own (CSP)
    script = client_as("rikke").get("/api/v1/reference/?script=")
    assert script.status_code == 200
    assert "SwaggerUIBundle" in script.content.decode()
