"""Evidence given to the activity services: the files and links kept, and those refused."""

import pytest

from reporting.activities import uploads
from reporting.models import Evidence
from tests.reporting.activities.files import EXE, PDF, PNG, upload
from tests.reporting.activities.service_helpers import (
    act,
    assert_nothing_saved,
    files_on_disk,
    log,
    refusal_of,
    reloaded,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_in_tmp", "english")]


def test_a_pdf_and_a_png_are_kept_as_evidence(hanne, tmp_path):
    activity = log(hanne, files=[upload("Referat.PDF", PDF), upload("foto.png", PNG)])

    evidence = list(activity.evidence.all())
    assert [(item.file_name, item.content_type, item.size) for item in evidence] == [
        ("Referat.PDF", "application/pdf", len(PDF)),
        ("foto.png", "image/png", len(PNG)),
    ]
    assert [(tmp_path / item.file.name).read_bytes() for item in evidence] == [PDF, PNG]
    assert {item.added_by for item in evidence} == {hanne}


def test_a_program_named_pdf_is_refused(hanne, tmp_path):
    refusal = refusal_of(log, hanne, files=[upload("faktura.pdf", EXE)])

    assert refusal.message_dict == {
        "files": ["faktura.pdf does not contain what its name says (pdf)."]
    }
    assert_nothing_saved(tmp_path)


def test_a_pdf_named_png_is_refused(hanne, tmp_path):
    refusal = refusal_of(log, hanne, files=[upload("foto.png", PDF)])

    assert set(refusal.message_dict) == {"files"}
    assert_nothing_saved(tmp_path)


def test_a_file_over_the_size_limit_is_refused(hanne, settings, tmp_path):
    settings.EVIDENCE_MAX_FILE_SIZE = len(PDF) - 1

    refusal = refusal_of(log, hanne, files=[upload("stor.pdf", PDF)])

    [message] = refusal.message_dict["files"]
    assert message.startswith("stor.pdf is ")
    assert "a file may be at most" in message
    assert_nothing_saved(tmp_path)


def test_a_file_exactly_at_the_size_limit_is_accepted(hanne, settings):
    settings.EVIDENCE_MAX_FILE_SIZE = len(PDF)

    activity = log(hanne, files=[upload("præcis.pdf", PDF)])

    assert activity.evidence.get().size == len(PDF)


@pytest.mark.parametrize(
    "link",
    [
        "ftp://example.dk/rapport.pdf",
        "javascript:alert(1)",
        "file:///etc/passwd",
        "mailto:hanne@example.dk",
        "www.vaeksthus.dk",
    ],
)
def test_a_link_that_is_not_a_web_address_is_refused(hanne, tmp_path, link):
    refusal = refusal_of(log, hanne, links=[link])

    assert refusal.message_dict == {
        "links": [f"{link} is not a web address (it starts with https:// or http://)."]
    }
    assert_nothing_saved(tmp_path)


def test_http_and_https_links_are_kept_and_blank_ones_are_left_out(hanne):
    activity = log(hanne, links=[" https://vaeksthus.dk/referat ", "", "   ", "http://example.dk"])

    assert list(activity.evidence.values_list("url", flat=True)) == [
        "https://vaeksthus.dk/referat",
        "http://example.dk",
    ]


def test_hanne_can_attach_up_to_the_maximum_but_not_one_more(hanne):
    maximum = uploads.MAX_EVIDENCE_PER_ACTIVITY
    activity = log(hanne, links=[f"https://example.dk/{number}" for number in range(maximum)])

    refusal = refusal_of(act, "update", activity, hanne, files=[upload("en-til.pdf", PDF)])

    assert refusal.message_dict == {
        "files": [f"An activity has at most {maximum} files and links."]
    }
    assert Evidence.objects.filter(activity=activity).count() == maximum


def test_more_than_the_maximum_evidence_at_once_is_refused(hanne, tmp_path):
    links = [f"https://example.dk/{number}" for number in range(uploads.MAX_EVIDENCE_PER_ACTIVITY)]

    refusal_of(log, hanne, links=links, files=[upload("en-til.pdf", PDF)])

    assert_nothing_saved(tmp_path)


def test_a_change_with_a_bad_file_leaves_the_activity_as_it_was(hanne, tmp_path):
    activity = log(hanne, description="Før")

    refusal_of(act, "update", activity, hanne, description="Efter", files=[upload("x.pdf", EXE)])

    assert reloaded(activity).description == "Før"
    assert activity.history.count() == 1
    assert files_on_disk(tmp_path) == []
