"""Refused activity forms: the error appears next to its field, in Danish (or English
when chosen), and a refused form saves nothing at all, not even the new firm typed
into it."""

import re

import pytest

from reporting.models import Activity, Firm
from tests.factories import HOVEDSTADEN, SJAELLAND, house, new_cvr
from tests.reporting.activities.files import EXE, PDF, upload
from tests.reporting.activities.form_helpers import (
    SAVED_DA,
    activity_form,
    counts,
    errors_next_to,
    in_english,
    new_firm_fields,
    page_text,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_in_tmp")]


# Refused forms: the error sits next to its field, in Danish, and nothing is saved.


def assert_refused(response, field, message, before):
    """The page comes back with the message next to the field, and nothing was saved."""
    assert response.status_code == 200
    assert any(message in text for text in errors_next_to(response, field)), (
        f"{message!r} not next to {field}: {errors_next_to(response, field)}"
    )
    assert any(message in str(error) for error in response.context["form"].errors[field])
    assert message in page_text(response)
    assert counts() == before


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        (
            {"date": "31.12.2017"},
            "date",
            "31.12.2017 ligger ikke i et aftaleår, der tager imod registreringer nu: "
            "Regional aftale 2018: 01.01.2018–31.12.2018.",
        ),
        (
            {"date": "01.01.2019"},
            "date",
            "01.01.2019 ligger ikke i et aftaleår, der tager imod registreringer nu: "
            "Regional aftale 2018: 01.01.2018–31.12.2018.",
        ),
        ({"date": "31.02.2018"}, "date", "Skriv datoen som dd.mm.åååå, fx 15.03.2018."),
        ({"date": "hello"}, "date", "Skriv datoen som dd.mm.åååå"),
        ({"date": ""}, "date", "Dette felt er påkrævet."),
        ({"quantity": "0"}, "quantity", "Antallet skal være større end 0."),
        ({"quantity": "-1"}, "quantity", "Antallet skal være større end 0."),
        ({"quantity": "0,001"}, "quantity", "Der må maksimalt være 2 decimaler."),
        ({"quantity": "to"}, "quantity", "Indtast et tal."),
        ({"participants": "-3"}, "participants", "Denne værdi skal være større end eller lig 0."),
        ({"links": "www.example.dk"}, "links", "www.example.dk er ikke en webadresse"),
        (
            {"links": "https://example.dk/ok\njavascript:alert(1)"},
            "links",
            "javascript:alert(1) er ikke en webadresse (den begynder med https:// eller http://).",
        ),
        ({"firm_cvr": "Bageriet"}, "firm_cvr", "Vælg virksomheden på listen"),
        ({"firm_cvr": "1234567"}, "firm_cvr", "Et CVR-nummer består af 8 cifre."),
        ({"firm_cvr": "01234567"}, "firm_cvr", "Et CVR-nummer begynder ikke med 0."),
    ],
    ids=[
        "date-in-2017",
        "date-in-2019",
        "31-february",
        "not-a-date",
        "no-date",
        "quantity-0",
        "quantity-minus-1",
        "quantity-three-decimals",
        "quantity-in-words",
        "negative-participants",
        "link-without-scheme",
        "javascript-link",
        "firm-name-in-cvr-field",
        "cvr-of-7-digits",
        "cvr-starting-with-0",
    ],
)
def test_a_refused_form_shows_the_error_next_to_the_field_and_saves_nothing(
    client_for, hanne, fields, field, message
):
    data = activity_form(**new_firm_fields(), description="Skal ikke gemmes.")
    data.update(fields)
    before = counts()

    response = client_for(hanne).post("/activities/new/", data)

    assert_refused(response, field, message, before)
    assert "Skal ikke gemmes." in page_text(response), "what she typed is kept in the form"


def test_a_cvr_whose_check_digit_is_wrong_is_refused(client_for, hanne):
    cvr = new_cvr()
    wrong = cvr[:7] + str((int(cvr[7]) + 1) % 10)
    before = counts()

    response = client_for(hanne).post("/activities/new/", activity_form(**new_firm_fields(wrong)))

    assert_refused(
        response,
        "firm_cvr",
        f"{wrong} er ikke et gyldigt CVR-nummer: kontrolcifferet passer ikke.",
        before,
    )


@pytest.mark.parametrize("missing", ["firm_name", "firm_municipality"])
def test_a_new_cvr_needs_the_firms_name_and_municipality(client_for, hanne, missing):
    fields = new_firm_fields()
    fields[missing] = ""
    before = counts()

    response = client_for(hanne).post("/activities/new/", activity_form(**fields))

    message = f"{fields['firm_cvr']} er en ny virksomhed: angiv navn og kommune."
    assert_refused(response, missing, message, before)


def test_a_new_firms_name_without_a_cvr_is_refused_on_the_cvr(client_for, hanne):
    fields = new_firm_fields()
    fields["firm_cvr"] = ""
    before = counts()

    response = client_for(hanne).post("/activities/new/", activity_form(**fields))

    assert_refused(response, "firm_cvr", "Angiv den nye virksomheds CVR-nummer.", before)


def test_guidance_without_a_firm_is_refused_on_the_firm_field(client_for, hanne):
    before = counts()

    response = client_for(hanne).post("/activities/new/", activity_form("guidance"))

    assert_refused(
        response, "firm_cvr", "En vejledning er med en virksomhed: angiv dens CVR-nummer.", before
    )


def test_an_event_needs_no_firm(client_for, hanne):
    response = client_for(hanne).post("/activities/new/", activity_form("event"))

    assert response.status_code == 302
    assert Activity.objects.get().firm is None


def test_delivered_in_offers_only_the_other_growth_house(client_for, hanne):
    page = page_text(client_for(hanne).get("/activities/new/"))

    [choices] = re.findall(r'<select name="delivered_in".*?</select>', page, re.DOTALL)
    assert "Væksthus Sjælland" in choices
    assert "Væksthus Hovedstadsregionen" not in choices


def test_delivered_in_own_house_is_refused_as_not_a_choice(client_for, hanne):
    before = counts()

    response = client_for(hanne).post(
        "/activities/new/",
        activity_form(**new_firm_fields(), delivered_in=house(HOVEDSTADEN).pk),
    )

    assert_refused(response, "delivered_in", "Marker en gyldig valgmulighed.", before)


def test_delivered_in_the_other_house_is_saved(client_for, hanne):
    response = client_for(hanne).post(
        "/activities/new/",
        activity_form(**new_firm_fields(), delivered_in=house(SJAELLAND).pk),
    )

    assert response.status_code == 302
    assert Activity.objects.get().delivered_in.key == SJAELLAND


def test_a_bad_link_after_a_valid_new_firm_saves_neither_firm_nor_activity(client_for, hanne):
    fields = new_firm_fields()
    before = counts()

    response = client_for(hanne).post(
        "/activities/new/",
        activity_form(**fields, files=[upload("referat.pdf", PDF)], links="ftp://example.dk/x"),
    )

    assert_refused(response, "links", "ftp://example.dk/x er ikke en webadresse", before)
    assert not Firm.objects.filter(cvr=fields["firm_cvr"]).exists()


def test_an_exe_named_pdf_is_refused_on_the_files_field(client_for, hanne):
    before = counts()

    response = client_for(hanne).post(
        "/activities/new/",
        activity_form(**new_firm_fields(), files=[upload("referat.pdf", EXE)]),
    )

    assert_refused(
        response, "files", "referat.pdf indeholder ikke det, navnet siger (pdf).", before
    )


def test_a_file_type_not_accepted_is_refused_on_the_files_field(client_for, hanne):
    before = counts()

    response = client_for(hanne).post(
        "/activities/new/",
        activity_form(**new_firm_fields(), files=[upload("program.exe", EXE)]),
    )

    assert_refused(response, "files", "program.exe er ikke en filtype, vi tager imod.", before)


def test_a_file_too_large_is_refused_on_the_files_field(client_for, hanne, settings):
    settings.EVIDENCE_MAX_FILE_SIZE = 1024
    before = counts()

    response = client_for(hanne).post(
        "/activities/new/",
        activity_form(
            **new_firm_fields(),
            files=[upload("lille.pdf", PDF), upload("stor.pdf", PDF + bytes(2048))],
        ),
    )

    assert_refused(response, "files", "stor.pdf fylder", before)
    assert "en fil må højst fylde 1\xa0KB" in page_text(response)


# The same refusals in English, for the user who chose English.


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        (
            {"date": "01.01.2019"},
            "date",
            "01.01.2019 is in no agreement year that takes entries now: "
            "Regional aftale 2018: 01.01.2018–31.12.2018.",
        ),
        ({"date": "31.02.2018"}, "date", "Write the date as dd.mm.yyyy, e.g. 15.03.2018."),
        ({"quantity": "0"}, "quantity", "The quantity must be more than 0."),
        ({"quantity": "-1"}, "quantity", "The quantity must be more than 0."),
        (
            {"links": "www.example.dk"},
            "links",
            "www.example.dk is not a web address (it starts with https:// or http://).",
        ),
        (
            {"files": [upload("referat.pdf", EXE)]},
            "files",
            "referat.pdf does not contain what its name says (pdf).",
        ),
        ({"firm_name": ""}, "firm_name", "is a new firm: give its name and municipality."),
    ],
    ids=[
        "date-in-2019",
        "31-february",
        "quantity-0",
        "quantity-minus-1",
        "bad-link",
        "exe",
        "new-firm-without-name",
    ],
)
def test_a_user_who_chose_english_sees_the_errors_in_english(
    client_for, hanne, fields, field, message
):
    client = in_english(client_for(hanne))
    data = activity_form(**new_firm_fields())
    data.update(fields)
    before = counts()

    response = client.post("/activities/new/", data)

    assert_refused(response, field, message, before)
    assert '<html lang="en">' in response.content.decode()


def test_guidance_without_a_firm_is_refused_in_english(client_for, hanne):
    client = in_english(client_for(hanne))
    before = counts()

    response = client.post("/activities/new/", activity_form("guidance"))

    assert_refused(response, "firm_cvr", "A guidance is with a firm: give its CVR number.", before)


def test_delivered_in_own_house_is_refused_in_english(client_for, hanne):
    client = in_english(client_for(hanne))
    before = counts()

    response = client.post(
        "/activities/new/",
        activity_form(**new_firm_fields(), delivered_in=house(HOVEDSTADEN).pk),
    )

    assert_refused(
        response,
        "delivered_in",
        "Select a valid choice. That choice is not one of the available choices.",
        before,
    )


def test_a_bad_check_digit_is_refused_in_english(client_for, hanne):
    client = in_english(client_for(hanne))
    cvr = new_cvr()
    wrong = cvr[:7] + str((int(cvr[7]) + 1) % 10)
    before = counts()

    response = client.post("/activities/new/", activity_form(**new_firm_fields(wrong)))

    assert_refused(
        response,
        "firm_cvr",
        f"{wrong} is not a valid CVR number: the check digit does not match.",
        before,
    )


def test_a_user_who_chose_english_is_told_the_activity_is_saved_in_english(client_for, hanne):
    client = in_english(client_for(hanne))

    response = client.post("/activities/new/", activity_form(**new_firm_fields()), follow=True)

    assert "The activity is saved in Regional aftale 2018." in page_text(response)
    assert SAVED_DA not in page_text(response)
