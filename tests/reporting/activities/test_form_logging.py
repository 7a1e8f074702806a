"""Logging a new activity through the browser form, as the growth houses' staff do:
what is saved, with which firm, municipality and goals, and what the user then sees."""

import datetime
from decimal import Decimal

import pytest

from reporting.models import Activity, Firm
from tests.factories import HOVEDSTADEN, SJAELLAND, house, make_activity, make_firm, new_cvr
from tests.reporting.activities.files import PDF, upload
from tests.reporting.activities.form_helpers import (
    SAVED_DA,
    activity_form,
    edit_form_of,
    new_firm_fields,
    page_text,
)
from tests.reporting.activities.lookups import goal, municipality

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_in_tmp")]


# Logging a new activity.


def test_hanne_logs_a_growth_mapping_for_a_new_firm_and_submits_it(client_for, hanne):
    client = client_for(hanne)
    cvr = new_cvr()

    response = client.post(
        "/activities/new/",
        activity_form(
            **new_firm_fields(cvr, name="Bageriet Brød ApS", municipality_code=147),
            firm_sector="Fødevarer",
            description="Vækstkortlægning med ejerkredsen.",
        ),
    )

    activity = Activity.objects.get()
    assert response.status_code == 302
    assert response.url == f"/activities/{activity.pk}/"
    assert activity.status == Activity.Status.SUBMITTED
    assert activity.author == hanne
    assert activity.house.key == HOVEDSTADEN
    assert activity.activity_type.code == "growth_mapping"
    assert activity.date == datetime.date(2018, 3, 15)
    firm = Firm.objects.get(cvr=cvr)
    assert (firm.name, firm.municipality.name, firm.sector) == (
        "Bageriet Brød ApS",
        "Frederiksberg",
        "Fødevarer",
    )
    assert activity.firm == firm
    assert activity.municipality == firm.municipality
    assert firm.history.get().history_user == hanne

    detail = client.get(response.url)
    assert SAVED_DA in page_text(detail)
    assert "Bageriet Brød ApS" in page_text(detail)


def test_save_as_draft_keeps_the_activity_a_draft(client_for, hanne):
    response = client_for(hanne).post(
        "/activities/new/", activity_form(action="draft", **new_firm_fields())
    )

    assert response.status_code == 302
    assert Activity.objects.get().status == Activity.Status.DRAFT


@pytest.mark.parametrize(
    "typed",
    ["{cvr}", "{first} {last}", "DK{cvr}", "dk {cvr}", " DK-{cvr} "],
    ids=["digits", "with-a-space", "dk-prefix", "lower-dk-and-space", "dk-dash-and-padding"],
)
def test_an_existing_firm_chosen_by_cvr_is_used_and_lends_its_municipality(
    client_for, hanne, typed
):
    firm = make_firm(user=hanne, name="Roskilde Rør A/S", municipality_code=265)
    firm_cvr = typed.format(cvr=firm.cvr, first=firm.cvr[:4], last=firm.cvr[4:])

    response = client_for(hanne).post("/activities/new/", activity_form(firm_cvr=firm_cvr))

    assert response.status_code == 302
    assert Firm.objects.count() == 1
    activity = Activity.objects.get()
    assert activity.firm == firm
    assert activity.municipality.name == "Roskilde"


def test_a_name_typed_beside_a_known_cvr_does_not_rename_the_firm(client_for, hanne):
    firm = make_firm(user=hanne, name="Roskilde Rør A/S", municipality_code=265)

    response = client_for(hanne).post(
        "/activities/new/", activity_form(**new_firm_fields(firm.cvr, name="Et andet navn"))
    )

    assert response.status_code == 302
    assert Firm.objects.get().name == "Roskilde Rør A/S"
    assert Activity.objects.get().firm == firm


def test_the_municipality_hanne_chooses_is_kept_over_the_firms(client_for, hanne):
    firm = make_firm(user=hanne, municipality_code=265)

    client_for(hanne).post(
        "/activities/new/",
        activity_form(firm_cvr=firm.cvr, municipality=municipality(101).pk),
    )

    assert Activity.objects.get().municipality.name == "København"


def test_danish_decimal_comma_in_the_quantity_is_understood(client_for, hanne):
    client = client_for(hanne)

    response = client.post(
        "/activities/new/", activity_form("event", action="draft", quantity="2,5")
    )

    assert response.status_code == 302
    activity = Activity.objects.get()
    assert activity.quantity == Decimal("2.5")
    edit_page = client.get(f"/activities/{activity.pk}/edit/")
    assert edit_form_of(edit_page)["quantity"] == "2,50"


def test_saving_the_edit_page_unchanged_keeps_every_value(client_for, hanne):
    client = client_for(hanne)
    firm = make_firm(user=hanne, municipality_code=265)
    activity = make_activity(
        author=hanne,
        activity_type="growth_course",
        firm=firm,
        date=datetime.date(2018, 6, 14),
        quantity=Decimal("2.5"),
        participants=12,
        delivered_in=house(SJAELLAND),
        description="Forløb over tre møder.\nMed opfølgning.",
    )

    edit_page = client.get(f"/activities/{activity.pk}/edit/")
    response = client.post(f"/activities/{activity.pk}/edit/", edit_form_of(edit_page))

    assert response.status_code == 302
    saved = Activity.objects.get(pk=activity.pk)
    assert saved.date == datetime.date(2018, 6, 14)
    assert saved.quantity == Decimal("2.5")
    assert saved.participants == 12
    assert saved.firm == firm
    assert saved.municipality == firm.municipality
    assert saved.delivered_in == house(SJAELLAND)
    assert saved.description == "Forløb over tre møder.\nMed opfølgning."
    assert set(saved.goals.values_list("code", flat=True)) == {"a.4a"}
    assert saved.status == Activity.Status.DRAFT


def test_a_growth_course_logged_without_ticking_goals_counts_towards_goal_4a(client_for, hanne):
    response = client_for(hanne).post(
        "/activities/new/", activity_form("growth_course", **new_firm_fields())
    )

    assert response.status_code == 302
    assert set(Activity.objects.get().goals.values_list("code", flat=True)) == {"a.4a"}


def test_the_goals_hanne_ticks_replace_the_default_goals(client_for, hanne):
    chosen = goal("a.1")

    client_for(hanne).post(
        "/activities/new/",
        activity_form("growth_course", goals=[chosen.pk], **new_firm_fields()),
    )

    assert list(Activity.objects.get().goals.all()) == [chosen]


def test_files_and_links_given_when_logging_are_kept_as_evidence(client_for, hanne):
    client = client_for(hanne)

    response = client.post(
        "/activities/new/",
        activity_form(
            **new_firm_fields(),
            files=[upload("referat.pdf", PDF), upload("deltagere.txt", b"Hanne\nMads\n")],
            links="https://example.dk/referat\n\n  https://example.dk/billeder  \n",
        ),
    )

    assert response.status_code == 302
    activity = Activity.objects.get()
    assert sorted(str(item) for item in activity.evidence.all()) == [
        "deltagere.txt",
        "https://example.dk/billeder",
        "https://example.dk/referat",
        "referat.pdf",
    ]
