"""The admin: administrators manage every model, in Danish; nobody else gets in."""

import pytest
from django.contrib import admin
from django.urls import reverse

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


def test_administrator_edits_a_target_and_its_history_keeps_who(client_for, anne):
    from goals.models import Target

    target = Target.objects.get(code="a.4a.growth-courses")
    client = client_for(anne)
    url = reverse("admin:goals_target_change", args=[target.pk])
    form = client.get(url).context["adminform"].form
    data = {
        key: value
        for key, value in form.initial.items()
        if value is not None and key not in ("activity_types",)
    }
    data["activity_types"] = [t.pk for t in target.activity_types.all()]
    data["threshold"] = "6"

    response = client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    target.refresh_from_db()
    assert target.threshold == 6
    assert target.history.first().history_user == anne


@pytest.mark.parametrize("person", ["hanne", "mads", "rikke", "stranger"])
def test_everyone_but_administrators_is_kept_out_of_the_admin(client_for, request, person):
    user = request.getfixturevalue(person)

    response = client_for(user).get("/admin/agreement/agreement/")

    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")
