from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from agreement.models import Agreement, User
from devtools.management.commands import seed_demo as seed_demo_command
from goals.models import EffectMeasurement, MilestoneCompletion, StatusText, Target
from reporting.models import Activity, Firm, validate_cvr

pytestmark = pytest.mark.django_db

HOUSES = ("vaeksthus-hovedstaden", "vaeksthus-sjaelland")


def seed_demo():
    out = StringIO()
    call_command("seed_demo", stdout=out, stderr=StringIO())
    return out.getvalue().splitlines()


@pytest.fixture
def without_demo_year(monkeypatch):
    """Seed the accounts only: logging the demo year takes seconds, and is tested once below."""
    monkeypatch.setattr(seed_demo_command, "create_demo_year", lambda agreement: 0)


@pytest.mark.usefixtures("without_demo_year")
def test_seed_demo_prints_an_account_per_role_that_can_log_in(client, agreement_2018):
    lines = seed_demo()

    accounts = [line.split(" / ") for line in lines if " / " in line]
    assert len(accounts) == 7
    roles = set()
    for username, password in accounts:
        response = client.post("/accounts/login/", {"username": username, "password": password})
        assert response.status_code == 302, username
        client.post("/accounts/logout/")
        roles.add(User.objects.get(username=username).role)
    assert roles == set(User.Role.values)


@pytest.mark.usefixtures("without_demo_year")
def test_seed_demo_ties_each_account_to_its_organisation():
    seed_demo()

    assert User.objects.get(username="staff.sjaelland").organisation.name == "Væksthus Sjælland"
    assert User.objects.get(username="reviewer.hovedstaden").organisation.name == "KKR Hovedstaden"
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff


@pytest.mark.usefixtures("without_demo_year")
def test_seed_demo_loads_the_2018_agreement_into_an_empty_database():
    Agreement.objects.all().delete()

    lines = seed_demo()

    assert lines[0].startswith("Loaded Regional aftale 2018: 3 focus areas")
    assert Agreement.objects.get(year=2018).focus_areas.count() == 3


@pytest.mark.usefixtures("without_demo_year")
def test_seed_demo_twice_keeps_one_account_each():
    seed_demo()
    seed_demo()

    assert User.objects.count() == 7


@override_settings(DEMO_ACCOUNTS_ALLOWED=False)
def test_seed_demo_is_refused_where_demo_accounts_are_not_allowed():
    with pytest.raises(CommandError, match="not allowed"):
        seed_demo()
    assert not User.objects.exists()
    assert not Activity.objects.exists()


def test_seed_demo_logs_a_believable_2018_for_both_growth_houses_once(agreement_2018):
    lines = seed_demo()

    assert len(lines) == 7 and all(" / " in line for line in lines)
    activities = Activity.objects.in_agreement(Agreement.objects.get(year=2018))
    for key in HOUSES:
        house_activities = activities.filter(house__key=key)
        assert 300 <= house_activities.count() <= 450, key
        dates = set(house_activities.values_list("date", flat=True))
        assert {day.month for day in dates} == set(range(1, 13)), key
        assert all(day.year == 2018 for day in dates), key
        statuses = set(house_activities.values_list("status", flat=True))
        assert {"approved", "submitted", "draft", "returned"} <= statuses, key
    assert activities.filter(status="approved").count() > 0.8 * activities.count()

    for firm in Firm.objects.all():
        validate_cvr(firm.cvr)
    assert not activities.filter(activity_type__counts_firms=True, firm=None).exists()

    # A growth mapping follows a guidance of the same firm by the same house.
    first_guided = {}
    for house_id, firm_id, day in activities.filter(activity_type__code="guidance").values_list(
        "house", "firm", "date"
    ):
        first_guided[house_id, firm_id] = min(day, first_guided.get((house_id, firm_id), day))
    for mapping in activities.filter(activity_type__code="growth_mapping"):
        assert first_guided[mapping.house_id, mapping.firm_id] <= mapping.date

    # Some firms are known to both houses; growth courses cross into the other region (a.4a).
    houses_per_firm = {}
    for firm_id, house_id in activities.exclude(firm=None).values_list("firm", "house"):
        houses_per_firm.setdefault(firm_id, set()).add(house_id)
    assert sum(len(houses) == 2 for houses in houses_per_firm.values()) >= 10
    for course in activities.filter(delivered_in__isnull=False).select_related(
        "firm__municipality__kkr", "delivered_in"
    ):
        assert course.firm.municipality.kkr.region_id == course.delivered_in.region_id

    # Every goal's "at least N" is met, so the dashboards show goals reached.
    for target in Target.objects.filter(kind=Target.Kind.COUNT, threshold__isnull=False):
        assert Activity.objects.alive().counted_by(target).count() >= target.threshold, target.code

    # Entries went through the review: the author saved and submitted, the manager approved.
    approved = activities.filter(status="approved", author__username="staff.sjaelland").first()
    history = approved.history.order_by("history_date", "history_id")
    assert [(entry.status, entry.history_user.username) for entry in history] == [
        ("submitted", "staff.sjaelland"),
        ("approved", "manager.sjaelland"),
    ]
    returned = activities.get(status="returned", house__key="vaeksthus-sjaelland")
    assert returned.return_reason.startswith("Beskrivelsen er for kort")

    # The managers have written the year's status texts, milestones and effect measurements.
    for house_key in ("vaeksthus-hovedstaden", "vaeksthus-sjaelland"):
        texts = StatusText.objects.filter(house__key=house_key)
        assert set(texts.values_list("quarter", flat=True)) == {1, 2, 3, 4}
        assert EffectMeasurement.objects.filter(house__key=house_key).exists()
    assert MilestoneCompletion.objects.count() == 3

    # `make run` seeds on every start: a second run logs nothing more.
    logged = activities.count()
    assert len(seed_demo()) == 7
    assert activities.count() == logged
