from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from agreement.models import Agreement, User

pytestmark = pytest.mark.django_db


def seed_demo():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue().splitlines()


def test_seed_demo_prints_an_account_per_role_that_can_log_in(client):
    lines = seed_demo()

    accounts = [line.split(" / ") for line in lines]
    assert len(accounts) == 7
    roles = set()
    for username, password in accounts:
        response = client.post("/accounts/login/", {"username": username, "password": password})
        assert response.status_code == 302, username
        client.post("/accounts/logout/")
        roles.add(User.objects.get(username=username).role)
    assert roles == set(User.Role.values)


def test_seed_demo_ties_each_account_to_its_organisation():
    seed_demo()

    assert User.objects.get(username="staff.sjaelland").organisation.name == "Væksthus Sjælland"
    assert User.objects.get(username="reviewer.hovedstaden").organisation.name == "KKR Hovedstaden"
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff


def test_seed_demo_loads_the_2018_agreement_into_an_empty_database():
    Agreement.objects.all().delete()

    lines = seed_demo()

    assert lines[0].startswith("Loaded Regional aftale 2018: 3 focus areas")
    assert Agreement.objects.get(year=2018).focus_areas.count() == 3


def test_seed_demo_twice_keeps_one_account_each():
    seed_demo()
    seed_demo()

    assert User.objects.count() == 7


@override_settings(DEMO_ACCOUNTS_ALLOWED=False)
def test_seed_demo_is_refused_where_demo_accounts_are_not_allowed():
    with pytest.raises(CommandError, match="not allowed"):
        seed_demo()
    assert not User.objects.exists()
