import pytest

pytestmark = pytest.mark.django_db


def test_portal_speaks_danish_even_to_an_english_browser(client_for, hanne):
    response = client_for(hanne).get("/agreements/2018/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    page = response.content.decode()
    assert '<html lang="da">' in page
    assert "Aftalen" in page
    assert response["Content-Language"] == "da"


def test_user_chooses_english_and_back(client_for, hanne):
    client = client_for(hanne)

    response = client.post("/i18n/setlang/", {"language": "en", "next": "/agreements/2018/"})
    assert response.status_code == 302
    assert response.url == "/agreements/2018/"
    page = client.get("/agreements/2018/").content.decode()
    assert '<html lang="en">' in page
    assert "The agreement" in page
    assert "National targets" in page

    client.post("/i18n/setlang/", {"language": "da", "next": "/agreements/2018/"})
    assert "Nationale mål" in client.get("/agreements/2018/").content.decode()


def test_login_page_can_be_switched_before_logging_in(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})

    assert "Username" in client.get("/accounts/login/").content.decode()


def test_unknown_language_keeps_danish(client_for, hanne):
    client = client_for(hanne)
    client.cookies["django_language"] = "sv"

    assert '<html lang="da">' in client.get("/agreements/2018/").content.decode()


def test_goal_texts_stay_in_the_agreements_danish_in_english(client_for, hanne):
    client = client_for(hanne)
    client.post("/i18n/setlang/", {"language": "en"})

    page = client.get("/agreements/2018/").content.decode()
    assert "Styrkelse af analysesamarbejde" in page
    assert "At least 5 vækstforløb" in page
