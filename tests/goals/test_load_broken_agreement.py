"""`manage.py load_agreement` on a broken file: the problems named, and nothing changed."""

import datetime

import pytest
import yaml

from agreement.models import Agreement
from goals.agreement_file import MAX_FILE_BYTES, MAX_PROBLEMS
from tests.base import AGREEMENT_2018
from tests.goals.agreement_files import (
    DELETE,
    GOAL_4A,
    GROWTH_COURSES,
    GROWTH_MAPPINGS,
    agreement_data,
    database_snapshot,
    edited,
    refused,
    write_agreement_file,
)

pytestmark = pytest.mark.django_db


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
    "of, condition, scope, weight, scored"
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


# Files too large or too broken to read through -----------------------------------


def test_a_file_over_the_size_cap_is_refused_before_it_is_parsed(
    agreement_2018, tmp_path, monkeypatch
):
    path = tmp_path / "agreement.yaml"
    text = AGREEMENT_2018.read_text(encoding="utf-8")
    path.write_text(text + "#" * (MAX_FILE_BYTES - len(text.encode()) + 1), encoding="utf-8")
    monkeypatch.setattr(yaml, "load", pytest.fail)
    before = database_snapshot()

    problems, error = refused(path)

    assert problems == [
        f"{path}: is larger than 1,000,000 bytes, the most an agreement file may be"
    ]
    assert error == f"{path}: 1 problem; nothing was changed."
    assert database_snapshot() == before


def with_misnumbered_municipalities(count):
    """The 2018 file with `count` municipalities more, each with a code out of range."""
    data = agreement_data()
    data["municipalities"] += [
        {"code": 1, "name": f"Nyby {number}", "kkr": "kkr-sjaelland"} for number in range(count)
    ]
    return data


def test_a_file_with_more_problems_than_the_cap_prints_the_first_and_says_there_are_more(
    agreement_2018, tmp_path
):
    file = write_agreement_file(tmp_path, with_misnumbered_municipalities(MAX_PROBLEMS + 50))
    before = database_snapshot()

    problems, error = refused(file)

    assert len(problems) == MAX_PROBLEMS + 1
    assert problems[0] == "municipalities[1].code: must be a whole number from 101 to 999"
    assert problems[-1] == "… and more problems; fix these first."
    assert error == f"{file}: more than {MAX_PROBLEMS} problems; nothing was changed."
    assert database_snapshot() == before


def test_a_file_with_as_many_problems_as_the_cap_prints_them_all(agreement_2018, tmp_path):
    file = write_agreement_file(tmp_path, with_misnumbered_municipalities(MAX_PROBLEMS))

    problems, error = refused(file)

    assert len(problems) == MAX_PROBLEMS
    assert "… and more problems; fix these first." not in problems
    assert error == f"{file}: {MAX_PROBLEMS} problems; nothing was changed."
