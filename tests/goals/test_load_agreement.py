"""`manage.py load_agreement`: what an administrator sees when loading an agreement file."""

import datetime
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import transaction
from hypothesis import given

from agreement.models import Agreement, Municipality, Organisation
from goals.agreement_file import AgreementFileError, check_agreement_data
from goals.models import ActivityType, Goal, Target
from goals.services import agreement_load
from tests.base import AGREEMENT_2018
from tests.goals.agreement_files import (
    DELETE,
    FUZZ,
    GOAL_4A,
    GROWTH_COURSES,
    GROWTH_MAPPINGS,
    RANDOM_EDITS,
    agreement_data,
    edited,
    randomly_edited,
    write_agreement_file,
)

pytestmark = pytest.mark.django_db

SUMMARY_2018 = (
    "Loaded Regional aftale 2018: 3 focus areas, 16 goals, 26 targets, 2 growth houses, "
    "2 KKRs, 46 municipalities"
)


def load(path):
    stdout = StringIO()
    call_command("load_agreement", str(path), stdout=stdout, stderr=StringIO())
    return stdout.getvalue()


def refused(path):
    """Load a file the command refuses; return the problems it printed and its last word."""
    stderr = StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("load_agreement", str(path), stdout=StringIO(), stderr=stderr)
    return stderr.getvalue().splitlines(), str(raised.value)


def database_snapshot():
    """Count the rows of the agreement and goals apps, history included, and read the rows
    a reader knows."""
    models = [
        model
        for app in ("agreement", "goals")
        for model in apps.get_app_config(app).get_models(include_auto_created=True)
    ]
    return {
        "counts": {model._meta.label: model._default_manager.count() for model in models},
        "agreements": list(
            Agreement.objects.values_list("year", "title", "status", "period_end", "continues")
        ),
        "goals": list(
            Goal.objects.order_by("code").values_list("code", "number", "title", "parent__code")
        ),
        "targets": list(
            Target.objects.order_by("code").values_list(
                "code", "kind", "threshold", "text", "parent__code", "condition", "goal__code"
            )
        ),
        "municipalities": list(
            Municipality.objects.order_by("code").values_list("code", "name", "kkr__key")
        ),
    }


# The 2018 file ----------------------------------------------------------------


@pytest.fixture
def empty_portal():
    """Remove every agreement, organisation, municipality and activity type."""
    Target.objects.filter(kind=Target.Kind.SUBSET).delete()
    Target.objects.all().delete()
    Agreement.objects.all().delete()
    Municipality.objects.all().delete()
    Organisation.objects.exclude(kind=Organisation.Kind.REGION).delete()
    Organisation.objects.all().delete()
    ActivityType.objects.all().delete()


def test_loading_the_2018_file_into_an_empty_portal_prints_one_summary_line(empty_portal):
    assert load(AGREEMENT_2018) == SUMMARY_2018 + "\n"

    agreement = Agreement.objects.get()
    assert agreement.title == "Regional aftale 2018"
    assert agreement.focus_areas.count() == 3
    assert Goal.objects.filter(focus_area__agreement=agreement).count() == 16
    assert agreement.targets.count() == 26
    assert Municipality.objects.count() == 46


def test_goal_4a_has_its_two_targets(agreement_2018):
    goal = Goal.objects.get(focus_area__agreement=agreement_2018, code="a.4a")

    assert goal.number == "4a"
    assert [(target.code, target.threshold, target.condition) for target in goal.targets.all()] == [
        ("a.4a.professional-areas", 2, ""),
        ("a.4a.growth-courses", 5, Target.Condition.DELIVERED_IN_OTHER_HOUSE),
    ]
    professional_areas, growth_courses = goal.targets.all()
    assert [t.code for t in professional_areas.activity_types.all()] == ["professional_area"]
    assert [t.code for t in growth_courses.activity_types.all()] == ["growth_course"]


def test_the_national_targets_are_4000_firms_of_which_2000_had_a_growth_mapping(agreement_2018):
    guided_firms, growth_mappings = agreement_2018.targets.national()

    assert (guided_firms.kind, guided_firms.threshold) == (Target.Kind.DISTINCT_FIRMS, 4000)
    assert (growth_mappings.kind, growth_mappings.threshold) == (Target.Kind.SUBSET, 2000)
    assert growth_mappings.parent == guided_firms


def test_the_municipalities_belong_to_their_kkr(agreement_2018):
    assert Municipality.objects.filter(kkr__key="kkr-hovedstaden").count() == 29
    assert Municipality.objects.filter(kkr__key="kkr-sjaelland").count() == 17
    assert Municipality.objects.get(name="København").code == 101
    assert Municipality.objects.get(name="Roskilde").code == 265


def test_goal_2_has_the_sub_goals_2a_and_2b(agreement_2018):
    goal = Goal.objects.get(focus_area__agreement=agreement_2018, code="a.2")

    assert [(sub.code, sub.number) for sub in goal.subgoals.all()] == [
        ("a.2a", "2a"),
        ("a.2b", "2b"),
    ]


def test_the_b_goals_are_numbered_a_to_e(agreement_2018):
    goals = Goal.objects.filter(focus_area__agreement=agreement_2018, focus_area__code="b")

    assert [goal.number for goal in goals] == ["a)", "b)", "c)", "d)", "e)"]


# Broken files -----------------------------------------------------------------


@pytest.mark.parametrize(
    "content, problem",
    [
        pytest.param(b"agreement: [2018\n", "is not valid YAML at line 2: ", id="not YAML"),
        pytest.param("title: Sjælland\n".encode("latin-1"), "is not UTF-8 text", id="not UTF-8"),
        pytest.param(None, "cannot be read (No such file or directory)", id="missing"),
        pytest.param(b"- agreement\n- targets\n", None, id="not a mapping"),
    ],
)
def test_a_file_that_is_not_an_agreement_is_refused_and_changes_nothing(
    agreement_2018, tmp_path, content, problem
):
    path = tmp_path / "agreement.yaml"
    if content is not None:
        path.write_bytes(content)
    before = database_snapshot()

    problems, error = refused(path)

    expected = f"{path}: {problem}" if problem else "(file): must be a mapping of keys to values"
    assert len(problems) == 1
    assert problems[0].startswith(expected)
    assert error == f"{path}: 1 problem; nothing was changed."
    assert database_snapshot() == before


WHOLE_COUNT = "must be a whole number from 1 to 1000000"
TARGET_KEYS = (
    "code, kind, text, at_least, unit, activity_types, goal_activities_only, sum_quantity, "
    "of, condition, scope, weight"
)


@pytest.mark.parametrize(
    "path, value, problem",
    [
        pytest.param("agreement.title", DELETE, "is required", id="no title"),
        pytest.param("municipalities", DELETE, "is required", id="no municipalities"),
        pytest.param(
            f"{GROWTH_COURSES}.at_lest",
            5,
            f"unknown key (expected one of: {TARGET_KEYS})",
            id="an unknown key",
        ),
        pytest.param(
            "agreement.period_start",
            "1. januar 2018",
            "must be a date written YYYY-MM-DD",
            id="a date in words",
        ),
        pytest.param(
            "agreement.period_end",
            datetime.date(2017, 12, 31),
            "must be after period_start",
            id="the period ends before it starts",
        ),
        pytest.param(
            "agreement.status",
            "open",
            "must be one of: active, closed, draft",
            id="an unknown status",
        ),
        pytest.param(
            f"{GROWTH_COURSES}.activity_types[1]",
            "coffee",
            "'coffee' is not an activity type of the file",
            id="an unknown activity type",
        ),
        pytest.param(
            "targets[national.guided-firms].activity_types[2]",
            "event",
            "'event' is not with one firm (counts_firms)",
            id="firms counted by a type without firms",
        ),
        pytest.param(
            f"{GROWTH_MAPPINGS}.of",
            DELETE,
            "is required for an of-which target",
            id="an of-which target without its parent",
        ),
        pytest.param(
            f"{GROWTH_MAPPINGS}.of",
            "national.guided-fimrs",
            "'national.guided-fimrs' is not another target of the file",
            id="an of-which target of an unknown target",
        ),
        pytest.param(
            f"{GROWTH_MAPPINGS}.of",
            "a.4a.growth-courses",
            "'a.4a.growth-courses' does not count firms",
            id="an of-which target of a target without firms",
        ),
        pytest.param(
            f"{GROWTH_MAPPINGS}.at_least",
            5000,
            "an of-which target cannot exceed its parent's 4000",
            id="an of-which target above its parent",
        ),
        pytest.param(
            "focus_areas[a].goals[a.4].goals[a.4b].targets[a.4b.een-coordination].at_least",
            1,
            "a milestone target has no threshold",
            id="a threshold on a milestone",
        ),
        pytest.param(f"{GROWTH_COURSES}.at_least", 4.5, WHOLE_COUNT, id="a count of 4.5"),
        pytest.param(f"{GROWTH_COURSES}.at_least", 0, WHOLE_COUNT, id="a count of zero"),
        pytest.param(
            "agreement.parties[4]",
            "vaeksthus-fyn",
            "'vaeksthus-fyn' is not a growth house or KKR of the file",
            id="an unknown party",
        ),
        pytest.param(
            "municipalities[101].kkr",
            "kkr-nordjylland",
            "'kkr-nordjylland' is not an organisation of kind kkr",
            id="a municipality of an unknown KKR",
        ),
        pytest.param(
            "agreement.continues",
            2017,
            "no agreement for 2017 is loaded",
            id="continuing a year not loaded",
        ),
        pytest.param(
            f"{GOAL_4A}.goals",
            [{"code": "a.4a.i", "title": "Et under-under-mål"}],
            "sub-goals go one level deep",
            id="sub-goals two levels deep",
        ),
        pytest.param(
            "focus_areas[a].goals",
            {"code": "a.1"},
            "must be a list",
            id="a mapping where a list is expected",
        ),
        pytest.param(
            "agreement.parties",
            4,
            "must list the keys of the growth houses and KKRs that signed",
            id="a number where a list is expected",
        ),
    ],
)
def test_a_broken_file_is_refused_with_its_problem_and_changes_nothing(
    agreement_2018, tmp_path, path, value, problem
):
    file = write_agreement_file(tmp_path, edited({path: value}))
    before = database_snapshot()

    problems, error = refused(file)

    assert problems == [f"{path}: {problem}"]
    assert error == f"{file}: 1 problem; nothing was changed."
    assert database_snapshot() == before


@pytest.mark.parametrize(
    "edits, problem",
    [
        pytest.param(
            {"focus_areas[a].goals[a.4].goals[a.4b].code": "a.4a"},
            f"{GOAL_4A}.code: goal code 'a.4a' is used more than once",
            id="a goal code twice",
        ),
        pytest.param(
            {f"{GOAL_4A}.targets[a.4a.growth-courses].code": "a.4a.professional-areas"},
            f"{GOAL_4A}.targets[a.4a.professional-areas].code: "
            "target code 'a.4a.professional-areas' is used more than once",
            id="a target code twice",
        ),
        pytest.param(
            {"municipalities[46]": {"code": 101, "name": "Nyby", "kkr": "kkr-sjaelland"}},
            "municipalities[101].code: code '101' is used more than once",
            id="a municipality code twice",
        ),
    ],
)
def test_a_code_used_twice_is_refused_and_changes_nothing(agreement_2018, tmp_path, edits, problem):
    file = write_agreement_file(tmp_path, edited(edits))
    before = database_snapshot()

    problems, _error = refused(file)

    assert problems == [problem]
    assert database_snapshot() == before


def test_a_closed_agreement_is_not_changed(agreement_2018):
    Agreement.objects.filter(year=2018).update(status=Agreement.Status.CLOSED)
    before = database_snapshot()

    problems, _error = refused(AGREEMENT_2018)

    assert problems == ["agreement.year: the 2018 agreement is closed and cannot be changed"]
    assert database_snapshot() == before


def test_all_problems_are_reported_at_once(agreement_2018, tmp_path):
    data = edited(
        {
            "agreement.status": "open",
            f"{GROWTH_COURSES}.at_least": 0,
            "municipalities[101].kkr": "kkr-nordjylland",
        }
    )

    problems, error = refused(write_agreement_file(tmp_path, data))

    assert problems == [
        "agreement.status: must be one of: active, closed, draft",
        "municipalities[101].kkr: 'kkr-nordjylland' is not an organisation of kind kkr",
        f"{GROWTH_COURSES}.at_least: must be a whole number from 1 to 1000000",
    ]
    assert error.endswith(": 3 problems; nothing was changed.")


# Loading again ----------------------------------------------------------------


def test_loading_the_same_file_twice_changes_nothing(agreement_2018):
    before = database_snapshot()

    assert load(AGREEMENT_2018) == SUMMARY_2018 + "\n"

    assert database_snapshot() == before


def test_a_changed_threshold_updates_the_target_and_records_one_history_row(
    agreement_2018, tmp_path
):
    target = agreement_2018.targets.get(code="a.4a.growth-courses")
    history = target.history.count()
    path = write_agreement_file(tmp_path, edited({f"{GROWTH_COURSES}.at_least": 7}))

    load(path)
    load(path)

    target.refresh_from_db()
    assert target.threshold == 7
    assert target.history.count() == history + 1


def test_a_goal_removed_from_the_file_is_removed_with_its_targets(agreement_2018, tmp_path):
    data = edited({"focus_areas[a].goals[a.4].goals[a.4c]": DELETE})

    output = load(write_agreement_file(tmp_path, data))

    assert "15 goals, 25 targets" in output
    assert not Goal.objects.filter(code="a.4c").exists()
    assert not agreement_2018.targets.filter(code="a.4c.programmes").exists()


# An of-which target of an of-which target: of the 2,000 growth mappings, 100 in the other house.
GROWTH_MAPPINGS_IN_OTHER_HOUSE = {
    "code": "a.4a.growth-mappings",
    "kind": "subset",
    "of": "national.growth-mappings",
    "text": "heraf 100 vækstkortlægninger i det andet Væksthus",
    "at_least": 100,
    "activity_types": ["growth_mapping"],
    "condition": "delivered_in_other_house",
}


def test_a_target_added_to_the_file_is_created(agreement_2018, tmp_path):
    data = edited({f"{GOAL_4A}.targets[2]": GROWTH_MAPPINGS_IN_OTHER_HOUSE})

    load(write_agreement_file(tmp_path, data))

    created = agreement_2018.targets.get(code="a.4a.growth-mappings")
    assert created.goal.code == "a.4a"
    assert created.parent.code == "national.growth-mappings"
    assert [t.code for t in created.activity_types.all()] == ["growth_mapping"]


def test_a_chain_of_of_which_targets_can_be_removed(agreement_2018, tmp_path):
    chain = edited({f"{GOAL_4A}.targets[2]": GROWTH_MAPPINGS_IN_OTHER_HOUSE})
    load(write_agreement_file(tmp_path, chain, name="chain.yaml"))
    without_the_chain = edited({GROWTH_MAPPINGS: DELETE})

    load(write_agreement_file(tmp_path, without_the_chain, name="without-the-chain.yaml"))

    assert not agreement_2018.targets.filter(kind=Target.Kind.SUBSET).exists()


def test_a_file_for_2019_loads_beside_2018_and_continues_it(agreement_2018, tmp_path):
    data = agreement_data()
    data["agreement"].update(
        year=2019,
        title="Regional aftale 2019",
        period_start=datetime.date(2019, 1, 1),
        period_end=datetime.date(2019, 12, 31),
        continues=2018,
    )
    targets_2018 = list(agreement_2018.targets.values_list("pk", "code", "parent", "goal"))

    output = load(write_agreement_file(tmp_path, data))

    assert output.startswith("Loaded Regional aftale 2019: 3 focus areas, 16 goals, 26 targets")
    agreement_2019 = Agreement.objects.get(year=2019)
    assert agreement_2019.continues == agreement_2018
    assert agreement_2019.targets.count() == 26
    assert list(agreement_2018.targets.values_list("pk", "code", "parent", "goal")) == targets_2018


@FUZZ
@given(edits=RANDOM_EDITS)
def test_a_file_that_passes_the_check_loads_and_loads_again_without_change(agreement_2018, edits):
    try:
        content = check_agreement_data(randomly_edited(edits))
    except AgreementFileError:
        return
    with transaction.atomic():
        agreement_load(content=content)
        loaded = database_snapshot()
        agreement_load(content=content)
        assert database_snapshot() == loaded
        transaction.set_rollback(True)
