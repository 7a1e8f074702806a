"""Reading and checking an agreement file: what a malformed file says, and that it never crashes."""

import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from goals.agreement_file import AgreementFileError, check_agreement_data, read_agreement_file
from tests.base import AGREEMENT_2018
from tests.goals.agreement_files import (
    FILE_2018,
    FUZZ,
    GOAL_4A,
    GROWTH_COURSES,
    GROWTH_MAPPINGS,
    RANDOM_EDITS,
    edit,
    edited,
    randomly_edited,
)

pytestmark = pytest.mark.django_db


def problems_of(data):
    with pytest.raises(AgreementFileError) as raised:
        check_agreement_data(data)
    return raised.value.errors


def test_the_2018_file_reads_as_plain_values():
    content = read_agreement_file(AGREEMENT_2018)

    assert content["agreement"]["period_start"] == datetime.date(2018, 1, 1)
    assert content["agreement"]["parties"] == [
        "vaeksthus-hovedstaden",
        "vaeksthus-sjaelland",
        "kkr-hovedstaden",
        "kkr-sjaelland",
    ]
    growth_mappings = content["targets"][1]
    assert growth_mappings["parent"] == "national.guided-firms"
    assert growth_mappings["threshold"] == 2000
    assert growth_mappings["weight"] == Decimal(1)
    assert growth_mappings["house"] is None


def test_a_number_where_text_is_expected_is_read_as_text():
    content = check_agreement_data(edited({f"{GOAL_4A}.number": 4}))

    goal_4a = content["focus_areas"][0]["goals"][3]["goals"][0]
    assert goal_4a["number"] == "4"


def test_null_optional_values_mean_the_default():
    optional = ["goal_activities_only", "scope", "weight", "unit", "of"]
    data = edited({f"{GROWTH_COURSES}.{key}": None for key in optional})
    edit(data, "reference_figures", None)
    edit(data, f"{GOAL_4A}.goals", None)
    milestone = "focus_areas[a].goals[a.3].goals[a.3a].targets[a.3a.interreg-application]"
    edit(data, f"{milestone}.at_least", None)
    edit(data, f"{milestone}.activity_types", None)

    content = check_agreement_data(data)

    growth_courses = content["focus_areas"][0]["goals"][3]["goals"][0]["targets"][1]
    assert growth_courses["parent"] is None
    assert growth_courses["goal_activities_only"] is False
    assert growth_courses["house"] is None
    assert growth_courses["weight"] == Decimal(1)
    assert growth_courses["unit"] == ""
    assert content["reference_figures"] == []


MUST_BE_A_MAPPING = "must be a mapping of keys to values"
WEIGHT = "must be a number above 0 and at most 1000, with at most two decimals"


@pytest.mark.parametrize(
    "path, value, problem",
    [
        pytest.param("agreement", [2018], MUST_BE_A_MAPPING, id="a list as the agreement"),
        pytest.param("focus_areas[a].goals", 5, "must be a list", id="a number as goals"),
        pytest.param("targets[0]", None, MUST_BE_A_MAPPING, id="a null target"),
        pytest.param("organisations", None, "is required", id="null organisations"),
        pytest.param(
            "agreement.parties[4]",
            {"key": "vaeksthus-fyn"},
            "a mapping is not a growth house or KKR of the file",
            id="a mapping as a party",
        ),
        pytest.param(
            "agreement.parties[4]",
            "kkr-sjaelland",
            "'kkr-sjaelland' is listed more than once",
            id="a party twice",
        ),
        pytest.param(
            "organisations[vaeksthus-sjaelland].region",
            ["region-sjaelland"],
            "a list is not an organisation of kind region",
            id="a list as a region",
        ),
        pytest.param(
            "organisations[region-sjaelland].region",
            "region-hovedstaden",
            "a region belongs to no region",
            id="a region in a region",
        ),
        pytest.param(
            "municipalities[101].kkr",
            ["kkr-hovedstaden"],
            "a list is not an organisation of kind kkr",
            id="a list as a kkr",
        ),
        pytest.param(
            f"{GROWTH_COURSES}.kind",
            ["count"],
            "must be one of: count, distinct_firms, effect, milestone, qualitative, subset",
            id="a list as a kind",
        ),
        pytest.param(f"{GROWTH_MAPPINGS}.of", [], "must be text", id="a list as a parent"),
        pytest.param(
            f"{GROWTH_MAPPINGS}.activity_types",
            "growth_mapping",
            "must list the activity types the target counts",
            id="text as activity types",
        ),
        pytest.param(
            f"{GROWTH_MAPPINGS}.at_least",
            10**30,
            "must be a whole number from 1 to 1000000",
            id="a threshold no column holds",
        ),
        pytest.param(f"{GROWTH_MAPPINGS}.weight", float("nan"), WEIGHT, id="a weight of NaN"),
        pytest.param(f"{GROWTH_MAPPINGS}.weight", 0.125, WEIGHT, id="a weight of 3 decimals"),
        pytest.param(
            "focus_areas[b].goals[b.b].targets[b.b.international-activity].at_least",
            float("inf"),
            "must be a number from 0 to 100, with at most two decimals",
            id="an infinite percentage",
        ),
        pytest.param(
            "agreement.title",
            "Regional\x00aftale",
            "contains a character that cannot be stored (NUL or a lone surrogate)",
            id="a NUL in a text",
        ),
        pytest.param(
            "agreement.continues",
            -(10**30),
            "must be a whole number from 2000 to 2100",
            id="a year no column holds",
        ),
    ],
)
def test_a_malformed_value_is_named_by_its_key(path, value, problem):
    assert f"{path}: {problem}" in problems_of(edited({path: value}))


def test_a_loaded_municipality_cannot_take_a_new_code():
    problems = problems_of(edited({"municipalities[265].code": 266}))

    assert problems == [
        "municipalities[266].name: 'Roskilde' is the name of municipality 265 in the database"
    ]


def read_text(tmp_path, text):
    path = tmp_path / "agreement.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        return read_agreement_file(path)
    except AgreementFileError as error:
        return error.errors


def test_a_date_that_does_not_exist_is_named_by_its_key(tmp_path):
    text = AGREEMENT_2018.read_text(encoding="utf-8")

    problems = read_text(tmp_path, text.replace("period_end: 2018-12-31", "period_end: 2018-02-30"))

    assert problems == ["agreement.period_end: must be a date written YYYY-MM-DD"]


def test_a_value_its_tag_cannot_convert_is_named_by_its_key(tmp_path):
    text = AGREEMENT_2018.read_text(encoding="utf-8")

    problems = read_text(tmp_path, text.replace("year: 2018", "year: !!int twenty-eighteen"))

    assert problems == ["agreement.year: must be a whole number from 2000 to 2100"]


@pytest.mark.parametrize(
    "text, problem",
    [
        ("[" * 5000 + "]" * 5000, "is nested too deeply"),
        ("agreement: \x01\n", "is not valid YAML: special characters are not allowed"),
        (
            "agreement: !!python/object:os.system x\n",
            "is not valid YAML at line 1: could not determine a constructor for the tag "
            "'tag:yaml.org,2002:python/object:os.system'",
        ),
        (
            "agreement: &year {year: 2018}\ntargets: [*year]\n",
            "repeats another part of the file with the alias *year at line 2; "
            "write the value out instead",
        ),
        (
            # "A billion laughs": nine lines that would be a billion list items once expanded.
            "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
            + "".join(
                f"{this}: &{this} [{', '.join([f'*{previous}'] * 10)}]\n"
                for previous, this in zip("abcdefgh", "bcdefghi", strict=True)
            ),
            "repeats another part of the file with the alias *a at line 2; "
            "write the value out instead",
        ),
    ],
    ids=["deep nesting", "a control character", "a python tag", "an alias", "a billion laughs"],
)
def test_a_file_yaml_cannot_read_is_refused_whole(tmp_path, text, problem):
    assert read_text(tmp_path, text) == [f"{tmp_path / 'agreement.yaml'}: {problem}"]


@FUZZ
@given(edits=RANDOM_EDITS)
def test_any_edit_is_checked_into_content_or_into_problems(edits):
    try:
        content = check_agreement_data(randomly_edited(edits))
    except AgreementFileError as error:
        assert error.errors
        assert all(": " in problem for problem in error.errors)
    else:
        assert set(content) == set(FILE_2018)


YAML_PIECES = list(":-[]{}!&*|>'\"#,? \n\t0123.aæ") + [
    "agreement",
    "targets",
    "!!int ",
    "!!float ",
    "!!timestamp ",
    "!!binary ",
    "2018-02-30",
    "&a ",
    "*a",
    "null",
    "\x01",
]


@FUZZ
@given(text=st.lists(st.sampled_from(YAML_PIECES), max_size=40).map("".join))
def test_any_text_is_read_into_content_or_into_problems(tmp_path, text):
    content_or_problems = read_text(tmp_path, text)

    assert isinstance(content_or_problems, dict) or content_or_problems
