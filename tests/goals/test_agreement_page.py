import pytest
from django.utils import translation

from agreement.models import Agreement
from goals.models import ActivityType, Goal, Target
from tests.goals.agreement_files import load_2019
from tests.pages import first_use_title

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


# Nothing of one year in the frame of every year ---------------------------------


@pytest.fixture
def agreement_2019(agreement_2018):
    """The 2019 test file, loaded beside 2018: one KKR, a scored target of the whole agreement."""
    return load_2019()


def part(page, start, end):
    """Return the page from the tag that opens with `start` to the first `end` after it."""
    opened = page.index(start)
    return page[opened : page.index(end, opened)]


@pytest.mark.parametrize("year", [2018, 2019])
def test_the_footer_names_no_agreements_parties(client_for, hanne, agreement_2019, year):
    page = client_for(hanne).get(f"/agreements/{year}/").content.decode()

    footer = part(page, "<footer", "</footer>")
    assert "Regionale aftaler mellem væksthusene og kommunekontaktrådene (KKR)." in footer
    assert "KKR Hovedstaden" not in footer
    assert "KKR Sjælland" not in footer


def test_the_2018_national_targets_are_captioned_as_shared_and_outside_the_score(client_for, hanne):
    page = client_for(hanne).get("/agreements/2018/").content.decode()

    national = part(page, '<section id="national"', "</section>")
    assert "Fælles med de øvrige væksthuse: vises her, men indgår ikke i denne aftales score." in (
        national
    )
    assert 'data-target="national.guided-firms"' in national
    assert 'data-target="national.growth-mappings"' in national
    assert 'id="whole-agreement"' not in page
    assert "fem væksthuse" not in page


def test_a_scored_target_of_the_whole_agreement_is_captioned_apart_from_the_national_ones(
    client_for, hanne, agreement_2019
):
    page = client_for(hanne).get("/agreements/2019/").content.decode()

    national = part(page, '<section id="national"', "</section>")
    whole_agreement = part(page, '<section id="whole-agreement"', "</section>")
    assert 'data-target="national.guided-firms"' in national
    assert 'data-target="vsj.digital-checks"' not in national
    assert 'data-target="vsj.digital-checks"' in whole_agreement
    assert "Mål for hele aftalen" in whole_agreement
    assert "Mål, der ikke hører til et indsatsområde; de indgår i aftalens score." in (
        whole_agreement
    )
    assert '<a href="#national">Nationale mål</a>' in page
    assert '<a href="#whole-agreement">Mål for hele aftalen</a>' in page
    assert "fem væksthuse" not in page


def test_the_captions_follow_the_language(client_for, hanne, agreement_2019):
    client = client_for(hanne)
    client.post("/i18n/setlang/", {"language": "en", "next": "/agreements/2019/"})

    page = client.get("/agreements/2019/").content.decode()

    assert "Shared with the other growth houses: shown here, but not part of this" in page
    assert "Targets that belong to no focus area; they are part of the agreement's score." in page
    assert "Regional agreements between the growth houses and the municipal contact" in page


def test_the_agreement_page_explains_kkr_where_first_used(client_for, hanne, agreement_2018):
    page = client_for(hanne).get("/agreements/2018/").content.decode()

    assert first_use_title(page, "KKR") == "Kommunekontaktråd"
