"""Size limits at the door: a body larger than the page takes is refused before it is read."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

pytestmark = pytest.mark.django_db

MB = 1024 * 1024


@pytest.fixture
def upload_dir(settings, tmp_path):
    """Uploads that Django writes out go here, so that a test can see whether any was."""
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    return tmp_path


def written(folder):
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def test_anonymous_large_post_is_refused_without_being_written(upload_dir):
    client = Client(enforce_csrf_checks=True)
    client.cookies["csrftoken"] = "a" * 32
    big = SimpleUploadedFile("evidence.pdf", b"%PDF-1.4\n" + b"0" * (50 * MB))

    response = client.post(
        "/accounts/login/", {"csrfmiddlewaretoken": "a" * 32, "file": big, "username": "x"}
    )

    assert response.status_code == 413
    assert written(upload_dir) == 0


def test_a_form_an_anonymous_visitor_may_send_still_arrives(client):
    response = client.post("/accounts/login/", {"username": "nobody", "password": "wrong"})

    assert response.status_code == 200


def test_signed_in_upload_larger_than_the_page_takes_is_refused_in_danish(
    client_for, mads, upload_dir, settings
):
    settings.IMPORT_MAX_FILE_SIZE = 1 * MB
    big = SimpleUploadedFile("eksport.csv", b"a;b\n" * MB)

    response = client_for(mads).post("/imports/", {"file": big})

    assert response.status_code == 413
    assert "større end denne side tager imod" in response.content.decode()
    assert written(upload_dir) == 0


def test_health_check_answers_head(client):
    assert client.head("/healthz").status_code == 200
