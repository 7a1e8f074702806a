"""Revision sheets whose rows are refused: rows changed outside the open columns or
from elsewhere, and wrong values in the open columns; each named by its row, in the
user's language."""

import html

import pytest
from django.utils import translation

from goals.models import Target
from goals.revision import layout, services
from tests.goals.revision.revision_files import (
    drop,
    fill,
    revision_rows,
    row_number,
    row_of,
    tamper,
    upload,
    workbook_bytes,
)
from tests.goals.revision.uploads import english_client, file_messages, row_messages

pytestmark = pytest.mark.django_db


# Rows changed outside the open columns, or from elsewhere.


def test_a_changed_code_is_refused(anne, agreement_2018, english):
    rows = revision_rows(agreement_2018)
    tamper(rows, "a.2a.events", code="a.2a.arrangementer")

    messages = row_messages(agreement_2018, anne, rows)

    assert messages == [
        f"Row {layout.FIRST_ROW + 4}, Code: a.2a.arrangementer is not a target of Regional aftale "
        "2018. A row's code cannot be changed, and a new target is described in the comment of a "
        "target it is near.",
        "Target a.2a.events (Understøtning af min. én stor event i Greater Copenhagen, som er "
        "international …) is not in the file. The Revision sheet has a row for each target of the "
        "agreement; download the workbook again.",
    ]


TAMPERED = (
    "the row was changed outside the columns Target 2019 and Comment, or it comes from "
    "another year's workbook. Copy the row again from the workbook as it was downloaded, and "
    "fill in only those two columns."
)


def test_a_code_changed_to_another_targets_is_refused(anne, agreement_2018, english):
    rows = revision_rows(agreement_2018)
    tamper(rows, "a.1.collaborations", code="a.1.cooperation")

    messages = row_messages(agreement_2018, anne, rows)

    assert messages[0] == (
        f"Row {row_number(rows, 'a.1.cooperation') + 1}, Code: target a.1.cooperation is also in "
        f"row {row_number(rows, 'a.1.cooperation')}; keep one row per target."
    )
    assert any("a.1.collaborations" in message for message in messages)


def test_a_changed_threshold_in_the_locked_column_is_refused(anne, agreement_2018, english):
    rows = revision_rows(agreement_2018)
    tamper(rows, "a.4a.growth-courses", threshold=3)

    messages = row_messages(agreement_2018, anne, rows)

    assert messages == [f"Row {row_number(rows, 'a.4a.growth-courses')}: {TAMPERED}"]


def test_a_row_from_another_years_workbook_is_refused(anne, agreement_2018, english):
    rows = revision_rows(agreement_2018)
    rows_2017 = revision_rows(agreement_2018, signed_for=2017)
    index = rows.index(next(row for row in rows if row["code"] == "b.c.capital-events"))
    rows[index] = rows_2017[index]

    messages = row_messages(agreement_2018, anne, rows)

    assert messages == [f"Row {index + layout.FIRST_ROW}: {TAMPERED}"]


def test_a_check_column_emptied_is_refused(anne, agreement_2018, english):
    rows = revision_rows(agreement_2018)
    tamper(rows, "c.1.press", check=None)

    assert row_messages(agreement_2018, anne, rows) == [
        f"Row {row_number(rows, 'c.1.press')}: {TAMPERED}"
    ]


EDITED = (
    "not as in the agreement. Only Target 2019 and Comment are filled in; write in the comment "
    "what should change. Copy the row again from the workbook as it was downloaded, or "
    "download the workbook again if the agreement has changed since."
)


@pytest.mark.parametrize(
    ("column", "written"),
    [
        pytest.param(layout.FOCUS_AREA, "b", id="focus area"),
        pytest.param(layout.GOAL, "4b", id="goal"),
        pytest.param(layout.TEXT, "Mindst 8 vækstforløb i det andet væksthus", id="target text"),
        pytest.param(layout.TEXT, None, id="target text emptied"),
        pytest.param(layout.KIND, "Milestone", id="kind"),
        pytest.param(layout.KIND, "Milepæl", id="kind in Danish"),
    ],
)
def test_an_edited_locked_cell_is_refused_for_its_row(
    anne, agreement_2018, english, column, written
):
    rows = revision_rows(agreement_2018)
    tamper(rows, "a.4a.growth-courses", **{column.key: written})
    header = layout.headers(2018)[layout.COLUMNS.index(column)]

    assert row_messages(agreement_2018, anne, rows) == [
        f"Row {row_number(rows, 'a.4a.growth-courses')}: {header} is {EDITED}"
    ]


def test_each_row_with_edited_locked_cells_gets_one_message_naming_them(
    anne, agreement_2018, english
):
    rows = revision_rows(agreement_2018)
    tamper(rows, "a.2a.events", text="Mindst to events", kind="Distinct firms")
    tamper(rows, "national.guided-firms", focus_area="a", goal="1")
    fill(rows, "a.2a.events", next_threshold=2)

    assert row_messages(agreement_2018, anne, rows) == [
        f"Row {row_number(rows, 'national.guided-firms')}: Focus area and Goal are {EDITED}",
        f"Row {row_number(rows, 'a.2a.events')}: Target and Kind are {EDITED}",
    ]


def test_edited_locked_cells_are_named_in_danish(anne, agreement_2018):
    with translation.override("da"):
        rows = revision_rows(agreement_2018)
        tamper(rows, "a.2a.events", text="Mindst to events", kind="Milepæl")

        messages = row_messages(agreement_2018, anne, rows)

    assert messages == [
        f"Række {row_number(rows, 'a.2a.events')}: Måltal og Type er ikke som i aftalen. Kun "
        "Mål 2019 og Kommentar udfyldes; skriv i kommentaren, hvad der skal ændres. Kopiér "
        "rækken igen fra regnearket, som det blev hentet, eller hent regnearket igen, hvis "
        "aftalen er ændret siden."
    ]


def test_locked_cells_as_either_language_writes_them_are_read(anne, agreement_2018):
    rows = revision_rows(agreement_2018)
    with translation.override("da"):
        danish = revision_rows(agreement_2018)
    # A workbook downloaded in Danish, uploaded by someone who chose English, and back.
    for index in (0, 5, 20):
        rows[index].update(kind=danish[index]["kind"], focus_area=danish[index]["focus_area"])
    events = row_of(rows, "a.2a.events")
    events["text"] = f"  {events['text'].replace(' ', '  ')}\n"  # spaces are not edits

    with translation.override("en"):
        revision = services.revision_upload(
            agreement=agreement_2018, user=anne, upload=upload(workbook_bytes(rows, year=2018))
        )

    assert len(revision.rows) == len(rows)


@pytest.mark.parametrize(
    "edits",
    [
        pytest.param({"value": 4000}, id="value"),
        pytest.param({"percentage": 1.5}, id="percentage"),
        pytest.param({"status": "Opfyldt"}, id="status"),
    ],
)
def test_edits_to_this_years_progress_are_ignored_and_the_pages_say_so(
    client_for, anne, agreement_2018, edits
):
    rows = revision_rows(agreement_2018)
    tamper(rows, "a.2a.events", **edits)
    client = english_client(client_for(anne))
    ignored = (
        "Value 2018, Percentage and Status are this year's progress as the workbook was "
        "downloaded; progress moves on as work is logged, so the upload does not check them, "
        "and changes made to them are ignored."
    )

    assert ignored in html.unescape(client.get("/agreements/2018/revision/").content.decode())
    response = client.post(
        "/agreements/2018/revision/", {"file": upload(workbook_bytes(rows, year=2018))}
    )

    assert response.status_code == 302
    page = html.unescape(client.get(response.url, follow=True).content.decode())
    assert f"{ignored} The values below are the workbook's." in page


def test_a_workbook_of_another_year_is_refused_by_its_headers(anne, agreement_2018, english):
    content = workbook_bytes(revision_rows(agreement_2018, signed_for=2017), year=2017)

    assert file_messages(agreement_2018, anne, content) == [
        f"Row {layout.HEADER_ROW}: the headers are not those of the workbook of Regional aftale 2018: column F says "
        "“Target 2017”, not “Target 2018”. Download the workbook of Regional aftale 2018 again "
        "and fill it in."
    ]


def test_a_workbook_without_the_revision_sheet_is_refused(anne, agreement_2018, english):
    content = workbook_bytes(revision_rows(agreement_2018), year=2018, sheet_title="Ark1")

    assert file_messages(agreement_2018, anne, content) == [
        "revision-2018.xlsx has no sheet named Revision. Upload the year-end workbook with its "
        "Revision sheet filled in."
    ]


def test_a_target_missing_from_the_file(anne, agreement_2018, english):
    rows = revision_rows(agreement_2018)
    drop(rows, "b.e.cases")

    assert row_messages(agreement_2018, anne, rows) == [
        "Target b.e.cases (Gerne illustreret via konkrete cases.) is not in the file. The "
        "Revision sheet has a row for each target of the agreement; download the workbook again."
    ]


def test_a_target_twice_in_the_file(anne, agreement_2018, english):
    rows = revision_rows(agreement_2018)
    rows.append(dict(rows[3]))

    assert row_messages(agreement_2018, anne, rows) == [
        f"Row {layout.FIRST_ROW + len(rows) - 1}, Code: target {rows[3]['code']} is also in row "
        f"{layout.FIRST_ROW + 3}; keep one row per target."
    ]


def test_a_row_without_a_code(anne, agreement_2018, english):
    rows = revision_rows(agreement_2018)
    rows.append({column.key: None for column in layout.COLUMNS} | {"text": "Nyt mål"})

    assert row_messages(agreement_2018, anne, rows) == [
        f"Row {layout.FIRST_ROW + len(rows) - 1}, Code: the code is empty. The revision changes the agreement's "
        "targets; a new target is described in the comment of a target it is near."
    ]


def test_the_threshold_changed_since_the_download(anne, agreement_2018, english):
    rows = revision_rows(agreement_2018)
    Target.objects.filter(agreement=agreement_2018, code="a.4c.programmes").update(threshold=2)

    assert row_messages(agreement_2018, anne, rows) == [
        f"Row {row_number(rows, 'a.4c.programmes')}, Target 2018: the agreement's threshold is "
        "now 2, not 1 as in the workbook; it was changed after the workbook was downloaded. "
        "Download the workbook again."
    ]


# Wrong values in the open columns (next year's targets: test_revision_thresholds.py).


def test_a_comment_over_the_limit(anne, agreement_2018, english):
    rows = revision_rows(agreement_2018)
    fill(rows, "c.1.analyses", comment="x" * 2001)

    assert row_messages(agreement_2018, anne, rows) == [
        f"Row {row_number(rows, 'c.1.analyses')}, Comment: the comment is 2,001 characters long; "
        "it may be at most 2,000."
    ]


def test_every_wrong_row_is_named_at_once(anne, agreement_2018, english):
    rows = revision_rows(agreement_2018)
    fill(rows, "a.4a.growth-courses", next_threshold="mange")
    fill(rows, "b.d.international-sales", next_threshold=101)
    tamper(rows, "c.1.press", threshold=9)

    messages = row_messages(agreement_2018, anne, rows)

    assert [message.split(":")[0] for message in messages] == [
        f"Row {row_number(rows, 'a.4a.growth-courses')}, Target 2019",
        f"Row {row_number(rows, 'b.d.international-sales')}, Target 2019",
        f"Row {row_number(rows, 'c.1.press')}",
    ]


# Language.


def test_row_messages_are_danish_by_default(client_for, anne, agreement_2018):
    rows = revision_rows(agreement_2018)
    fill(rows, "a.4a.growth-courses", next_threshold="mange")

    response = client_for(anne).post(
        "/agreements/2018/revision/", {"file": upload(workbook_bytes(rows, year=2018))}, follow=True
    )

    page = response.content.decode()
    assert '<html lang="da">' in page
    assert f"Række {row_number(rows, 'a.4a.growth-courses')}, " in page


def test_row_messages_are_english_when_english_is_chosen(client_for, anne, agreement_2018):
    rows = revision_rows(agreement_2018)
    fill(rows, "b.d.international-sales", next_threshold=150)
    client = client_for(anne)
    client.post("/i18n/setlang/", {"language": "en"})

    response = client.post(
        "/agreements/2018/revision/", {"file": upload(workbook_bytes(rows, year=2018))}, follow=True
    )

    page = response.content.decode()
    assert '<html lang="en">' in page
    assert (
        f"Row {row_number(rows, 'b.d.international-sales')}, Target 2019: 150 cannot be the "
        "target: a percentage is a number from 0 to 100 with at most two decimals."
    ) in page
