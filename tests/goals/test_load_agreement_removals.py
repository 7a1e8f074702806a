"""`manage.py load_agreement` on a file that drops goals and targets people logged against:
refused with what would be lost, unless the administrator allows the loss."""

from io import StringIO

import pytest
from django.core.management import call_command

from goals.models import EffectMeasurement, MilestoneCompletion, StatusText
from reporting.models import Activity
from tests.factories import make_activity
from tests.goals.agreement_files import (
    DELETE,
    agreement_data,
    database_snapshot,
    edited,
    load,
    refused,
    write_agreement_file,
)
from tests.goals.test_effects import measure
from tests.goals.test_milestones import complete
from tests.goals.test_status_texts import goal, write

pytestmark = pytest.mark.django_db

WITHOUT_C = {"focus_areas[c]": DELETE}
NO_EFFECT_MEASURE = {"focus_areas[b].goals[b.b].targets[b.b.international-activity]": DELETE}


def log_analysis(author, *goals):
    return make_activity(author=author, activity_type="analysis", goals=list(goals))


@pytest.fixture
def logged_against_c(hanne, mads):
    """Two analyses, a status text and a completed milestone on focus area c's goal c.1."""
    log_analysis(hanne, goal("c.1"))
    log_analysis(hanne, goal("c.1"))
    write(mads, "c.1")
    complete(mads)  # the milestone c.1.kommissorium


def test_a_file_that_drops_a_focus_area_people_logged_against_is_refused_with_what_would_be_lost(
    agreement_2018, logged_against_c, tmp_path
):
    file = write_agreement_file(tmp_path, edited(WITHOUT_C))
    before = database_snapshot()

    problems, error = refused(file)

    assert problems == [
        "focus_areas[c]: removing it would remove goal c.1, which 1 status text, 2 activities "
        "point to",
        "focus_areas[c]: removing it would remove target c.1.kommissorium, which 1 milestone "
        "completion points to",
    ]
    assert error == (
        f"{file}: 2 problems; nothing was changed. "
        "Load it with --allow-data-loss to remove them all the same."
    )
    assert database_snapshot() == before
    assert Activity.objects.filter(goals=goal("c.1")).count() == 2


def test_with_the_loss_allowed_the_focus_area_goes_and_its_activities_lose_the_link(
    agreement_2018, logged_against_c, tmp_path
):
    file = write_agreement_file(tmp_path, edited(WITHOUT_C))

    output = StringIO()
    call_command("load_agreement", str(file), "--allow-data-loss", stdout=output)

    assert output.getvalue().startswith("Loaded Regional aftale 2018: 2 focus areas, 15 goals")
    assert not agreement_2018.focus_areas.filter(code="c").exists()
    assert not StatusText.objects.exists()
    assert not MilestoneCompletion.objects.exists()
    assert Activity.objects.filter(activity_type__code="analysis").count() == 2
    assert not Activity.objects.filter(goals__isnull=False, activity_type__code="analysis").exists()


def test_a_dropped_target_is_named_by_its_own_key_where_its_goal_stays(
    agreement_2018, mads, tmp_path
):
    measure(mads)  # on b.b.international-activity
    measure(mads)

    problems, _error = refused(write_agreement_file(tmp_path, edited(NO_EFFECT_MEASURE)))

    assert problems == [
        "focus_areas[b].goals[b.b].targets[b.b.international-activity]: removing it would "
        "remove target b.b.international-activity, which 2 effect measurements point to"
    ]
    assert EffectMeasurement.objects.count() == 2


def test_a_dropped_sub_goal_is_named_by_its_own_key_and_each_activity_counts_for_each_goal(
    agreement_2018, hanne, tmp_path
):
    make_activity(author=hanne, activity_type="programme", goals=[goal("a.4c"), goal("b.a")])
    without_a_4c_and_b_a = edited(
        {"focus_areas[a].goals[a.4].goals[a.4c]": DELETE, "focus_areas[b].goals[b.a]": DELETE}
    )

    problems, _error = refused(write_agreement_file(tmp_path, without_a_4c_and_b_a))

    assert problems == [
        "focus_areas[a].goals[a.4].goals[a.4c]: removing it would remove goal a.4c, "
        "which 1 activity points to",
        "focus_areas[b].goals[b.a]: removing it would remove goal b.a, which 1 activity points to",
    ]


def test_a_goal_moved_to_another_focus_area_keeps_what_was_logged_against_it(
    agreement_2018, logged_against_c, tmp_path
):
    data = agreement_data()
    focus_area_c = data["focus_areas"].pop()
    data["focus_areas"][1]["goals"] += focus_area_c["goals"]  # goal c.1 moves to b

    load(write_agreement_file(tmp_path, data))

    assert goal("c.1").focus_area.code == "b"
    assert Activity.objects.filter(goals=goal("c.1")).count() == 2
    assert StatusText.objects.get().goal == goal("c.1")
    assert MilestoneCompletion.objects.get().target.code == "c.1.kommissorium"


def test_a_file_that_drops_only_what_nobody_logged_against_loads(agreement_2018, tmp_path):
    output = load(write_agreement_file(tmp_path, edited(WITHOUT_C)))

    assert "2 focus areas, 15 goals" in output
