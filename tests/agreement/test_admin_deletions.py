"""The admin deletes nothing that others depend on: a year's structure is changed through
the agreement file and the revision, never cascaded away in a click."""

import pytest
from django.urls import reverse

from agreement.models import Agreement, FocusArea
from goals.models import Goal, Target
from tests.agreement.test_admin import change_form_data

pytestmark = pytest.mark.django_db


def with_inlines(client, url):
    """Return what the admin's change form at `url`, with its inlines, would post back."""
    response = client.get(url)
    data = change_form_data(client, url)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[f"{formset.prefix}-{name}"] = management[name].value()
        for form in formset.forms:
            for name, field in form.fields.items():
                value = field.prepare_value(form[name].value())
                if isinstance(value, (list, tuple)):
                    data[form.add_prefix(name)] = [getattr(item, "pk", item) for item in value]
                elif value is not None and value is not False:
                    data[form.add_prefix(name)] = value
    return data


def counts():
    return (FocusArea.objects.count(), Goal.objects.count(), Target.objects.count())


def test_the_agreements_form_refuses_to_delete_its_focus_areas_with_what_depends_on_them(
    client_for, anne
):
    agreement = Agreement.objects.get(year=2018)
    client = client_for(anne)
    url = reverse("admin:agreement_agreement_change", args=[agreement.pk])
    data = with_inlines(client, url)
    for index in range(agreement.focus_areas.count()):
        data[f"focus_areas-{index}-DELETE"] = "on"
    before = counts()

    response = client.post(url, data)

    assert response.status_code == 200
    page = response.content.decode()
    assert "kan ikke slettes her" in page
    assert "aftalefilen og revisionen" in page
    assert counts() == before


def test_deleting_a_focus_area_with_goals_is_refused_naming_them(client_for, anne):
    focus_area = FocusArea.objects.get(agreement__year=2018, code="a")
    client = client_for(anne)
    url = reverse("admin:agreement_focusarea_delete", args=[focus_area.pk])
    before = counts()

    page = client.get(url).content.decode()
    response = client.post(url, {"post": "yes"})

    assert "Mål: " in page
    assert response.status_code == 200
    assert counts() == before


def test_deleting_a_goal_with_targets_is_refused(client_for, anne):
    goal = Goal.objects.get(focus_area__agreement__year=2018, code="a.4a")
    client = client_for(anne)
    url = reverse("admin:goals_goal_delete", args=[goal.pk])

    client.post(url, {"post": "yes"})

    assert Goal.objects.filter(pk=goal.pk).exists()
    assert Target.objects.filter(goal=goal).exists()


def test_a_focus_area_nothing_depends_on_can_be_deleted(client_for, anne):
    agreement = Agreement.objects.get(year=2018)
    empty = FocusArea.objects.create(agreement=agreement, code="z", title="Tom", position=9)
    client = client_for(anne)

    response = client.post(
        reverse("admin:agreement_focusarea_delete", args=[empty.pk]), {"post": "yes"}
    )

    assert response.status_code == 302
    assert not FocusArea.objects.filter(pk=empty.pk).exists()
