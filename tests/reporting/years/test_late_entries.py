"""Late entries: while a year is closing, staff log activities dated in it and managers approve
them, from its own pages or from the next year's; after the deadline both are refused."""

import datetime

import pytest

from agreement.models import Agreement
from goals.models import Goal
from reporting.models import Activity
from tests.factories import make_activity
from tests.reporting.activities.form_helpers import (
    activity_form,
    counts,
    errors_next_to,
    form_on_page,
    page_text,
)
from tests.reporting.years.conftest import NEXT_MONTH

pytestmark = pytest.mark.django_db

FORM = '<form method="post" enctype="multipart/form-data"'


def late_entry(**fields):
    """A collaboration: a kind of activity that counts for goals in both years."""
    return activity_form("collaboration", **{"date": "15.11.2018", **fields})


def test_the_closing_years_form_says_until_when_and_where_the_activity_counts(
    closing_2018, active_2019, client_for, hanne
):
    page = page_text(client_for(hanne).get("/activities/new/?year=2018"))

    deadline = f"{NEXT_MONTH.day}. "
    assert "Regional aftale 2018 lukker: sene registreringer og godkendelser modtages" in page
    assert deadline in page
    assert "Aktiviteten tæller i Regional aftale 2018." in page
    assert "Regional aftale 2019/20 (01.07.2019–30.06.2020)" in page


def test_a_late_entry_is_logged_in_the_closing_year(closing_2018, active_2019, client_for, hanne):
    response = client_for(hanne).post("/activities/new/?year=2018", late_entry(), follow=True)

    assert "Aktiviteten er gemt i Regional aftale 2018." in page_text(response)
    activity = Activity.objects.get()
    assert (activity.agreement.year, activity.status) == (2018, Activity.Status.SUBMITTED)
    assert set(activity.goals.values_list("focus_area__agreement__year", flat=True)) == {2018}


def test_a_2018_date_on_the_2019_form_moves_the_form_to_2018_before_anything_is_saved(
    closing_2018, active_2019, client_for, hanne
):
    client = client_for(hanne)
    before = counts()

    moved = client.post("/activities/new/?year=2019", late_entry())

    assert counts() == before
    assert moved.context["agreement"].year == 2018
    assert (
        "15.11.2018 ligger i Regional aftale 2018, så aktiviteten tæller dér. Målene er nu det "
        "års: tjek dem, og gem igen." in page_text(moved)
    )
    shown = form_on_page(moved, FORM)
    assert shown["date"] == "15.11.2018"
    goals_2018 = {
        str(pk)
        for pk in Goal.objects.filter(focus_area__agreement__year=2018).values_list("pk", flat=True)
    }
    assert shown.get("goals") and set(shown["goals"]) <= goals_2018

    saved = client.post("/activities/new/?year=2018", {**shown, "action": "submit"}, follow=True)

    assert "Aktiviteten er gemt i Regional aftale 2018." in page_text(saved)
    assert Activity.objects.get().agreement.year == 2018


def test_after_the_deadline_a_late_entry_is_refused_next_to_the_date(
    past_deadline_2018, active_2019, client_for, hanne
):
    before = counts()

    response = client_for(hanne).post("/activities/new/?year=2018", late_entry())

    yesterday = past_deadline_2018.entries_close_on
    assert errors_next_to(response, "date") == [
        "Regional aftale 2018 er lukket: fristen for sene registreringer var "
        f"{yesterday.day}. {MONTHS[yesterday.month]} {yesterday.year}, så der kan ikke "
        "længere registreres eller ændres noget i den."
    ]
    assert counts() == before


MONTHS = [
    "",
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
]


def test_a_date_of_a_draft_year_is_refused_without_naming_the_draft(
    closing_2018, client_for, hanne
):
    from tests.goals.agreement_files import load_2019

    load_2019(status=Agreement.Status.DRAFT)

    response = client_for(hanne).post("/activities/new/", late_entry(date="02.09.2019"))

    assert errors_next_to(response, "date") == [
        "02.09.2019 ligger ikke i et aftaleår, der tager imod registreringer nu: "
        f"Regional aftale 2018: 01.01.2018–31.12.2018 (sene registreringer til og med "
        f"{NEXT_MONTH:%d.%m.%Y})."
    ]


@pytest.fixture
def submitted(closing_2018, hanne):
    return make_activity(author=hanne, status=Activity.Status.SUBMITTED)


def approve(client, activity):
    return client.post(
        f"/activities/{activity.pk}/approve/", {"version": activity.version}, follow=True
    )


def test_a_manager_approves_a_late_entry_before_the_deadline(submitted, client_for, mads):
    response = approve(client_for(mads), submitted)

    assert "Aktiviteten er godkendt." in page_text(response)
    submitted.refresh_from_db()
    assert submitted.status == Activity.Status.APPROVED


def test_after_the_deadline_the_approval_is_refused_and_the_buttons_are_gone(
    submitted, client_for, mads
):
    Agreement.objects.filter(year=2018).update(entries_close_on=datetime.date(2019, 1, 31))
    client = client_for(mads)

    response = approve(client, submitted)

    assert (
        "Regional aftale 2018 er lukket: fristen for sene registreringer var 31. januar 2019"
        in (page_text(response))
    )
    submitted.refresh_from_db()
    assert submitted.status == Activity.Status.SUBMITTED
    detail = page_text(client.get(f"/activities/{submitted.pk}/"))
    assert "Godkend" not in detail.split('data-testid="actions"')[1].split("</div>")[0]
    edit = client.get(f"/activities/{submitted.pk}/edit/", follow=True)
    assert edit.redirect_chain[-1][0] == f"/activities/{submitted.pk}/"
