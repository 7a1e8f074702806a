"""The firm's page and an activity's page explain their abbreviations where first used:
CVR, and a growth house's short name, with the full name (in English when chosen)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import make_activity, make_firm
from tests.pages import first_use_title
from tests.reporting.activities.form_helpers import in_english
from tests.reporting.activities.list_helpers import SUBMITTED

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_in_tmp")]

CVR_DA = "Det Centrale Virksomhedsregister"


@pytest.fixture
def firm(hanne):
    return make_firm(user=hanne, name="Bageriet Brød ApS", municipality_code=101)


def test_the_firm_page_explains_cvr_and_the_growth_houses(client_for, rikke, hanne, sofie, firm):
    make_activity(author=hanne, firm=firm, status=SUBMITTED)
    make_activity(author=sofie, firm=firm, status=SUBMITTED, activity_type="growth_mapping")

    page = client_for(rikke).get(f"/firms/{firm.cvr}/").content.decode()

    assert first_use_title(page, "CVR") == CVR_DA
    assert first_use_title(page, "VHHR") == "Væksthus Hovedstadsregionen"
    assert first_use_title(page, "VSJ") == "Væksthus Sjælland"


def test_the_firm_page_explains_cvr_in_english_when_chosen(client_for, hanne, firm):
    page = in_english(client_for(hanne)).get(f"/firms/{firm.cvr}/").content.decode()

    assert first_use_title(page, "CVR") == "The Central Business Register"
    assert "CVR</abbr> number" in page


def test_the_activity_page_explains_cvr(client_for, hanne, firm):
    activity = make_activity(author=hanne, firm=firm)

    page = client_for(hanne).get(f"/activities/{activity.pk}/").content.decode()

    assert first_use_title(page, "CVR") == CVR_DA


def test_the_activity_page_writes_an_evidence_files_size_the_danish_way(client_for, hanne):
    minutes = SimpleUploadedFile("referat.txt", b"Referat.\n" * 68, content_type="text/plain")
    report = b"%PDF-1.4\n" + b"0" * (1_258_291 - 16) + b"\n%%EOF\n"
    activity = make_activity(
        author=hanne,
        files=[minutes, SimpleUploadedFile("rapport.pdf", report, content_type="application/pdf")],
    )

    danish = client_for(hanne).get(f"/activities/{activity.pk}/").content.decode()
    english = in_english(client_for(hanne)).get(f"/activities/{activity.pk}/").content.decode()

    assert "612\xa0byte<" in danish
    assert "1,2\xa0MB" in danish
    assert "612\xa0bytes" in english
    assert "1.2\xa0MB" in english
