"""One numbering everywhere: the agreement's own, a goal under its focus area ("a) 4a").

The portal's codes (a.4a, b.a) address pages and files; users read the agreement's numbers.
"""

import re

import pytest

from goals.models import Goal

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("code", "label"),
    [("a.1", "a) 1"), ("a.4a", "a) 4a"), ("b.a", "b) a)"), ("c.1", "c)")],
)
def test_a_goal_is_named_in_the_agreements_numbering(agreement_2018, code, label):
    assert Goal.objects.get(code=code).label == label


def test_the_goal_page_is_headed_in_the_agreements_numbering(client_for, rikke):
    page = client_for(rikke).get("/agreements/2018/dashboard/goals/b.a/").content.decode()

    assert re.search(r"<h1[^>]*>b\) a\) En øget digitalisering", page)
    assert "b.a " not in page


def test_the_activity_form_offers_goals_in_the_agreements_numbering(client_for, hanne):
    page = client_for(hanne).get("/activities/new/").content.decode()

    assert "a) 4a Udvælgelse af min. 2 fagområder" in page
    assert "b) a) En øget digitalisering" in page
    assert not re.search(r">\s*a\.4a ", page)


def test_the_activity_lists_target_filter_names_goals_in_the_agreements_numbering(
    client_for, hanne
):
    page = client_for(hanne).get("/activities/").content.decode()

    assert "a) 4a: der leveres minimum 5 vækstforløb" in page
    assert "b) a): " in page
    assert "a.4a:" not in page


def test_the_status_text_form_names_its_goal_in_the_agreements_numbering(client_for, mads):
    page = client_for(mads).get("/agreements/2018/status/b.a/1/").content.decode()

    assert re.search(r"<title>Statustekst b\) a\)", page)
