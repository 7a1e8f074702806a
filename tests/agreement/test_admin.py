"""The admin: administrators manage every model, in Danish; nobody else gets in."""

import pytest
from django.contrib import admin
from django.forms import ModelForm
from django.urls import reverse

from agreement.models import Agreement
from core.admin import ConflictCheckingForm
from goals.models import Target

pytestmark = pytest.mark.django_db

MODELS = [model for model in admin.site._registry]


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model._meta.label)
def test_administrator_opens_each_models_list_and_add_form(client_for, anne, model):
    client = client_for(anne)
    opts = model._meta

    changelist = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    add = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))

    assert changelist.status_code == 200
    # The login records of django-axes are read-only.
    assert add.status_code == (403 if opts.app_label == "axes" else 200)


def test_admin_speaks_danish(client_for, anne):
    page = client_for(anne).get("/admin/").content.decode()

    assert "Aftaler" in page
    assert "Kommuner" in page
    assert "Mål" in page


def change_form_data(client, url):
    """Return what the admin's change form at `url` would post back unchanged."""
    form = client.get(url).context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = field.prepare_value(form[name].value())
        if isinstance(value, (list, tuple)):
            data[name] = [getattr(item, "pk", item) for item in value]
        elif value is not None:
            data[name] = value
    return data


def test_administrator_edits_a_target_and_its_history_keeps_who(client_for, anne):
    target = Target.objects.get(code="a.4a.growth-courses")
    client = client_for(anne)
    url = reverse("admin:goals_target_change", args=[target.pk])
    data = {**change_form_data(client, url), "threshold": "6"}

    response = client.post(url, data)

    assert response.status_code == 302
    target.refresh_from_db()
    assert target.threshold == 6
    assert target.history.first().history_user == anne


def test_second_of_two_simultaneous_edits_is_refused_and_the_first_survives(client, anne):
    target = Target.objects.get(code="a.4a.growth-courses")
    url = reverse("admin:goals_target_change", args=[target.pk])
    client.force_login(anne)
    first = {**change_form_data(client, url), "threshold": "6"}
    second = {**change_form_data(client, url), "threshold": "7"}

    assert client.post(url, first).status_code == 302
    response = client.post(url, second)

    assert response.status_code == 200
    assert "En anden har gemt en ændring her, mens du redigerede" in response.content.decode()
    target.refresh_from_db()
    assert target.threshold == 6


def test_an_edit_that_loses_the_race_after_the_check_is_refused_whole(
    client_for, anne, monkeypatch
):
    target = Target.objects.get(code="a.4a.growth-courses")
    client = client_for(anne)
    url = reverse("admin:goals_target_change", args=[target.pk])
    stale = {**change_form_data(client, url), "threshold": "7", "activity_types": []}
    client.post(url, {**change_form_data(client, url), "threshold": "6"})
    # The other save lands between this form's check and its own save.
    monkeypatch.setattr(ConflictCheckingForm, "clean", ModelForm.clean)
    client.raise_request_exception = False  # the conflict page answers, as for a user

    response = client.post(url, stale)

    assert response.status_code == 409
    assert "Ændret af en anden" in response.content.decode()
    target.refresh_from_db()
    assert target.threshold == 6
    assert target.activity_types.exists()


def test_a_tampered_version_is_refused(client_for, anne):
    target = Target.objects.get(code="a.4a.growth-courses")
    client = client_for(anne)
    url = reverse("admin:goals_target_change", args=[target.pk])
    data = {**change_form_data(client, url), "version": "1", "threshold": "9"}

    response = client.post(url, data)

    assert response.status_code == 400
    target.refresh_from_db()
    assert target.threshold == 5


def test_adding_an_of_which_target_without_its_parent_is_refused_in_danish(client_for, anne):
    client = client_for(anne)
    url = reverse("admin:goals_target_add")
    data = {**change_form_data(client, url), "agreement": Agreement.objects.get(year=2018).pk}
    data.update({"code": "new", "kind": "subset", "text": "Heraf nye", "weight": "1"})

    response = client.post(url, data)

    assert response.status_code == 200
    assert (
        "Et heraf-måltal skal angive det måltal, det er en delmængde af."
        in response.content.decode()
    )
    assert not Target.objects.filter(code="new").exists()


@pytest.mark.parametrize("person", ["hanne", "mads", "rikke", "stranger"])
def test_everyone_but_administrators_is_kept_out_of_the_admin(client_for, request, person):
    user = request.getfixturevalue(person)

    response = client_for(user).get("/admin/agreement/agreement/")

    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")
