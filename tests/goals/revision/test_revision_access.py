"""Who may revise an agreement: administrators (and superusers) only."""

import pytest

from agreement.models import Agreement
from goals.revision import services
from tests.goals.revision.uploads import good_file

pytestmark = pytest.mark.django_db

ROLES_REFUSED = ["hanne", "mads", "rikke", "stranger"]


def test_administrator_sees_the_revise_button(client_for, anne):
    page = client_for(anne).get("/agreements/2018/").content.decode()

    assert 'href="/agreements/2018/revision/"' in page


@pytest.mark.parametrize("name", ["hanne", "mads", "rikke"])
def test_others_do_not_see_the_revise_button(client_for, person, name):
    page = client_for(person(name)).get("/agreements/2018/").content.decode()

    assert "/revision/" not in page


@pytest.fixture
def pending_revision(anne, agreement_2018):
    return services.revision_upload(
        agreement=agreement_2018, user=anne, upload=good_file(agreement_2018)
    )


@pytest.fixture
def uploaded_revision(anne, agreement_2018):
    return services.revision_upload_request(
        agreement=agreement_2018, user=anne, upload=good_file(agreement_2018)
    )


PAGES = ["upload", "upload_post", "preview", "confirm", "reading", "reading_status"]


def pages(revision, upload):
    base = "/agreements/2018/revision/"
    return {
        "upload": ("get", base, {}),
        "upload_post": ("post", base, {}),
        "preview": ("get", f"{base}{revision.pk}/", {}),
        "confirm": ("post", f"{base}{revision.pk}/confirm/", {}),
        "reading": ("get", f"{base}uploads/{upload.pk}/", {}),
        "reading_status": ("get", f"{base}uploads/{upload.pk}/status/", {}),
    }


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("name", ROLES_REFUSED)
def test_only_an_administrator_revises(client_as, pending_revision, uploaded_revision, page, name):
    method, url, data = pages(pending_revision, uploaded_revision)[page]

    response = getattr(client_as(name), method)(url, data)

    assert response.status_code == 403
    assert not Agreement.objects.filter(year=2019).exists()


@pytest.mark.parametrize("page", PAGES)
def test_anonymous_is_sent_to_the_login(client_as, pending_revision, uploaded_revision, page):
    method, url, data = pages(pending_revision, uploaded_revision)[page]

    response = getattr(client_as(None), method)(url, data)

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/?next=")
    assert not Agreement.objects.filter(year=2019).exists()


@pytest.mark.parametrize(
    ("page", "status"),
    [
        ("upload", 200),
        ("upload_post", 200),
        ("preview", 200),
        ("confirm", 302),
        ("reading", 302),
        ("reading_status", 200),
    ],
)
def test_administrator_opens_every_revision_page(
    client_as, pending_revision, uploaded_revision, page, status
):
    method, url, data = pages(pending_revision, uploaded_revision)[page]

    response = getattr(client_as("anne"), method)(url, data)

    assert response.status_code == status


def test_a_superuser_without_a_role_revises(client_for, stranger):
    stranger.is_superuser = True
    stranger.save()

    assert client_for(stranger).get("/agreements/2018/revision/").status_code == 200


def test_a_revision_is_found_under_its_own_agreements_year(client_for, anne, pending_revision):
    response = client_for(anne).get(f"/agreements/2017/revision/{pending_revision.pk}/")

    assert response.status_code == 404


def test_the_preview_is_not_confirmed_by_a_get(client_for, anne, pending_revision):
    response = client_for(anne).get(f"/agreements/2018/revision/{pending_revision.pk}/confirm/")

    assert response.status_code == 405
    assert not Agreement.objects.filter(year=2019).exists()
