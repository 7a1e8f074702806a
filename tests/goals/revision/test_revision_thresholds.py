"""Next year's targets keep the rules of the agreement file (goals.thresholds): a value the
file refuses is refused in the Revision sheet too, with a message for its row, and nothing
is kept or created; an of-which target is held against its parent's target for next year."""

import pytest
from django.utils import translation

from goals.agreement_file import AgreementFileError, check_agreement_data
from goals.revision import services
from tests.goals.agreement_files import GROWTH_COURSES, GROWTH_MAPPINGS, edited
from tests.goals.revision.revision_files import (
    fill,
    revision_rows,
    row_number,
    upload,
    workbook_bytes,
)
from tests.goals.revision.uploads import row_messages

pytestmark = pytest.mark.django_db

GUIDED_FIRMS = "national.guided-firms"
GROWTH_MAPPING_FIRMS = "national.growth-mappings"  # of which: 2,000 of the 4,000 guided firms
INTERNATIONAL_SALES = "b.d.international-sales"  # an effect (%) without a target in 2018
# Where the agreement file holds each target's threshold.
FILE_PATHS = {
    "a.3a.interreg-application": (
        "focus_areas[a].goals[a.3].goals[a.3a].targets[a.3a.interreg-application].at_least"
    ),
    "b.e.cooperation": "focus_areas[b].goals[b.e].targets[b.e.cooperation].at_least",
    "a.4a.growth-courses": f"{GROWTH_COURSES}.at_least",
    GUIDED_FIRMS: f"targets[{GUIDED_FIRMS}].at_least",
    GROWTH_MAPPING_FIRMS: f"{GROWTH_MAPPINGS}.at_least",
    INTERNATIONAL_SALES: (f"focus_areas[b].goals[b.d].targets[{INTERNATIONAL_SALES}].at_least"),
}
NOT_A_COUNT = (
    "cannot be the target: a target that counts activities or firms is a whole number from 1 "
    "to 1,000,000."
)
NOT_A_PERCENTAGE = (
    "cannot be the target: a percentage is a number from 0 to 100 with at most two decimals."
)

NO_THRESHOLD = "has no threshold; leave the cell empty and write in the comment what should change."
NOT_NUMBERS = [
    pytest.param("a.4a.growth-courses", "mange", "write a number, e.g. 5", id="words"),
    pytest.param("a.1.collaborations", "mange", "write a number, e.g. 250", id="words, no target"),
    pytest.param(
        "b.b.international-activity", "en del", "write a number, e.g. 25", id="words for a %"
    ),
    pytest.param("a.4a.growth-courses", True, "write a number, e.g. 5", id="a truth value"),
]
FORBIDDEN = [
    pytest.param(
        "a.3a.interreg-application",
        1,
        f"a target of the kind milestone {NO_THRESHOLD}",
        id="a milestone",
    ),
    pytest.param(
        "b.e.cooperation", "3", f"a target of the kind qualitative {NO_THRESHOLD}", id="qualitative"
    ),
    pytest.param("a.4a.growth-courses", 0, f"0 {NOT_A_COUNT}", id="a count of zero"),
    pytest.param("a.4a.growth-courses", 2.5, f"2.5 {NOT_A_COUNT}", id="a count of 2.5"),
    pytest.param("a.4a.growth-courses", -1, f"-1 {NOT_A_COUNT}", id="a negative count"),
    pytest.param(GUIDED_FIRMS, 0.4, f"0.4 {NOT_A_COUNT}", id="firms below one"),
    pytest.param(GUIDED_FIRMS, 1_000_001, f"1,000,001 {NOT_A_COUNT}", id="firms over a million"),
    pytest.param(INTERNATIONAL_SALES, 100.5, f"100.5 {NOT_A_PERCENTAGE}", id="over 100 %"),
    pytest.param(INTERNATIONAL_SALES, -1, f"-1 {NOT_A_PERCENTAGE}", id="a negative percentage"),
    pytest.param(INTERNATIONAL_SALES, 12.345, f"12.345 {NOT_A_PERCENTAGE}", id="three decimals"),
]


@pytest.mark.parametrize(("code", "written", "message"), NOT_NUMBERS + FORBIDDEN)
def test_a_wrong_next_year_target_is_refused_for_its_row(
    anne, agreement_2018, english, code, written, message
):
    rows = revision_rows(agreement_2018)
    fill(rows, code, next_threshold=written)

    assert row_messages(agreement_2018, anne, rows) == [
        f"Row {row_number(rows, code)}, Target 2019: {message}"
    ]


@pytest.mark.parametrize(("code", "written", "message"), FORBIDDEN)
def test_the_agreement_file_forbids_the_same_threshold(agreement_2018, code, written, message):
    with pytest.raises(AgreementFileError) as refusal:
        check_agreement_data(edited({FILE_PATHS[code]: written}))

    assert [problem.split(": ")[0] for problem in refusal.value.errors] == [FILE_PATHS[code]]


def test_a_threshold_typed_the_danish_way_is_held_to_the_same_rules(anne, agreement_2018, english):
    rows = revision_rows(agreement_2018)
    fill(rows, "a.4a.growth-courses", next_threshold="2,5")
    fill(rows, INTERNATIONAL_SALES, next_threshold="101 %")

    assert row_messages(agreement_2018, anne, rows) == [
        f"Row {row_number(rows, 'a.4a.growth-courses')}, Target 2019: 2.5 {NOT_A_COUNT}",
        f"Row {row_number(rows, INTERNATIONAL_SALES)}, Target 2019: 101 {NOT_A_PERCENTAGE}",
    ]


def test_each_forbidden_threshold_gets_its_own_row_message(anne, agreement_2018, english):
    rows = revision_rows(agreement_2018)
    fill(rows, "a.2a.events", next_threshold=0)
    fill(rows, "a.4a.growth-courses", next_threshold=2.5)
    fill(rows, INTERNATIONAL_SALES, next_threshold=120)

    assert row_messages(agreement_2018, anne, rows) == [
        f"Row {row_number(rows, 'a.2a.events')}, Target 2019: 0 {NOT_A_COUNT}",
        f"Row {row_number(rows, 'a.4a.growth-courses')}, Target 2019: 2.5 {NOT_A_COUNT}",
        f"Row {row_number(rows, INTERNATIONAL_SALES)}, Target 2019: 120 {NOT_A_PERCENTAGE}",
    ]


def test_the_bounds_the_file_allows_are_allowed(anne, agreement_2018):
    rows = revision_rows(agreement_2018)
    fill(rows, "a.4a.growth-courses", next_threshold=1)
    fill(rows, GUIDED_FIRMS, next_threshold="1.000.000")
    fill(rows, INTERNATIONAL_SALES, next_threshold="99,99")
    fill(rows, "b.b.international-activity", next_threshold=100)

    revision = services.revision_upload(
        agreement=agreement_2018, user=anne, upload=upload(workbook_bytes(rows, year=2018))
    )

    stored = {row["code"]: row["next_threshold"] for row in revision.rows}
    assert stored["a.4a.growth-courses"] == "1.00"
    assert stored[GUIDED_FIRMS] == "1000000.00"
    assert stored[INTERNATIONAL_SALES] == "99.99"
    assert stored["b.b.international-activity"] == "100.00"


# Of which: held against the parent's target for next year, revised or kept.


def above_parent(rows, number, parent):
    return (
        f"Row {row_number(rows, GROWTH_MAPPING_FIRMS)}, Target 2019: {number} is more than "
        f"{parent}, next year's target of {GUIDED_FIRMS} in row {row_number(rows, GUIDED_FIRMS)}: "
        "an of-which target cannot be above the target it is part of."
    )


def test_an_of_which_target_above_its_parents_kept_target_is_refused(anne, agreement_2018, english):
    rows = revision_rows(agreement_2018)
    fill(rows, GROWTH_MAPPING_FIRMS, next_threshold=4500)

    assert row_messages(agreement_2018, anne, rows) == [above_parent(rows, "4,500", "4,000")]


def test_an_of_which_target_kept_above_its_parents_lowered_target_is_refused(
    anne, agreement_2018, english
):
    rows = revision_rows(agreement_2018)
    fill(rows, GUIDED_FIRMS, next_threshold=1500)

    assert row_messages(agreement_2018, anne, rows) == [above_parent(rows, "2,000", "1,500")]


def test_an_of_which_target_above_its_parents_revised_target_is_refused(
    anne, agreement_2018, english
):
    rows = revision_rows(agreement_2018)
    fill(rows, GUIDED_FIRMS, next_threshold=3000)
    fill(rows, GROWTH_MAPPING_FIRMS, next_threshold=3500)

    assert row_messages(agreement_2018, anne, rows) == [above_parent(rows, "3,500", "3,000")]


@pytest.mark.parametrize(
    ("guided", "mapped"), [(5000, 4500), (3000, 3000), (None, 4000), (1500, 1000)]
)
def test_an_of_which_target_up_to_its_parents_next_target_is_allowed(
    anne, agreement_2018, guided, mapped
):
    rows = revision_rows(agreement_2018)
    fill(rows, GUIDED_FIRMS, next_threshold=guided)
    fill(rows, GROWTH_MAPPING_FIRMS, next_threshold=mapped)

    revision = services.revision_upload(
        agreement=agreement_2018, user=anne, upload=upload(workbook_bytes(rows, year=2018))
    )
    draft = services.revision_apply(revision=revision, user=anne)

    thresholds = dict(draft.targets.values_list("code", "threshold"))
    assert thresholds[GUIDED_FIRMS] == (guided or 4000)
    assert thresholds[GROWTH_MAPPING_FIRMS] == mapped


def test_row_messages_for_thresholds_are_in_danish(anne, agreement_2018):
    rows = revision_rows(agreement_2018)
    fill(rows, "a.4a.growth-courses", next_threshold="2,5")
    fill(rows, GROWTH_MAPPING_FIRMS, next_threshold=4500)

    with translation.override("da"):
        messages = row_messages(agreement_2018, anne, rows)

    assert messages == [
        f"Række {row_number(rows, GROWTH_MAPPING_FIRMS)}, Mål 2019: 4.500 er mere end 4.000, "
        f"som er næste års måltal for {GUIDED_FIRMS} i række {row_number(rows, GUIDED_FIRMS)}: "
        "et heraf-mål kan ikke være større end det mål, det er en del af.",
        f"Række {row_number(rows, 'a.4a.growth-courses')}, Mål 2019: 2,5 kan ikke være "
        "måltallet: et måltal, der tæller aktiviteter eller virksomheder, er et helt tal fra 1 "
        "til 1.000.000.",
    ]
