"""Min profil: who the user is, and the API token they make and revoke themselves."""

import pytest
from rest_framework.authtoken.models import Token

from agreement.services import api_token_create

pytestmark = pytest.mark.django_db

PROFILE = "/accounts/profile/"


def test_the_user_menu_links_to_the_profile(client_as):
    page = client_as("rikke").get("/agreements/2018/dashboard/").content.decode()

    assert f'href="{PROFILE}"' in page


def test_a_user_makes_a_token_shown_once(client_as, rikke):
    client = client_as("rikke")
    made = client.post(PROFILE, {"action": "create"})
    token = Token.objects.get(user=rikke)

    assert made.status_code == 200
    assert token.key in made.content.decode()
    shown_again = client.get(PROFILE).content.decode()
    assert token.key not in shown_again
    assert "Du har en nøgle" in shown_again
    api = client_as(None)
    api.logout()
    assert (
        api.get("/api/v1/agreements/", HTTP_AUTHORIZATION=f"Token {token.key}").status_code == 200
    )


def test_a_user_revokes_their_token(client_as, rikke):
    api_token_create(user=rikke)

    response = client_as("rikke").post(PROFILE, {"action": "revoke"}, follow=True)

    assert not Token.objects.filter(user=rikke).exists()
    assert "Din API-nøgle er tilbagekaldt" in response.content.decode()


def test_a_user_cannot_touch_another_users_token(client_as, rikke, hanne):
    theirs = api_token_create(user=hanne)

    client_as("rikke").post(PROFILE, {"action": "revoke"})

    assert Token.objects.filter(pk=theirs.pk).exists()


def test_an_administrator_revokes_a_users_token_on_the_admin_site(client_as, hanne):
    api_token_create(user=hanne)
    admin = client_as("anne")

    listed = admin.get("/admin/authtoken/tokenproxy/")
    admin.post(f"/admin/authtoken/tokenproxy/{hanne.pk}/delete/", {"post": "yes"})

    assert listed.status_code == 200 and "hanne" in listed.content.decode()
    assert not Token.objects.filter(user=hanne).exists()


def test_a_user_without_a_role_gets_no_profile_token(client_as, stranger):
    assert client_as("stranger").post(PROFILE, {"action": "create"}).status_code == 403
    assert not Token.objects.filter(user=stranger).exists()


def test_an_anonymous_visitor_is_sent_to_log_in(client_as, agreement_2018):
    response = client_as(None).get(PROFILE)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
