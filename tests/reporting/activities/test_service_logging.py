"""Logging an activity through the services: the goals and municipality it gets by
default, the new firm typed in with it, and refusals that save nothing at all."""

import datetime
from decimal import Decimal

import pytest

from agreement.models import Municipality
from reporting.models import Firm
from tests.factories import HOVEDSTADEN, SJAELLAND, house, make_activity, make_firm
from tests.reporting.activities.files import EXE, PDF, upload
from tests.reporting.activities.lookups import goal
from tests.reporting.activities.service_helpers import (
    assert_nothing_saved,
    goal_codes,
    log,
    new_firm,
    refusal_of,
    reloaded,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_in_tmp", "english")]


def test_hannes_growth_course_counts_towards_goal_4a_when_she_chooses_no_goals(hanne):
    activity = make_activity(author=hanne, activity_type="growth_course")

    assert goal_codes(activity) == {"a.4a"}


def test_a_collaboration_counts_towards_every_goal_whose_targets_count_collaborations(hanne):
    activity = log(hanne, "collaboration")

    assert goal_codes(activity) == {"a.1", "a.2b", "a.3a"}


def test_guidance_counts_only_for_national_targets_so_no_goal_is_filled_in(hanne):
    activity = make_activity(author=hanne, activity_type="guidance")

    assert goal_codes(activity) == set()


def test_the_goals_hanne_chooses_replace_the_default_goals(hanne):
    activity = make_activity(author=hanne, activity_type="growth_course", goals=[goal("a.4b")])

    assert goal_codes(activity) == {"a.4b"}


def test_hanne_can_choose_no_goals_at_all(hanne):
    activity = make_activity(author=hanne, activity_type="growth_course", goals=[])

    assert goal_codes(activity) == set()


def test_the_activity_takes_the_municipality_of_its_firm(hanne):
    firm = make_firm(user=hanne, municipality_code=265)

    activity = make_activity(author=hanne, firm=firm)

    assert activity.municipality.name == "Roskilde"


def test_a_municipality_hanne_gives_is_kept_over_the_firms(hanne):
    firm = make_firm(user=hanne, municipality_code=265)

    activity = make_activity(
        author=hanne, firm=firm, municipality=Municipality.objects.get(code=147)
    )

    assert activity.municipality.name == "Frederiksberg"


def test_a_new_firm_hanne_types_in_is_created_with_her_activity(hanne):
    firm = new_firm(name="Bageriet Brød ApS", municipality_code=265)

    activity = make_activity(author=hanne, firm=firm)

    saved = Firm.objects.get(cvr=firm.cvr)
    assert activity.firm == saved
    assert saved.name == "Bageriet Brød ApS"
    assert activity.municipality.name == "Roskilde"
    assert saved.history.get().history_user == hanne


def test_a_new_firm_with_a_bad_cvr_is_refused_on_its_cvr_and_nothing_is_saved(hanne, tmp_path):
    firm = Firm(cvr="12345678", name="Forkert ApS", municipality=Municipality.objects.get(code=101))

    refusal = refusal_of(make_activity, author=hanne, firm=firm)

    assert set(refusal.message_dict) == {"cvr"}
    assert_nothing_saved(tmp_path)


def test_an_event_needs_no_firm(hanne):
    activity = log(hanne, "event")

    assert activity.firm is None
    assert activity.municipality is None


def test_guidance_without_a_firm_is_refused_on_the_firm(hanne, tmp_path):
    refusal = refusal_of(log, hanne, "guidance", firm=None)

    assert refusal.message_dict == {"firm": ["A guidance is with a firm: give its CVR number."]}
    assert_nothing_saved(tmp_path)


@pytest.mark.parametrize("day", [datetime.date(2017, 12, 31), datetime.date(2019, 1, 1)])
def test_a_date_outside_2018_is_refused_and_neither_activity_nor_new_firm_is_saved(
    hanne, tmp_path, day
):
    refusal = refusal_of(
        log,
        hanne,
        "guidance",
        date=day,
        firm=new_firm(),
        files=[upload("rapport.pdf", PDF)],
        links=["https://example.dk/referat"],
    )

    assert set(refusal.message_dict) == {"date"}
    assert "within the agreement's period" in refusal.message_dict["date"][0]
    assert_nothing_saved(tmp_path)


@pytest.mark.parametrize("day", [datetime.date(2018, 1, 1), datetime.date(2018, 12, 31)])
def test_the_first_and_the_last_day_of_2018_are_accepted(hanne, day):
    activity = log(hanne, date=day)

    assert reloaded(activity).date == day


def test_a_bad_link_after_a_valid_new_firm_saves_nothing_at_all(hanne, tmp_path):
    refusal = refusal_of(
        log,
        hanne,
        "guidance",
        firm=new_firm(),
        files=[upload("rapport.pdf", PDF)],
        links=["ftp://example.dk/rapport.pdf"],
    )

    assert set(refusal.message_dict) == {"links"}
    assert_nothing_saved(tmp_path)


def test_a_bad_file_after_a_valid_new_firm_saves_nothing_at_all(hanne, tmp_path):
    refusal = refusal_of(
        log,
        hanne,
        "guidance",
        firm=new_firm(),
        files=[upload("rapport.pdf", PDF), upload("faktura.pdf", EXE)],
        links=["https://example.dk/referat"],
    )

    assert set(refusal.message_dict) == {"files"}
    assert_nothing_saved(tmp_path)


@pytest.mark.parametrize("quantity", [0, -1, Decimal("0.00"), Decimal("-0.01")])
def test_a_quantity_of_zero_or_less_is_refused(hanne, tmp_path, quantity):
    refusal = refusal_of(log, hanne, quantity=quantity)

    assert refusal.message_dict == {"quantity": ["The quantity must be more than 0."]}
    assert_nothing_saved(tmp_path)


def test_half_a_unit_is_a_quantity_hanne_can_log(hanne):
    activity = log(hanne, quantity=Decimal("0.5"))

    assert reloaded(activity).quantity == Decimal("0.50")


def test_the_smallest_quantity_the_field_holds_is_accepted(hanne):
    activity = log(hanne, quantity=Decimal("0.01"))

    assert reloaded(activity).quantity == Decimal("0.01")


def test_work_delivered_in_hannes_own_house_is_refused(hanne, tmp_path):
    refusal = refusal_of(log, hanne, delivered_in=house(HOVEDSTADEN))

    assert refusal.message_dict == {
        "delivered_in": ["Leave this empty for work delivered in your own house's region."]
    }
    assert_nothing_saved(tmp_path)


def test_a_growth_course_hanne_delivers_in_sjaelland_is_cross_house(hanne):
    activity = make_activity(
        author=hanne, activity_type="growth_course", delivered_in=house(SJAELLAND)
    )

    assert activity.is_cross_house
