"""Editing activities and firms through the browser forms: edits that meet someone
else's save, evidence added, a returned activity resubmitted, and a manager returning one."""

import pytest

from reporting.activities import services
from reporting.models import Activity, Evidence, Firm
from tests.factories import make_activity, make_firm
from tests.reporting.activities.files import PDF, upload
from tests.reporting.activities.form_helpers import (
    CONFLICT_DA,
    RETURNED_DA,
    SAVED_DA,
    edit_form_of,
    errors_next_to,
    form_on_page,
    new_firm_fields,
    page_text,
)
from tests.reporting.activities.lookups import municipality

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_in_tmp")]


# Someone else saved first.


def test_hannes_edit_after_mads_saved_is_refused_and_his_change_survives(client_for, hanne, mads):
    activity = make_activity(author=hanne, description="Første udkast")
    hannes_page = client_for(hanne).get(f"/activities/{activity.pk}/edit/")
    hannes_form = edit_form_of(hannes_page)
    assert int(hannes_form["version"]) == activity.version

    mads_page = client_for(mads).get(f"/activities/{activity.pk}/edit/")
    mads_response = client_for(mads).post(
        f"/activities/{activity.pk}/edit/",
        edit_form_of(mads_page, description="Mads' rettelse", action="save"),
    )
    assert mads_response.status_code == 302

    new_cvr_typed = new_firm_fields(name="Hannes nye firma")
    response = client_for(hanne).post(
        f"/activities/{activity.pk}/edit/",
        {
            **hannes_form,
            **new_cvr_typed,
            "description": "Hannes rettelse",
            "quantity": "3",
            "links": "https://example.dk/hanne",
            "files": [upload("hanne.pdf", PDF)],
            "action": "submit",
        },
    )

    assert response.status_code == 200
    assert CONFLICT_DA in page_text(response)
    assert response.context["form"].non_field_errors()
    saved = Activity.objects.get(pk=activity.pk)
    assert saved.description == "Mads' rettelse"
    assert saved.quantity == 1
    assert saved.status == Activity.Status.DRAFT
    assert not saved.evidence.exists()
    assert not Firm.objects.filter(cvr=new_cvr_typed["firm_cvr"]).exists()
    assert "Hannes rettelse" in page_text(response), "her text is still in the form to copy"


def test_hannes_firm_edit_after_mads_saved_is_refused_and_his_change_survives(
    client_for, hanne, mads
):
    firm = make_firm(user=hanne, name="Bageriet Brød ApS")
    edit = f"/firms/{firm.cvr}/edit/"
    hannes_form = form_on_page(client_for(hanne).get(edit), '<form method="post" novalidate')
    assert int(hannes_form["version"]) == firm.version

    mads_form = form_on_page(client_for(mads).get(edit), '<form method="post" novalidate')
    assert client_for(mads).post(edit, {**mads_form, "name": "Brødbageriet A/S"}).status_code == 302

    response = client_for(hanne).post(
        edit, {**hannes_form, "name": "Bageriet Brød og Kage ApS", "sector": "Fødevarer"}
    )

    assert response.status_code == 200
    assert CONFLICT_DA in page_text(response)
    saved = Firm.objects.get(pk=firm.pk)
    assert (saved.name, saved.sector) == ("Brødbageriet A/S", "")


def test_firm_edit_on_the_version_seen_is_saved(client_for, hanne):
    firm = make_firm(user=hanne, name="Bageriet Brød ApS")
    client = client_for(hanne)
    form = form_on_page(client.get(f"/firms/{firm.cvr}/edit/"), '<form method="post" novalidate')

    response = client.post(f"/firms/{firm.cvr}/edit/", {**form, "sector": "Fødevarer"}, follow=True)

    assert Firm.objects.get(pk=firm.pk).sector == "Fødevarer"
    assert "Virksomheden er gemt." in page_text(response)


# Editing: evidence, history, resubmitting a returned activity, returning one.


def test_hanne_edits_her_draft_adding_a_file_and_a_link(client_for, hanne):
    client = client_for(hanne)
    activity = make_activity(author=hanne, description="Første udkast")

    edit_page = client.get(f"/activities/{activity.pk}/edit/")
    response = client.post(
        f"/activities/{activity.pk}/edit/",
        edit_form_of(
            edit_page,
            description="Rettet efter mødet",
            files=[upload("referat.pdf", PDF)],
            links="https://example.dk/referat",
            action="draft",
        ),
        follow=True,
    )

    assert response.redirect_chain == [(f"/activities/{activity.pk}/", 302)]
    page = page_text(response)
    assert SAVED_DA in page
    evidence = Evidence.objects.get(activity=activity, file_name="referat.pdf")
    download = f"/activities/{activity.pk}/evidence/{evidence.pk}/"
    assert f'<a href="{download}" download>referat.pdf</a>' in page
    assert 'href="https://example.dk/referat"' in page
    assert b"".join(client.get(download).streaming_content) == PDF
    assert "Ændret" in page
    assert "Beskrivelse: <del>Første udkast</del> → <ins>Rettet efter mødet</ins>" in page
    assert "Dokumentation tilføjet" in page
    assert Activity.objects.get(pk=activity.pk).status == Activity.Status.DRAFT


def test_save_and_submit_on_a_returned_activity_resubmits_it(client_for, hanne, mads):
    activity = make_activity(author=hanne, status=Activity.Status.SUBMITTED)
    services.activity_return(
        activity=activity, user=mads, version=activity.version, reason="Mangler referat."
    )
    client = client_for(hanne)

    edit_page = client.get(f"/activities/{activity.pk}/edit/")
    assert RETURNED_DA in page_text(edit_page)
    assert "Mangler referat." in page_text(edit_page)
    response = client.post(
        f"/activities/{activity.pk}/edit/",
        edit_form_of(edit_page, links="https://example.dk/referat", action="submit"),
        follow=True,
    )

    saved = Activity.objects.get(pk=activity.pk)
    assert saved.status == Activity.Status.SUBMITTED
    assert saved.return_reason == ""
    page = page_text(response)
    assert RETURNED_DA not in page
    assert "Mangler referat." not in page.split('id="history-heading"')[0]


def test_save_as_draft_on_a_returned_activity_keeps_it_returned(client_for, hanne, mads):
    activity = make_activity(author=hanne, status=Activity.Status.SUBMITTED)
    services.activity_return(
        activity=activity, user=mads, version=activity.version, reason="Mangler referat."
    )
    client = client_for(hanne)

    edit_page = client.get(f"/activities/{activity.pk}/edit/")
    client.post(
        f"/activities/{activity.pk}/edit/",
        edit_form_of(edit_page, description="Halvt rettet", action="draft"),
    )

    saved = Activity.objects.get(pk=activity.pk)
    assert (saved.status, saved.return_reason) == (Activity.Status.RETURNED, "Mangler referat.")


def test_a_refused_edit_keeps_the_saved_activity_as_it_was(client_for, hanne):
    client = client_for(hanne)
    activity = make_activity(author=hanne, description="Første udkast")

    edit_page = client.get(f"/activities/{activity.pk}/edit/")
    response = client.post(
        f"/activities/{activity.pk}/edit/",
        edit_form_of(edit_page, description="Rettet", date="01.01.2019", action="submit"),
    )

    assert response.status_code == 200
    assert errors_next_to(response, "date")
    saved = Activity.objects.get(pk=activity.pk)
    assert (saved.description, saved.status) == ("Første udkast", Activity.Status.DRAFT)


def test_choosing_the_firms_municipality_on_edit_keeps_the_firms_municipality(client_for, hanne):
    client = client_for(hanne)
    firm = make_firm(user=hanne, municipality_code=265)
    activity = make_activity(author=hanne, firm=firm, municipality=municipality(101))

    edit_page = client.get(f"/activities/{activity.pk}/edit/")
    assert "Virksomhedens kommune" in page_text(edit_page)
    client.post(f"/activities/{activity.pk}/edit/", edit_form_of(edit_page, municipality=""))

    assert Activity.objects.get(pk=activity.pk).municipality == firm.municipality


def test_after_an_error_on_resubmitting_the_page_still_offers_save_and_submit(
    client_for, hanne, mads
):
    activity = make_activity(author=hanne, status=Activity.Status.SUBMITTED)
    services.activity_return(
        activity=activity, user=mads, version=activity.version, reason="Mangler referat."
    )
    client = client_for(hanne)

    edit_page = client.get(f"/activities/{activity.pk}/edit/")
    response = client.post(
        f"/activities/{activity.pk}/edit/",
        edit_form_of(edit_page, links="www.example.dk/referat", action="submit"),
    )

    assert errors_next_to(response, "links")
    assert Activity.objects.get(pk=activity.pk).status == Activity.Status.RETURNED
    page = page_text(response)
    assert 'name="action" value="submit"' in page
    assert f"{RETURNED_DA}</strong> Mangler referat." in page


@pytest.mark.parametrize("reason", ["", "   \n  "])
def test_mads_returning_without_a_reason_is_told_to_give_one(client_for, hanne, mads, reason):
    activity = make_activity(author=hanne, status=Activity.Status.SUBMITTED)
    client = client_for(mads)

    form = form_on_page(
        client.get(f"/activities/{activity.pk}/return/"), '<form method="post" novalidate'
    )
    response = client.post(f"/activities/{activity.pk}/return/", {**form, "reason": reason})

    assert response.status_code == 200
    assert errors_next_to(response, "reason") == ["Dette felt er påkrævet."]
    assert response.context["form"].errors["reason"]
    saved = Activity.objects.get(pk=activity.pk)
    assert (saved.status, saved.return_reason) == (Activity.Status.SUBMITTED, "")


def test_mads_returns_with_a_reason_and_hanne_sees_it(client_for, hanne, mads):
    activity = make_activity(author=hanne, status=Activity.Status.SUBMITTED)
    client = client_for(mads)

    form = form_on_page(
        client.get(f"/activities/{activity.pk}/return/"), '<form method="post" novalidate'
    )
    response = client.post(
        f"/activities/{activity.pk}/return/", {**form, "reason": "Mangler referat."}
    )

    assert response.status_code == 302
    assert Activity.objects.get(pk=activity.pk).status == Activity.Status.RETURNED
    page = page_text(client_for(hanne).get(f"/activities/{activity.pk}/"))
    assert f"{RETURNED_DA}</strong> Mangler referat." in page
