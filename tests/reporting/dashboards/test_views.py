"""The reviewers' dashboards: what each role reads, the filters, and the bounded queries."""

import datetime
import html
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agreement.models import Organisation
from goals import services as goal_services
from goals.models import Goal, Progress, Target
from reporting.models import Activity
from reporting.rollups import services as rollups
from tests.factories import HOVEDSTADEN, SJAELLAND, make_activity, make_firm

pytestmark = pytest.mark.django_db

OVERVIEW = "/agreements/2018/dashboard/"
GOAL_4A = "/agreements/2018/dashboard/goals/a.4a/"
MUNICIPALITIES = "/agreements/2018/dashboard/municipalities/"
HOUSES = "/agreements/2018/dashboard/houses/"
PAGES = [OVERVIEW, GOAL_4A, MUNICIPALITIES, HOUSES]
MID_YEAR = datetime.date(2018, 6, 30)


def text_of(response):
    return html.unescape(re.sub(r"\s+", " ", response.content.decode()))


def element(response, attribute, value):
    """Return the text of the first element with the attribute, up to its closing tag."""
    page = response.content.decode()
    start = page.index(f'{attribute}="{value}"')
    tag = page.rfind("<", 0, start)
    name = page[tag + 1 : page.index(" ", tag)]
    inner = re.sub(r"<[^>]+>", " ", page[start : page.index(f"</{name}>", start)])
    return html.unescape(re.sub(r"\s+", " ", inner))


@pytest.fixture
def logged(hanne, sofie, mads, morten, agreement_2018):
    """A small hand-checked year: firms in København (KKR Hovedstaden) and Næstved (KKR Sjælland).

    Approved: Hovedstaden guided 2 firms in København and 1 in Næstved; Sjælland guided
    the same Næstved firm and mapped 1 more Næstved firm. Submitted (pending): 1 more.
    """
    copenhagen = [make_firm(user=hanne, municipality_code=101) for _ in range(2)]
    naestved = [make_firm(user=sofie, municipality_code=370) for _ in range(2)]
    approved = Activity.Status.APPROVED
    for firm in copenhagen:
        make_activity(author=hanne, firm=firm, status=approved)
    make_activity(author=hanne, firm=naestved[0], status=approved)
    make_activity(author=sofie, firm=naestved[0], status=approved)
    make_activity(author=sofie, firm=naestved[1], status=approved, activity_type="growth_mapping")
    make_activity(author=sofie, status=Activity.Status.SUBMITTED)
    rollups.rollup_full(agreement_2018, today=MID_YEAR)
    return agreement_2018


# Who reads what.


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("person", ["hanne", "mads", "sofie", "morten", "rikke", "rasmus", "anne"])
def test_every_role_reads_every_dashboard(client_for, request, logged, page, person):
    assert client_for(request.getfixturevalue(person)).get(page).status_code == 200


@pytest.mark.parametrize("page", PAGES)
def test_a_user_without_a_role_is_refused(client_for, stranger, page):
    assert client_for(stranger).get(page).status_code == 403


@pytest.mark.parametrize("page", PAGES)
def test_an_anonymous_visitor_is_sent_to_log_in(client_for, agreement_2018, page):
    response = client_for(None).get(page)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(
    "page",
    [
        "/agreements/1999/dashboard/",
        "/agreements/1999/dashboard/goals/a.4a/",
        "/agreements/1999/dashboard/municipalities/",
        "/agreements/1999/dashboard/houses/",
        "/agreements/2018/dashboard/goals/z.9/",
    ],
)
def test_an_unknown_year_or_goal_is_not_found(client_for, rikke, page):
    assert client_for(rikke).get(page).status_code == 404


def test_the_front_page_after_login_is_the_overview(client_for, rikke):
    response = client_for(rikke).get("/", follow=True)

    assert response.redirect_chain[-1][0] == OVERVIEW
    assert "Overblik" in text_of(response)


# The overview.


def test_the_overview_shows_every_target_with_its_value_status_and_the_score(
    client_for, anne, logged
):
    response = client_for(anne).get(OVERVIEW)

    guided = element(response, "data-target", "national.guided-firms")
    # The Næstved firm guided by both houses counts once.
    assert "4 af mindst 4.000" in guided
    assert "Bagud" in guided
    assert "1 afventer" in text_of(response)
    for target in logged.targets.exclude(goal=None):
        assert f'data-target="{target.code}"' in response.content.decode()
    assert "af 100 point" in element(response, "data-testid", "score")


def test_a_kkr_reviewer_starts_on_their_own_kkr(client_for, rikke, rasmus, logged):
    hovedstaden = client_for(rikke).get(OVERVIEW)
    assert "Viser begge væksthuse i KKR Hovedstaden." in text_of(hovedstaden)
    assert "I KKR Hovedstaden 2 Hele aftalen 4" in element(
        hovedstaden, "data-target", "national.guided-firms"
    )


def test_a_kkr_sjaelland_reviewer_reads_the_kkrs_figures_first_and_the_whole_beside(
    client_for, rasmus, logged
):
    response = client_for(rasmus).get(OVERVIEW)

    guided = element(response, "data-target", "national.guided-firms")
    # Næstved's two firms are KKR Sjælland's; the total stays the agreement's.
    assert "I KKR Sjælland 2 Hele aftalen 4 af mindst 4.000" in guided
    assert "fælles for alle fem væksthuse i Danmark og indgår ikke i scoren" in guided
    mappings = element(response, "data-target", "national.growth-mappings")
    assert "I KKR Sjælland 1 Hele aftalen 1 af mindst 2.000" in mappings
    assert "Tallene for KKR Sjælland" in element(response, "data-testid", "scope-note")


def test_the_score_is_explained_beside_it(client_for, rasmus, logged):
    explained = element(client_for(rasmus).get(OVERVIEW), "data-testid", "score-explained")

    assert "Aftalen har 100 point" in explained
    assert "De nationale mål indgår ikke i scoren." in explained
    assert "Et område har ingen score for sig." in explained


def test_each_focus_area_counts_its_goals_by_status(client_for, anne, logged):
    response = client_for(anne).get(OVERVIEW)

    focus_areas = re.findall(
        r'data-testid="goal-statuses">(.*?)</p>', response.content.decode(), flags=re.S
    )
    assert len(focus_areas) == 3
    counted = [re.sub(r"<[^>]+>|\s+", " ", each).split() for each in focus_areas]
    # c) has one goal with targets, c.1: its milestones are not due before the year's end.
    assert " ".join(counted[2]) == "1 mål med måltal: Ikke startet: 1"
    overview = response.context["body"]
    for each in focus_areas:
        assert each in overview


def test_each_goal_shows_the_figure_that_holds_it_back_and_unfolds_all_its_targets(
    client_for, anne, hanne, agreement_2018
):
    """Goal 4a at mid-year: both professional areas chosen, 1 of 5 growth courses delivered."""
    for _ in range(2):
        make_activity(
            author=hanne, activity_type="professional_area", status=Activity.Status.APPROVED
        )
    make_activity(
        author=hanne,
        activity_type="growth_course",
        delivered_in=Organisation.objects.get(key=SJAELLAND),
        status=Activity.Status.APPROVED,
    )
    rollups.rollup_full(agreement_2018, today=MID_YEAR)

    goal = element(client_for(anne).get(OVERVIEW), "data-goal", "a.4a")

    shown, unfolded = goal.split("Alle 2 måltal")
    # The courses, the goal's second target, are behind: they set its status, so they show.
    assert shown.strip().endswith(
        "4a Udvælgelse af min. 2 fagområder og minimum 5 vækstforløb"
        " i det andet Væksthus Bagud 1 af 5 · 20 %"
    )
    assert "regionerne 2 af 2 · 100 % Opfyldt" in unfolded
    assert "andet Væksthus 1 af 5 · 20 % Bagud" in unfolded


def test_a_reviewer_can_leave_their_kkr_for_all_municipalities(client_for, rikke, logged):
    response = client_for(rikke).get(OVERVIEW, {"area": ""})

    assert "Viser begge væksthuse i alle kommuner." in text_of(response)
    assert "Hele aftalen" not in text_of(response)


def test_filtering_by_house_and_municipality(client_for, anne, logged):
    response = client_for(anne).get(OVERVIEW, {"house": SJAELLAND, "area": "370"})

    guided = element(response, "data-target", "national.guided-firms")
    assert "I Næstved 2 Væksthus Sjælland, alle kommuner 2 af mindst 4.000" in guided
    assert "Score for Væksthus Sjælland" in text_of(response)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"house": "no-such-house"}, "Vælg et væksthus fra listen."),
        ({"area": "999"}, "Vælg en KKR eller en kommune fra listen."),
        ({"area": "<b>"}, "Vælg en KKR eller en kommune fra listen."),
    ],
)
def test_a_wrong_choice_is_explained_next_to_the_field_and_all_is_shown(
    client_for, anne, logged, query, message
):
    response = client_for(anne).get(OVERVIEW, query)

    assert response.status_code == 200
    field = next(iter(query))
    assert response.context["filter"].form.errors[field] == [message]
    assert message in element(response, "id", f"div_id_{field}")
    assert "Viser begge væksthuse i alle kommuner." in text_of(response)


def test_the_overview_in_english(client_for, anne, logged):
    client = client_for(anne)
    client.post("/i18n/setlang/", {"language": "en"})

    response = client.get(OVERVIEW)

    assert "Showing both houses in all municipalities." in text_of(response)
    assert "4 of at least 4,000" in element(response, "data-target", "national.guided-firms")
    assert "All 2 targets" in element(response, "data-goal", "a.4a")


def test_the_overview_before_the_first_computation(client_for, rikke, agreement_2018):
    assert "Fremdriften er ikke beregnet endnu" in text_of(client_for(rikke).get(OVERVIEW))


# A goal's page.


def write_status_text(manager, *, quarter, text):
    return goal_services.status_text_save(
        goal=Goal.objects.get(code="a.4a"),
        house=manager.organisation,
        quarter=quarter,
        status=Progress.AT_RISK,
        text=text,
        author=manager,
        version=None,
    )


def test_goal_4a_shows_both_targets_split_by_house_with_the_month_chart_and_its_table(
    client_for, rikke, hanne, sofie, agreement_2018
):
    make_activity(
        author=hanne,
        activity_type="growth_course",
        delivered_in=Organisation.objects.get(key=SJAELLAND),
        status=Activity.Status.APPROVED,
        date=datetime.date(2018, 2, 10),
    )
    rollups.rollup_full(agreement_2018, today=MID_YEAR)

    response = client_for(rikke).get(GOAL_4A, {"area": ""})

    areas = element(response, "data-target", "a.4a.professional-areas")
    courses = element(response, "data-target", "a.4a.growth-courses")
    assert "Udvælgelse af min. 2 fagområder" in areas
    assert "1 af 5" in courses
    # A joint target: its status once, for both houses; each house's part of it.
    assert "Begge væksthuse 1 af 5 · 20 % Bagud" in courses
    assert "Væksthus Hovedstadsregionen 1 tæller med i det fælles måltal" in courses
    assert "Væksthus Sjælland 0 tæller med i det fælles måltal" in courses
    assert "husenes tal giver tilsammen det samlede" in courses
    chart = json.loads(
        re.search(
            r'<script id="chart-a4agrowth-courses" type="application/json">(.*?)</script>',
            response.content.decode(),
        ).group(1)
    )
    assert chart["series"][0]["data"][:3] == [0.0, 1.0, 1.0]  # January, February, March
    assert chart["series"][1]["data"][-1] == 5.0  # the pace line reaches the target
    assert chart["whole"]  # growth courses are counted whole: whole steps on the axis
    assert "Februar 2018 1 1" in courses  # the table has the chart's figures


def test_the_area_filter_marks_the_areas_part_on_the_goal_page(
    client_for, rasmus, sofie, agreement_2018
):
    make_activity(
        author=sofie,
        activity_type="growth_course",
        firm=make_firm(user=sofie, municipality_code=370),
        delivered_in=Organisation.objects.get(key=HOVEDSTADEN),
        status=Activity.Status.APPROVED,
        date=datetime.date(2018, 2, 10),
    )
    rollups.rollup_full(agreement_2018, today=MID_YEAR)
    client = client_for(rasmus)

    sjaelland = element(client.get(GOAL_4A), "data-target", "a.4a.growth-courses")
    copenhagen = element(client.get(GOAL_4A, {"area": "101"}), "data-target", "a.4a.growth-courses")

    assert "Heraf i KKR Sjælland: 1" in sjaelland
    assert "Heraf i København: 0" in copenhagen
    for page in (sjaelland, copenhagen):
        assert "1 af 5" in page  # status and points stay the whole agreement's


def test_the_goal_page_lists_the_approved_activities_that_count_and_links_them(
    client_for, rikke, hanne, agreement_2018
):
    approved = [
        make_activity(
            author=hanne,
            activity_type="collaboration",
            status=Activity.Status.APPROVED,
            date=datetime.date(2018, 3, day),
        )
        for day in range(1, 22)
    ]
    submitted = make_activity(
        author=hanne, activity_type="collaboration", status=Activity.Status.SUBMITTED
    )
    rollups.rollup_full(agreement_2018, today=MID_YEAR)
    client = client_for(rikke)
    page = "/agreements/2018/dashboard/goals/a.1/"

    first = client.get(page, {"area": ""})
    second = client.get(page, {"area": "", "page": 2})

    listed = first.content.decode() + second.content.decode()
    assert "21 aktiviteter" in text_of(first)
    for activity in approved:
        assert f'<a href="{activity.get_absolute_url()}">' in listed
    assert f'data-activity="{submitted.pk}"' not in listed
    assert first.content.decode().count("data-activity=") == 20


def test_staff_see_only_their_own_house_behind_the_numbers(
    client_for, hanne, sofie, morten, agreement_2018
):
    theirs = make_activity(
        author=sofie,
        activity_type="growth_course",
        status="approved",
        delivered_in=Organisation.objects.get(key=HOVEDSTADEN),
    )
    ours = make_activity(
        author=hanne,
        activity_type="growth_course",
        status="approved",
        delivered_in=Organisation.objects.get(key=SJAELLAND),
    )
    write_status_text(morten, quarter=1, text="Sjællands egen status.")
    rollups.rollup_full(agreement_2018, today=MID_YEAR)

    hanne_sees = client_for(hanne).get(GOAL_4A)
    assert f'data-activity="{ours.pk}"' in hanne_sees.content.decode()
    assert f'data-activity="{theirs.pk}"' not in hanne_sees.content.decode()
    assert "Sjællands egen status." not in text_of(hanne_sees)
    # The numbers are the agreement's: both houses' approved courses count.
    assert "2 af 5" in element(hanne_sees, "data-target", "a.4a.growth-courses")


def test_a_reviewer_reads_both_houses_status_texts_on_the_goal_page(
    client_for, rikke, morten, agreement_2018
):
    write_status_text(morten, quarter=2, text="Forløbene er planlagt til efteråret.")

    response = client_for(rikke).get(GOAL_4A)

    assert "Forløbene er planlagt til efteråret." in text_of(response)


def test_the_municipality_table_sorts_by_a_column(client_for, anne, logged):
    client = client_for(anne)
    largest_first = client.get(
        "/agreements/2018/dashboard/goals/a.1/", {"sort": "-a.1.collaborations"}
    )
    assert 'aria-sort="descending"' in largest_first.content.decode()

    by_name = client.get("/agreements/2018/dashboard/goals/a.1/", {"sort": "municipality"})
    names = [row.municipality.name for row in by_name.context["dashboard"].municipalities]
    assert names == sorted(names)
    assert len(names) == 46


# The municipalities and the houses.


def test_the_municipality_page_counts_firms_mappings_and_activities(client_for, anne, logged):
    response = client_for(anne).get(MUNICIPALITIES, {"sort": "-activities"})

    rows = response.context["rows"]
    assert len(rows) == 46
    naestved = element(response, "data-municipality", "370")
    # 1 firm guided by both houses and 1 mapped: 2 guided, 1 mapping, 3 approved activities.
    assert "Næstved KKR Sjælland 2 1 3" in naestved
    assert rows[0].municipality.name == "Næstved"
    assert 'id="municipality-chart"' in response.content.decode()


def test_a_kkr_reviewer_sees_their_17_municipalities(client_for, rasmus, logged):
    response = client_for(rasmus).get(MUNICIPALITIES)

    assert len(response.context["rows"]) == 17


def test_the_houses_side_by_side(client_for, rikke, logged):
    response = client_for(rikke).get(HOUSES)

    guided = element(response, "data-target", "national.guided-firms")
    assert "3 af 4.000" in guided  # Hovedstaden: 2 in København, 1 in Næstved
    assert "2 af 4.000" in guided  # Sjælland
    assert "4 af 4.000" in guided  # both houses, the shared firm once


# Bounded queries: the pages read the roll-ups, whatever the size of the log.


@pytest.mark.parametrize(
    "page",
    [
        OVERVIEW,
        OVERVIEW + "?house=vaeksthus-sjaelland&area=370",
        GOAL_4A,
        "/agreements/2018/dashboard/goals/c.1/",
        "/agreements/2018/dashboard/goals/b.a/",
        MUNICIPALITIES,
        HOUSES,
    ],
)
def test_each_dashboard_runs_the_same_bounded_number_of_queries_whatever_the_size(
    client_for, rikke, hanne, agreement_2018, page
):
    client = client_for(rikke)

    def queries():
        rollups.rollup_full(agreement_2018, today=MID_YEAR)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(page).status_code == 200
        return len(captured)

    _log_a_month(hanne, month=1)
    some = queries()
    for month in range(2, 13):
        _log_a_month(hanne, month=month)
    _add_goals(agreement_2018, 10)
    assert queries() == some <= 15


def _log_a_month(author, *, month):
    """Log approved activities of several types for firms in three municipalities."""
    for day in (3, 12, 21):
        firm = make_firm(user=author, municipality_code=[101, 370, 147][day % 3])
        for activity_type in ("guidance", "growth_course", "analysis", "collaboration"):
            make_activity(
                author=author,
                firm=firm,
                activity_type=activity_type,
                status=Activity.Status.APPROVED,
                date=datetime.date(2018, month, day),
            )


def _add_goals(agreement, count):
    """Give focus area a) more goals, each with a count target."""
    focus_area = agreement.focus_areas.get(code="a")
    guidance = Target.objects.get(code="national.guided-firms").activity_types.all()
    for number in range(count):
        goal = Goal.objects.create(
            focus_area=focus_area, code=f"a.x{number}", number=f"x{number}", title="Ekstra"
        )
        target = Target.objects.create(
            agreement=agreement,
            goal=goal,
            code=f"a.x{number}.count",
            kind="count",
            text="Ekstra",
            threshold=10,
        )
        target.activity_types.set(guidance)


def test_the_overview_shows_the_new_numbers_after_each_roll_up(client_for, anne, hanne, logged):
    client = client_for(anne)
    assert "4 af mindst 4.000" in element(
        client.get(OVERVIEW), "data-target", "national.guided-firms"
    )

    make_activity(author=hanne, status=Activity.Status.APPROVED)
    rollups.rollup_full(logged, today=MID_YEAR)

    assert "5 af mindst 4.000" in element(
        client.get(OVERVIEW), "data-target", "national.guided-firms"
    )
