"""The managers' list of deleted activities, and restoring one from it."""

import pytest

from reporting.activities import services
from reporting.models import Activity
from tests.factories import make_activity
from tests.reporting.activities.list_helpers import on, pks, shown

pytestmark = pytest.mark.django_db


@pytest.fixture
def deleted_and_living(hanne):
    deleted = make_activity(author=hanne, description="Slettet ved en fejl", date=on(3))
    services.activity_delete(activity=deleted, user=hanne, version=deleted.version)
    living = make_activity(author=hanne, description="Stadig aktuel", date=on(4))
    return Activity.objects.get(pk=deleted.pk), living


def test_manager_sees_deleted_activities_in_their_own_list(client_for, mads, deleted_and_living):
    deleted, living = deleted_and_living
    client = client_for(mads)

    response = client.get("/activities/", {"deleted": "1"})

    assert shown(response) == pks(deleted)
    assert "Slettede aktiviteter" in response.content.decode()
    assert shown(client.get("/activities/")) == pks(living)


def test_manager_is_offered_to_undo_the_deletion(client_for, mads, deleted_and_living):
    deleted, _living = deleted_and_living

    page = client_for(mads).get(deleted.get_absolute_url()).content.decode()

    assert "Fortryd sletningen" in page


def test_restoring_brings_the_activity_back_to_the_normal_list(
    client_for, mads, deleted_and_living
):
    deleted, living = deleted_and_living
    client = client_for(mads)

    response = client.post(
        f"/activities/{deleted.pk}/restore/", {"version": deleted.version}, follow=True
    )

    assert "Aktiviteten er gendannet." in response.content.decode()
    assert shown(client.get("/activities/")) == pks(living, deleted)
    assert shown(client.get("/activities/", {"deleted": "1"})) == []


def test_the_deleted_list_can_be_filtered(client_for, hanne, mads, two_firms):
    with_pi, with_euler = two_firms
    for activity in two_firms:
        services.activity_delete(activity=activity, user=hanne, version=activity.version)

    response = client_for(mads).get("/activities/", {"deleted": "1", "q": "maskinfabrik"})

    assert shown(response) == pks(with_euler)


def test_staff_asking_for_deleted_activities_get_the_normal_list(
    client_for, hanne, deleted_and_living
):
    _deleted, living = deleted_and_living

    response = client_for(hanne).get("/activities/", {"deleted": "1"})

    assert shown(response) == pks(living)
    assert "Slettede aktiviteter" not in response.content.decode()
