"""The warning about the other growth house's recent contact with the same firm, on the
form and from the contacts endpoint it asks."""

import datetime
import html
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine

from reporting.models import Activity
from tests.factories import make_activity, make_firm
from tests.reporting.activities.form_helpers import SAVED_DA, activity_form, in_english, page_text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_in_tmp")]

COPENHAGEN = ZoneInfo("Europe/Copenhagen")
MAY_15 = datetime.date(2018, 5, 15)
LATE_2018 = datetime.datetime(2018, 12, 1, 10, tzinfo=COPENHAGEN)


@pytest.fixture
def firm_x(sofie):
    return make_firm(user=sofie, name="Firma X ApS", municipality_code=265)


def sofies_contact(sofie, firm, *, date=MAY_15, status=Activity.Status.SUBMITTED):
    return make_activity(
        author=sofie, activity_type="growth_mapping", firm=firm, date=date, status=status
    )


def hanne_logs_guidance(client, firm, date="14.06.2018"):
    return client.post(
        "/activities/new/",
        activity_form("guidance", firm_cvr=firm.cvr, date=date),
        follow=True,
    )


def contact_warnings(response):
    return [
        html.unescape(text)
        for text in re.findall(
            r'<div class="alert alert-warning">(.*?)</div>', response.content.decode(), re.DOTALL
        )
    ]


@pytest.mark.parametrize("status", [Activity.Status.SUBMITTED, Activity.Status.APPROVED])
@time_machine.travel(LATE_2018, tick=False)
def test_hanne_is_warned_when_sjaelland_saw_the_firm_a_month_earlier(
    client_for, hanne, sofie, firm_x, status
):
    sofies_contact(sofie, firm_x, status=status)

    response = hanne_logs_guidance(client_for(hanne), firm_x)

    assert response.redirect_chain[0][1] == 302
    assert Activity.objects.filter(house=hanne.organisation, firm=firm_x).exists()
    [warning] = contact_warnings(response)
    assert "Firma X ApS" in warning
    assert "Væksthus Sjælland" in warning
    assert "vækstkortlægning" in warning
    assert "15.05.2018" in warning
    assert "Sofie Testesen" in warning
    assert SAVED_DA in page_text(response)


@time_machine.travel(LATE_2018, tick=False)
def test_the_contacts_endpoint_tells_hanne_of_sjaellands_contact(client_for, hanne, sofie, firm_x):
    sofies_contact(sofie, firm_x)
    spaced = f"{firm_x.cvr[:4]} {firm_x.cvr[4:]}"

    response = client_for(hanne).get("/firms/contacts/", {"cvr": spaced, "date": "14.06.2018"})

    assert response.status_code == 200
    [contact] = response.json()["contacts"]
    assert "Væksthus Sjælland" in contact
    assert "15.05.2018" in contact


@time_machine.travel(LATE_2018, tick=False)
def test_sofies_draft_with_the_firm_warns_nobody(client_for, hanne, sofie, firm_x):
    sofies_contact(sofie, firm_x, status=Activity.Status.DRAFT)
    client = client_for(hanne)

    response = hanne_logs_guidance(client, firm_x)

    assert response.redirect_chain
    assert contact_warnings(response) == []
    contacts = client.get("/firms/contacts/", {"cvr": firm_x.cvr, "date": "14.06.2018"})
    assert contacts.json() == {"contacts": []}


@time_machine.travel(LATE_2018, tick=False)
def test_a_contact_100_days_earlier_warns_nobody(client_for, hanne, sofie, firm_x):
    sofies_contact(sofie, firm_x, date=datetime.date(2018, 3, 6))
    client = client_for(hanne)

    response = hanne_logs_guidance(client, firm_x)

    assert response.redirect_chain
    assert contact_warnings(response) == []
    contacts = client.get("/firms/contacts/", {"cvr": firm_x.cvr, "date": "14.06.2018"})
    assert contacts.json() == {"contacts": []}


@time_machine.travel(LATE_2018, tick=False)
def test_a_contact_90_days_earlier_still_warns(client_for, hanne, sofie, firm_x):
    sofies_contact(sofie, firm_x, date=datetime.date(2018, 3, 16))

    response = hanne_logs_guidance(client_for(hanne), firm_x)

    assert len(contact_warnings(response)) == 1


@time_machine.travel(LATE_2018, tick=False)
def test_hannes_own_houses_contact_is_no_warning(client_for, hanne, mads, firm_x):
    make_activity(author=mads, firm=firm_x, date=MAY_15, status=Activity.Status.SUBMITTED)

    response = hanne_logs_guidance(client_for(hanne), firm_x)

    assert contact_warnings(response) == []


@time_machine.travel(LATE_2018, tick=False)
def test_a_user_who_chose_english_is_warned_in_english(client_for, hanne, sofie, firm_x):
    sofies_contact(sofie, firm_x)

    response = hanne_logs_guidance(in_english(client_for(hanne)), firm_x)

    [warning] = contact_warnings(response)
    assert "in contact with Firma X ApS recently: growth mapping with Væksthus Sjælland" in warning
    assert "Make sure the firm is not offered the same twice." in warning


@time_machine.travel(LATE_2018, tick=False)
def test_two_contacts_make_one_warning_that_gives_the_advice_once(client_for, hanne, sofie, firm_x):
    sofies_contact(sofie, firm_x)
    sofies_contact(sofie, firm_x, date=datetime.date(2018, 6, 1))

    response = hanne_logs_guidance(in_english(client_for(hanne)), firm_x)

    [warning] = contact_warnings(response)
    assert "01.06.2018" in warning
    assert "15.05.2018" in warning
    assert warning.count("Make sure the firm is not offered the same twice.") == 1


@time_machine.travel(LATE_2018, tick=False)
def test_the_warning_in_english_writes_the_date_as_dd_mm_yyyy(client_for, hanne, sofie, firm_x):
    sofies_contact(sofie, firm_x, date=datetime.date(2018, 6, 5))

    response = hanne_logs_guidance(in_english(client_for(hanne)), firm_x)

    [warning] = contact_warnings(response)
    assert "06/05/2018" not in warning, "a Dane reads this as 6 May"
    assert "05.06.2018" in warning


@time_machine.travel(LATE_2018, tick=False)
def test_the_form_shown_again_after_an_error_warns_of_the_contact_near_its_date(
    client_for, hanne, sofie, firm_x
):
    sofies_contact(sofie, firm_x)

    response = client_for(hanne).post(
        "/activities/new/",
        activity_form("guidance", firm_cvr=firm_x.cvr, date="14.06.2018", quantity="0"),
    )

    assert response.status_code == 200
    assert len(response.context["contacts"]) == 1
    assert '<div id="contact-warning" class="alert alert-warning" role="alert">' in page_text(
        response
    )


@time_machine.travel(LATE_2018, tick=False)
def test_the_form_gives_the_advice_once_however_many_contacts_it_lists(
    client_for, hanne, sofie, firm_x
):
    sofies_contact(sofie, firm_x)
    sofies_contact(sofie, firm_x, date=datetime.date(2018, 6, 1))

    response = client_for(hanne).post(
        "/activities/new/",
        activity_form("guidance", firm_cvr=firm_x.cvr, date="14.06.2018", quantity="0"),
    )

    text = page_text(response)
    assert text.count("<li>vækstkortlægning med Væksthus Sjælland") == 2
    assert text.count("samme tilbud to gange") == 1


@pytest.mark.parametrize("date", ["01.01.0001", "31.12.9999"])
def test_the_contacts_endpoint_survives_a_date_at_the_end_of_the_calendar(
    client_for, hanne, firm_x, date
):
    response = client_for(hanne).get("/firms/contacts/", {"cvr": firm_x.cvr, "date": date})

    assert response.status_code == 200
    assert response.json() == {"contacts": []}
