import pytest
from django.test import override_settings

from tests.base import PASSWORD

pytestmark = pytest.mark.django_db


def log_in(client, username, password):
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_login_page_speaks_danish(client):
    response = client.get("/accounts/login/")

    page = response.content.decode()
    assert '<html lang="da">' in page
    assert "Log ind" in page
    assert "Brugernavn" in page


def test_staff_member_logs_in_and_lands_on_their_work(client, hanne):
    response = log_in(client, "hanne", PASSWORD)

    assert response.status_code == 302
    assert response.url == "/"
    landing = client.get("/")
    assert landing.status_code == 200
    assert "<h1>Mit arbejde</h1>" in landing.content.decode()


def test_reviewer_logs_in_and_lands_on_the_overview(client, rikke):
    log_in(client, "rikke", PASSWORD)

    assert client.get("/", follow=True).redirect_chain[-1][0] == "/agreements/2018/dashboard/"


def test_wrong_password_is_refused_with_a_danish_message(client, hanne):
    response = log_in(client, "hanne", "not the password")

    assert response.status_code == 200
    assert "Indtast venligst korrekt brugernavn og adgangskode" in response.content.decode()
    assert "_auth_user_id" not in client.session


@override_settings(AXES_FAILURE_LIMIT=3)
def test_repeated_wrong_passwords_lock_the_account_even_for_the_right_one(client, hanne):
    for _attempt in range(3):
        log_in(client, "hanne", "guess")

    response = log_in(client, "hanne", PASSWORD)

    assert response.status_code == 429
    assert "For mange mislykkede" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_logout_ends_the_session(client_for, hanne):
    client = client_for(hanne)

    response = client.post("/accounts/logout/")

    assert response.status_code == 302
    assert response.url == "/accounts/login/"
    assert client.get("/agreements/2018/").status_code == 302


def test_user_changes_password(client_for, hanne):
    client = client_for(hanne)

    response = client.post(
        "/accounts/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "a-new-long-password-2018",
            "new_password2": "a-new-long-password-2018",
        },
    )

    assert response.status_code == 302
    hanne.refresh_from_db()
    assert hanne.check_password("a-new-long-password-2018")


def test_password_change_refuses_a_wrong_old_password_in_danish(client_for, hanne):
    response = client_for(hanne).post(
        "/accounts/password/",
        {
            "old_password": "wrong",
            "new_password1": "x-long-password-9",
            "new_password2": "x-long-password-9",
        },
    )

    assert response.status_code == 200
    assert "Din gamle adgangskode blev ikke indtastet korrekt" in response.content.decode()
