"""Who reads what through the API: the same rules as the pages, by token or by session."""

import pytest
from django.test import override_settings
from rest_framework.authtoken.models import Token

from agreement.services import api_token_create, api_token_revoke
from reporting.models import Activity
from tests.factories import HOVEDSTADEN, SJAELLAND
from tests.reporting.api.conftest import API, ROLES

pytestmark = pytest.mark.django_db

LISTS = ["targets/", "progress/", "score/", "months/", "municipalities/", "activities/"]
EVERY = ["/api/v1/agreements/", API, *(API + each for each in LISTS)]


def with_token(client, user):
    return {"HTTP_AUTHORIZATION": f"Token {api_token_create(user=user).key}"}


@pytest.mark.parametrize("url", EVERY)
def test_an_anonymous_request_is_refused_with_401(client, agreement_2018, url):
    assert client.get(url).status_code == 401


@pytest.mark.parametrize("url", EVERY)
def test_a_user_without_a_role_is_refused_even_with_a_token(client, stranger, url):
    assert client.get(url, **with_token(client, stranger)).status_code == 403


@pytest.mark.parametrize("url", [url.replace("2018", "1999") for url in EVERY[1:]])
def test_an_unknown_year_is_not_found(client, rikke, url):
    assert client.get(url, **with_token(client, rikke)).status_code == 404


def test_a_token_reads_the_api_without_a_session(client, rikke, logged):
    response = client.get(API + "progress/", **with_token(client, rikke))

    assert response.status_code == 200
    assert "sessionid" not in response.cookies


def test_a_revoked_token_no_longer_works(client, rikke, agreement_2018):
    headers = with_token(client, rikke)
    api_token_revoke(user=rikke)

    assert client.get(API, **headers).status_code == 401


def test_a_new_token_replaces_the_old_one(client, rikke, agreement_2018):
    old = with_token(client, rikke)
    new = with_token(client, rikke)

    assert client.get(API, **old).status_code == 401
    assert client.get(API, **new).status_code == 200
    assert Token.objects.filter(user=rikke).count() == 1


def activity_houses(client, user, query=""):
    response = client.get(API + "activities/" + query, **with_token(client, user))
    assert response.status_code == 200
    return sorted(row["house"] for row in response.json()["results"])


def test_staff_read_only_their_own_houses_approved_activities(client, hanne, sofie, logged):
    assert activity_houses(client, hanne) == [HOVEDSTADEN] * 3
    assert activity_houses(client, sofie) == [SJAELLAND] * 2
    # Asking for the other house gives nothing, not its activities.
    assert activity_houses(client, hanne, f"?house={SJAELLAND}") == []


@pytest.mark.parametrize("reader", ["rikke", "rasmus", "anne"])
def test_readers_get_both_houses_approved_activities_only(client, request, logged, reader):
    houses = activity_houses(client, request.getfixturevalue(reader))

    assert houses == [HOVEDSTADEN] * 3 + [SJAELLAND] * 2


@pytest.mark.parametrize("reader", ROLES)
def test_drafts_returned_and_submitted_activities_never_leave_the_house(
    client, request, logged, reader
):
    response = client.get(
        API + "activities/?format=csv", **with_token(client, request.getfixturevalue(reader))
    )
    body = response.content.decode("utf-8-sig")
    assert response.status_code == 200
    for description in ["Kladde", "Sendt retur", "Afventer"]:
        assert description not in body
    assert Activity.objects.filter(description="Kladde").exists()


def test_activities_carry_no_staff_names_and_no_evidence(client, rikke, hanne, logged):
    row = client.get(API + "activities/", **with_token(client, rikke)).json()["results"][0]

    assert set(row) == {
        "id",
        "date",
        "house",
        "delivered_in",
        "activity_type",
        "firm_cvr",
        "municipality",
        "quantity",
        "participants",
        "goals",
        "description",
    }
    assert hanne.first_name not in str(row)


@override_settings(API_THROTTLE_RATE="3/minute")
def test_a_token_is_throttled(client, rikke, agreement_2018):
    headers = with_token(client, rikke)
    answers = [client.get(API, **headers).status_code for _ in range(4)]

    assert answers == [200, 200, 200, 429]


def test_an_invalid_filter_answers_400_in_danish(client, rikke, agreement_2018):
    headers = with_token(client, rikke)

    house = client.get(API + "progress/?house=vaeksthus-fyn", **headers)
    period = client.get(API + "activities/?period=marts", **headers)

    assert house.status_code == period.status_code == 400
    assert "Vælg et væksthus" in house.json()["house"][0]
    assert "Skriv perioden som en måned" in period.json()["period"][0]


def test_the_pages_session_reads_the_api_too(client_as, logged):
    assert client_as("rikke").get(API + "score/").status_code == 200
