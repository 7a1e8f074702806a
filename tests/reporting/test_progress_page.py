import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reporting import rollups
from reporting.models import Activity
from tests.factories import make_activity, make_firm

pytestmark = pytest.mark.django_db

PAGE = "/agreements/2018/progress/"


def row(html, code):
    """Return the text of the target's row on the page."""
    start = html.index(f'data-target="{code}"')
    return html[start : html.index("</tr>", start)]


def test_reviewer_reads_every_target_with_the_approved_value_and_the_pending_apart(
    client_for, hanne, sofie, rikke, agreement_2018
):
    firm = make_firm(user=hanne)
    make_activity(author=hanne, firm=firm, status=Activity.Status.APPROVED)
    make_activity(author=sofie, firm=firm, status=Activity.Status.APPROVED)
    make_activity(author=sofie, status=Activity.Status.SUBMITTED)
    rollups.rollup_full(agreement_2018, today=datetime.date(2018, 6, 30))

    html = client_for(rikke).get(PAGE).content.decode()

    guided = row(html, "national.guided-firms")
    # One firm guided by both houses counts once in the total, once for each house.
    assert '<td class="text-end value">1</td>' in guided
    assert '<td class="text-end pending">1</td>' in guided
    assert "Bagud" in guided
    assert "indgår ikke i scoren" in guided
    for target in agreement_2018.targets.all():
        assert f'data-target="{target.code}"' in html
    assert "0,00 af 100 point" in html


def test_the_page_says_so_before_the_first_computation(client_for, rikke, agreement_2018):
    response = client_for(rikke).get(PAGE)

    assert "Fremdriften er ikke beregnet endnu" in response.content.decode()


def test_the_page_reads_the_same_number_of_queries_however_many_activities(
    client_for, hanne, rikke, agreement_2018
):
    client = client_for(rikke)

    def queries():
        rollups.rollup_full(agreement_2018)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(PAGE).status_code == 200
        return len(captured)

    make_activity(author=hanne, status=Activity.Status.APPROVED)
    few = queries()
    for day in range(1, 29):
        make_activity(
            author=hanne, status=Activity.Status.APPROVED, date=datetime.date(2018, 2, day)
        )
    assert queries() == few <= 15


@pytest.mark.parametrize("person", ["hanne", "mads", "sofie", "rasmus", "anne"])
def test_every_role_reads_the_progress(client_for, request, person):
    response = client_for(request.getfixturevalue(person)).get(PAGE)

    assert response.status_code == 200


def test_a_user_without_a_role_is_refused(client_for, stranger):
    assert client_for(stranger).get(PAGE).status_code == 403


def test_an_anonymous_visitor_is_sent_to_log_in(client_for, agreement_2018):
    response = client_for(None).get(PAGE)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_current_progress_link_leads_to_the_current_agreement(client_for, rikke):
    response = client_for(rikke).get("/progress/")

    assert response.status_code == 302
    assert response["Location"] == PAGE


def test_an_unknown_year_is_not_found(client_for, rikke):
    assert client_for(rikke).get("/agreements/1999/progress/").status_code == 404
