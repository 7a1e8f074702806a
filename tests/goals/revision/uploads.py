"""Uploading a revision sheet as the tests do: the well filled-in file, and the messages
a refused one gets, with nothing kept or created."""

import pytest
from django.core.exceptions import ValidationError

from agreement.models import Agreement
from goals.models import AgreementRevision
from goals.revision import services
from tests.goals.revision.revision_files import fill, revision_rows, upload, workbook_bytes


def english_client(client):
    """Return the client with English chosen, as the language switch leaves it."""
    client.cookies["django_language"] = "en"
    return client


def filled_in(agreement):
    """Return the rows as the KKRs send them back: two targets raised, one comment alone."""
    rows = revision_rows(agreement)
    fill(rows, "a.2a.events", next_threshold=2, comment="To events i 2019.")
    fill(rows, "national.guided-firms", next_threshold="4.500")
    fill(rows, "b.b.international-activity", next_threshold="35 %", comment="Målt som i 2018.")
    fill(rows, "c.1.kommissorium", comment="Kommissoriet er på plads; ny milepæl i 2019.")
    return rows


def good_file(agreement):
    return upload(workbook_bytes(filled_in(agreement), year=agreement.year))


def refused(agreement, user, content, name="revision-2018.xlsx"):
    """Return the messages the upload is refused with; nothing is kept or created."""
    with pytest.raises(ValidationError) as refusal:
        services.revision_upload(agreement=agreement, user=user, upload=upload(content, name))
    assert not AgreementRevision.objects.exists()
    assert not Agreement.objects.filter(year=2019).exists()
    return refusal.value.message_dict


def row_messages(agreement, user, rows, *, year=None):
    content = workbook_bytes(rows, year=year or agreement.year)
    return refused(agreement, user, content)["rows"]


def file_messages(agreement, user, content, name="revision-2018.xlsx"):
    return refused(agreement, user, content, name)["file"]
