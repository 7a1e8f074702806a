"""The look-ups beside the forms: the other house's recent contact with a firm, and
finding a firm by its CVR number or name."""

import datetime

import pytest

from reporting.activities.selectors import firm_search, other_house_contacts
from reporting.models import complete_cvr
from tests.factories import HOVEDSTADEN, house, make_activity, make_firm
from tests.reporting.activities.service_helpers import act

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_in_tmp", "english")]


# Contact with the other house ----------------------------------------------------------

JUNE_15 = datetime.date(2018, 6, 15)


def contacts_seen_by_hovedstaden(firm, on=JUNE_15):
    return list(other_house_contacts(cvr=firm.cvr, house=house(HOVEDSTADEN), on=on))


@pytest.fixture
def firm(sofie):
    return make_firm(user=sofie, name="Bageriet Brød ApS", municipality_code=265)


def test_hovedstaden_sees_sjaellands_submitted_and_approved_work_with_the_firm(sofie, morten, firm):
    submitted = make_activity(author=sofie, firm=firm, date=datetime.date(2018, 5, 1), submit=True)
    approved = act(
        "approve",
        make_activity(author=sofie, firm=firm, date=datetime.date(2018, 7, 1), submit=True),
        morten,
    )

    assert contacts_seen_by_hovedstaden(firm) == [approved, submitted]


def test_hovedstaden_does_not_see_sjaellands_drafts_or_returned_work(sofie, morten, firm):
    make_activity(author=sofie, firm=firm)
    act("return", make_activity(author=sofie, firm=firm, submit=True), morten, reason="Nej")

    assert contacts_seen_by_hovedstaden(firm) == []


def test_hovedstaden_is_not_told_about_its_own_work_with_the_firm(hanne, firm):
    make_activity(author=hanne, firm=firm, submit=True)

    assert contacts_seen_by_hovedstaden(firm) == []


def test_hovedstaden_is_not_told_about_work_sjaelland_deleted(sofie, firm):
    act("delete", make_activity(author=sofie, firm=firm, submit=True), sofie)

    assert contacts_seen_by_hovedstaden(firm) == []


def test_hovedstaden_is_not_told_about_sjaellands_work_with_another_firm(sofie, firm):
    make_activity(author=sofie, firm=make_firm(user=sofie, name="Andet ApS"), submit=True)

    assert contacts_seen_by_hovedstaden(firm) == []


@pytest.mark.parametrize("days, seen", [(-90, True), (90, True), (-100, False), (100, False)])
def test_hovedstaden_sees_sjaellands_work_within_90_days_of_the_date(sofie, firm, days, seen):
    activity = make_activity(
        author=sofie, firm=firm, date=JUNE_15 + datetime.timedelta(days=days), submit=True
    )

    assert contacts_seen_by_hovedstaden(firm) == ([activity] if seen else [])


# Finding a firm ------------------------------------------------------------------------


def test_firm_search_finds_a_firm_by_the_first_digits_of_its_cvr(hanne):
    bakery = make_firm(user=hanne, name="Bageriet Brød ApS", cvr=complete_cvr("3141592"))
    make_firm(user=hanne, name="Andet ApS")

    assert list(firm_search("31415")) == [bakery]
    assert list(firm_search(" 31415926 ")) == [bakery]


def test_firm_search_does_not_match_digits_in_the_middle_of_a_cvr(hanne):
    make_firm(user=hanne, name="Bageriet Brød ApS", cvr=complete_cvr("3141592"))

    assert list(firm_search("41592")) == []


def test_firm_search_finds_a_firm_by_part_of_its_name_whatever_the_case(hanne):
    bakery = make_firm(user=hanne, name="Hansens Bageri ApS")
    make_firm(user=hanne, name="Nordisk Træ A/S")

    assert list(firm_search("BAGERI")) == [bakery]
    assert list(firm_search("sens bag")) == [bakery]


def test_firm_search_with_nothing_typed_finds_nothing(hanne):
    make_firm(user=hanne)

    assert list(firm_search("   ")) == []


def test_firm_search_shows_at_most_ten_firms(hanne):
    for number in range(12):
        make_firm(user=hanne, name=f"Bageri nr. {number} ApS")

    assert len(firm_search("bageri")) == 10
