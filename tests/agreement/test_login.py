import pytest
from django.test import Client, override_settings

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


# Behind the proxy every request comes from the proxy's address; the client's is the one the
# proxy adds to X-Forwarded-For (what PROXY_COUNT=1 sets up in config/settings/base.py).
behind_proxy = override_settings(
    AXES_FAILURE_LIMIT=3,
    AXES_IPWARE_PROXY_COUNT=0,
    AXES_IPWARE_META_PRECEDENCE_ORDER=("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"),
)
PROXY = "172.18.0.5"


def log_in_from(client, address, username, password):
    return client.post(
        "/accounts/login/",
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=address,
    )


@behind_proxy
def test_a_stranger_guessing_behind_the_proxy_does_not_lock_out_the_user(client, hanne):
    for _attempt in range(3):
        log_in_from(Client(), "203.0.113.66", "hanne", "guess")

    response = log_in_from(client, "198.51.100.10", "hanne", PASSWORD)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(hanne.pk)


@behind_proxy
def test_the_guessing_client_behind_the_proxy_is_locked_out(client, hanne):
    for _attempt in range(3):
        log_in_from(client, "203.0.113.66", "hanne", "guess")

    response = log_in_from(client, "203.0.113.66", "hanne", PASSWORD)

    assert response.status_code == 429


@behind_proxy
def test_a_client_cannot_dodge_the_lock_by_writing_its_own_forwarded_header(client, hanne):
    # The proxy appends the address it saw: the right-most one is the client's.
    for attempt in range(3):
        log_in_from(client, f"10.0.0.{attempt}, 203.0.113.66", "hanne", "guess")

    response = log_in_from(client, "10.0.0.9, 203.0.113.66", "hanne", PASSWORD)

    assert response.status_code == 429


def test_a_session_idle_past_a_working_day_must_log_in_again(client, hanne, time_machine):
    time_machine.move_to("2018-06-01 08:00 +02:00", tick=False)
    log_in(client, "hanne", PASSWORD)
    time_machine.move_to("2018-06-01 15:00 +02:00", tick=False)
    assert client.get("/agreements/2018/").status_code == 200
    # Each request starts the working day's time again: 15:00 + 8 hours.
    time_machine.move_to("2018-06-01 22:30 +02:00", tick=False)
    assert client.get("/agreements/2018/").status_code == 200

    time_machine.move_to("2018-06-02 06:31 +02:00", tick=False)
    response = client.get("/agreements/2018/")

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_a_password_change_ends_the_users_other_sessions(client_for, hanne):
    elsewhere = Client()
    elsewhere.force_login(hanne)
    here = client_for(hanne)

    here.post(
        "/accounts/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "a-new-long-password-2018",
            "new_password2": "a-new-long-password-2018",
        },
    )

    assert elsewhere.get("/agreements/2018/").status_code == 302
    assert here.get("/agreements/2018/").status_code == 200
