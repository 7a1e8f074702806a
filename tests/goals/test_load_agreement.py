"""`manage.py load_agreement`: what an administrator sees when loading an agreement file."""

import datetime

import pytest
from django.db import transaction
from hypothesis import given

from agreement.models import Agreement, Municipality, Organisation
from goals.agreement_file import AgreementFileError, check_agreement_data
from goals.agreement_file.loading import agreement_load
from goals.models import ActivityType, Goal, Target
from goals.selectors import agreement_outline
from tests.base import AGREEMENT_2018
from tests.goals.agreement_files import (
    AGREEMENT_2019,
    DELETE,
    FUZZ,
    GOAL_4A,
    GROWTH_COURSES,
    GROWTH_MAPPINGS,
    RANDOM_EDITS,
    agreement_data,
    database_snapshot,
    edited,
    load,
    randomly_edited,
    write_agreement_file,
)

pytestmark = pytest.mark.django_db

SUMMARY_2018 = (
    "Loaded Regional aftale 2018: 3 focus areas, 16 goals, 26 targets, 2 growth houses, "
    "2 KKRs, 46 municipalities"
)

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
    guided_firms, growth_mappings = agreement_outline(agreement_2018).national_targets

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


def shared_rows():
    """Read the rows every agreement year shares: organisations, municipalities, activity types."""
    return [
        list(model.objects.order_by("pk").values())
        for model in (Organisation, Municipality, ActivityType)
    ]


def test_the_2019_file_of_another_shape_loads_beside_2018_and_leaves_the_shared_rows(
    agreement_2018,
):
    shared = shared_rows()

    output = load(AGREEMENT_2019)

    assert output == (
        "Loaded Regional aftale 2019/20: 2 focus areas, 7 goals, 9 targets, 2 growth houses, "
        "1 KKRs, 17 municipalities\n"
    )
    agreement = Agreement.objects.get(year=2019)
    assert (agreement.period_start, agreement.period_end) == (
        datetime.date(2019, 7, 1),
        datetime.date(2020, 6, 30),
    )
    assert agreement.continues == agreement_2018
    goals = Goal.objects.filter(focus_area__agreement=agreement)
    assert [goal.number for goal in goals.filter(parent=None)] == ["1", "3", "2", "5"]
    assert [goal.number for goal in goals.get(code="a.1").subgoals.all()] == ["1a", "1b", "1c"]
    assert dict(
        agreement.targets.filter(house__isnull=False).values_list("code", "house__key")
    ) == {
        "vsj.digital-checks": "vaeksthus-sjaelland",
        "a.1b.digital-checks": "vaeksthus-hovedstaden",
    }
    organisations, municipalities, activity_types = shared_rows()
    assert [organisations, municipalities] == shared[:2]
    assert [row for row in activity_types if row["code"] != "digital_check"] == shared[2]


def test_loading_the_2019_file_again_changes_nothing(agreement_2018):
    load(AGREEMENT_2019)
    before = database_snapshot()

    load(AGREEMENT_2019)

    assert database_snapshot() == before


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


def test_the_national_targets_are_shown_but_left_out_of_the_score(agreement_2018):
    national = agreement_outline(agreement_2018).national_targets

    assert {target.code for target in national} == {
        "national.guided-firms",
        "national.growth-mappings",
    }
    assert not any(target.scored for target in national)
    assert agreement_2018.targets.filter(goal__isnull=False, scored=False).count() == 0


def test_a_file_from_a_long_path_loads_with_the_history_reason_cut_to_fit(agreement_2018, tmp_path):
    folder = tmp_path / ("a-folder-with-a-long-name-" * 5)
    folder.mkdir()
    path = folder / "regional_aftale_2019.yaml"
    path.write_bytes(AGREEMENT_2019.read_bytes())

    load(path)

    reasons = {record.history_change_reason for record in Agreement.history.filter(year=2019)}
    assert [len(reason) for reason in reasons] == [100]
    assert reasons.pop().startswith(f"load_agreement {folder}"[:100])
