import pytest
from django.utils import translation

from agreement.models import Agreement
from goals.models import ActivityType, Goal, Target

pytestmark = pytest.mark.django_db

READERS = ["hanne", "mads", "sofie", "morten", "rikke", "rasmus", "anne"]


@pytest.fixture(params=READERS)
def reader(request):
    return request.getfixturevalue(request.param)


def test_the_agreement_link_opens_the_current_agreement(client_for, rikke):
    response = client_for(rikke).get("/agreements/current/")

    assert response.status_code == 302
    assert response.url == "/agreements/2018/"


def test_every_role_reads_the_whole_agreement(client_for, reader, agreement_2018):
    response = client_for(reader).get("/agreements/2018/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "Regional aftale 2018" in page
    for goal in Goal.objects.filter(focus_area__agreement=agreement_2018):
        assert f'data-goal="{goal.code}"' in page
        assert goal.title in page
    for target in Target.objects.filter(agreement=agreement_2018):
        assert f'data-target="{target.code}"' in page


def test_agreement_page_shows_the_agreements_numbering_and_thresholds(client_for, hanne):
    response = client_for(hanne).get("/agreements/2018/")

    page = response.content.decode()
    assert '<span class="goal-number">4a</span>' in page
    assert '<span class="goal-number">e)</span>' in page
    assert "Mindst 4.000 virksomheder" in page
    assert "Mindst 2.000 af de 4.000 virksomheder" in page
    assert "Mindst 5 vækstforløb" in page
    assert "Leveret i det andet Væksthus" in page
    assert "KKR Sjælland: 17 kommuner" in page
    assert "KKR Hovedstaden: 29 kommuner" in page


def test_agreement_page_runs_a_bounded_number_of_queries(
    client_for, hanne, django_assert_max_num_queries
):
    client = client_for(hanne)
    with django_assert_max_num_queries(15):
        response = client.get("/agreements/2018/")
    assert response.status_code == 200


def test_unknown_year_is_not_found(client_for, hanne):
    response = client_for(hanne).get("/agreements/1999/")

    assert response.status_code == 404
    assert "Siden findes ikke" in response.content.decode()


def test_empty_portal_says_how_to_load_an_agreement(client_for, anne):
    Agreement.objects.all().delete()

    response = client_for(anne).get("/")

    assert response.status_code == 200
    assert "load_agreement" in response.content.decode()


def test_activity_type_names_follow_the_language():
    activity_type = ActivityType(name_da="Vækstkortlægning", name_en="Growth mapping")
    with translation.override("en"):
        assert str(activity_type) == "Growth mapping"
    with translation.override("da"):
        assert str(activity_type) == "Vækstkortlægning"
