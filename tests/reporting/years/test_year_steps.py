"""The administrator's steps of the year's life: activate a draft, close a year (at once or after
late entries), reopen it with a reason. Each has a confirmation page that says what will happen,
and each step is kept in the agreement's history."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from agreement import services
from agreement.models import Agreement
from reporting.models import Activity
from tests.factories import make_activity
from tests.reporting.activities.form_helpers import errors_next_to, page_text
from tests.reporting.years.conftest import NEXT_MONTH

pytestmark = pytest.mark.django_db

PAGES = ["activate", "close", "reopen"]


def year(number):
    return Agreement.objects.get(year=number)


def test_activating_a_draft_says_what_it_holds_and_makes_it_seen_by_all(
    draft_2019, client_for, anne, hanne
):
    client = client_for(anne)
    page = page_text(client.get("/agreements/2019/activate/"))
    assert "Aktivér Regional aftale 2019/20?" in page
    assert (
        "medarbejderne registrerer aktiviteter dateret fra 1. juli 2019 til 30. juni 2020" in page
    )
    assert "Den har 7 mål og 9 måltal." in page

    response = client.post(
        "/agreements/2019/activate/", {"version": draft_2019.version}, follow=True
    )

    assert "Regional aftale 2019/20 er aktiv." in page_text(response)
    assert year(2019).status == Agreement.Status.ACTIVE
    assert client_for(hanne).get("/agreements/2019/").status_code == 200
    history = page_text(client.get("/agreements/2019/"))
    assert "Aktiveret</strong> · Anne Testesen" in history


def test_closing_counts_each_houses_unfinished_activities(
    agreement_2018, client_for, anne, hanne, sofie
):
    for _ in range(3):
        make_activity(author=hanne, status=Activity.Status.SUBMITTED)
    make_activity(author=sofie, status=Activity.Status.SUBMITTED)
    make_activity(author=sofie)

    page = page_text(client_for(anne).get("/agreements/2018/close/"))

    assert "3 aktiviteter fra Væksthus Hovedstadsregionen afventer godkendelse." in page
    assert "1 aktivitet fra Væksthus Sjælland afventer godkendelse." in page
    assert (
        "1 aktivitet fra Væksthus Sjælland er en kladde eller sendt retur og tæller kun, hvis "
        "den indsendes og godkendes." in page
    )


def test_closing_with_a_deadline_takes_late_entries_until_it(agreement_2018, client_for, anne):
    client = client_for(anne)

    response = client.post(
        "/agreements/2018/close/",
        {"entries_close_on": f"{NEXT_MONTH:%d.%m.%Y}", "version": agreement_2018.version},
        follow=True,
    )

    assert "Regional aftale 2018 tager imod sene registreringer til og med" in page_text(response)
    closing = year(2018)
    assert (closing.state, closing.entries_close_on) == (Agreement.Status.CLOSING, NEXT_MONTH)
    assert closing.takes_entries()
    assert 'data-testid="agreement-state">Lukker<' in response.content.decode()


def test_closing_without_a_deadline_closes_at_once(closing_2018, client_for, anne):
    client_for(anne).post(
        "/agreements/2018/close/", {"entries_close_on": "", "version": closing_2018.version}
    )

    closed = year(2018)
    assert closed.state == Agreement.Status.CLOSED
    assert not closed.takes_entries()


def test_a_deadline_in_the_past_is_refused_next_to_the_field(agreement_2018, client_for, anne):
    response = client_for(anne).post(
        "/agreements/2018/close/",
        {"entries_close_on": "01.01.2019", "version": agreement_2018.version},
    )

    assert errors_next_to(response, "entries_close_on") == [
        "Fristen kan ikke ligge i fortiden. Lad feltet stå tomt for at lukke året nu."
    ]
    assert year(2018).status == Agreement.Status.ACTIVE


def test_a_year_is_closed_only_once_its_period_is_over(agreement_2018, anne):
    with pytest.raises(ValidationError) as refused:
        services.agreement_close(
            agreement=agreement_2018,
            user=anne,
            version=agreement_2018.version,
            entries_close_on=None,
            today=datetime.date(2018, 6, 1),
        )

    assert refused.value.messages == [
        "Perioden løber til 31. december 2018: et år kan lukkes, når perioden er slut."
    ]


def test_a_step_based_on_a_page_someone_changed_since_is_a_conflict(
    agreement_2018, client_for, anne
):
    services.agreement_close(
        agreement=year(2018), user=anne, version=agreement_2018.version, entries_close_on=NEXT_MONTH
    )

    response = client_for(anne).post(
        "/agreements/2018/close/", {"entries_close_on": "", "version": agreement_2018.version}
    )

    assert "En anden har gemt en ændring her" in page_text(response)
    assert year(2018).status == Agreement.Status.CLOSING


def test_reopening_needs_a_reason_and_a_new_deadline(closed_2018, client_for, anne):
    response = client_for(anne).post(
        "/agreements/2018/reopen/",
        {"reason": "", "entries_close_on": "", "version": closed_2018.version},
    )

    assert errors_next_to(response, "reason") == ["Dette felt er påkrævet."]
    assert errors_next_to(response, "entries_close_on") == ["Dette felt er påkrævet."]
    assert year(2018).status == Agreement.Status.CLOSED


def test_a_reopened_year_takes_entries_again_and_its_history_says_why(
    closed_2018, client_for, anne
):
    client = client_for(anne)
    reason = "Sjællands sidste godkendelser nåede ikke frem før fristen."

    response = client.post(
        "/agreements/2018/reopen/",
        {
            "reason": reason,
            "entries_close_on": f"{NEXT_MONTH:%d.%m.%Y}",
            "version": closed_2018.version,
        },
        follow=True,
    )

    assert "Regional aftale 2018 er genåbnet." in page_text(response)
    reopened = year(2018)
    assert reopened.state == Agreement.Status.CLOSING and reopened.takes_entries()
    history = page_text(client.get("/agreements/2018/"))
    assert "Genåbnet</strong> · Anne Testesen" in history
    assert reason in history


def test_an_active_year_is_not_reopened(agreement_2018, anne):
    with pytest.raises(ValidationError) as refused:
        services.agreement_reopen(
            agreement=agreement_2018,
            user=anne,
            version=agreement_2018.version,
            reason="Fejl",
            entries_close_on=NEXT_MONTH,
        )

    assert refused.value.messages == [
        "Regional aftale 2018 er aktiv og ikke lukket, så der er intet at genåbne."
    ]


@pytest.mark.parametrize("step", PAGES)
@pytest.mark.parametrize("who", ["hanne", "mads", "rikke", "stranger"])
def test_only_administrators_take_the_steps(closed_2018, client_as, step, who):
    client = client_as(who)

    assert client.get(f"/agreements/2018/{step}/").status_code == 403
    assert (
        client.post(f"/agreements/2018/{step}/", {"version": closed_2018.version}).status_code
        == 403
    )
    assert year(2018).status == Agreement.Status.CLOSED


@pytest.mark.parametrize("step", PAGES)
def test_a_visitor_is_sent_to_sign_in(closed_2018, client, step):
    response = client.get(f"/agreements/2018/{step}/")

    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_the_agreement_page_offers_the_step_that_fits_the_state(
    draft_2019, closed_2018, client_for, anne, mads
):
    admin = client_for(anne)
    assert 'href="/agreements/2019/activate/"' in admin.get("/agreements/2019/").content.decode()
    assert 'href="/agreements/2018/reopen/"' in admin.get("/agreements/2018/").content.decode()
    assert 'href="/agreements/2018/close/"' not in admin.get("/agreements/2018/").content.decode()
    assert "/reopen/" not in client_for(mads).get("/agreements/2018/").content.decode()
