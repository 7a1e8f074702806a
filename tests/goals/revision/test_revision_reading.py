"""The revision workbook is read by Celery, not in the request: the page shows a bar until
the preview is ready."""

import openpyxl
import pytest

from goals.models import AgreementRevision, RevisionUpload
from tests.goals.revision.uploads import english_client, good_file

pytestmark = pytest.mark.django_db


def test_the_upload_is_read_after_the_request_with_a_bar_meanwhile(
    client_for, anne, agreement_2018, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.undo()  # queue the reading for the commit, as in production
    client = english_client(client_for(anne))
    load_workbook = openpyxl.load_workbook

    def not_in_the_request(*args, **kwargs):
        raise AssertionError("the request must not parse the workbook")

    monkeypatch.setattr(openpyxl, "load_workbook", not_in_the_request)
    with django_capture_on_commit_callbacks() as queued:
        response = client.post("/agreements/2018/revision/", {"file": good_file(agreement_2018)})
    page = client.get(response.url).content.decode()
    assert "Reading the revision" in page
    assert 'id="workbook-progress"' in page
    assert client.get(f"{response.url}status/").json()["finished"] is False
    assert not AgreementRevision.objects.exists()

    monkeypatch.setattr(openpyxl, "load_workbook", load_workbook)
    queued[0]()  # the worker

    revision = AgreementRevision.objects.get()
    assert client.get(response.url).url == revision.get_absolute_url()
    assert not RevisionUpload.objects.get().file
