"""The year-end revision: an administrator uploads the filled-in Revision sheet, sees what
changes, and confirms; next year's draft agreement is then this year's, revised.
"""

import io
import zipfile
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from agreement.models import Agreement
from core import spreadsheets
from goals.models import AgreementRevision, Goal, Target
from goals.revision import layout, services
from tests.goals.revision.revision_files import (
    drop,
    fill,
    revision_rows,
    row_number,
    tamper,
    upload,
    with_member,
    workbook_bytes,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
ROLES_REFUSED = ["hanne", "mads", "rikke", "stranger"]


@pytest.fixture
def english():
    with translation.override("en"):
        yield


def english_client(client):
    client.cookies["django_language"] = "en"
    return client


def filled_in(agreement):
    """Return the rows as the KKRs send them back: two targets raised, one comment alone."""
    rows = revision_rows(agreement)
    fill(rows, "a.2a.events", next_threshold=2, comment="To events i 2019.")
    fill(rows, "national.guided-firms", next_threshold="4.500")
    fill(rows, "b.b.international-activity", next_threshold="35 %", comment="Målt som i 2018.")
    fill(rows, "c.1.kommissorium", comment="Kommissoriet er på plads; ny milepæl i 2019.")
    return rows


def good_file(agreement):
    return upload(workbook_bytes(filled_in(agreement), year=agreement.year))


def refused(agreement, user, content, name="revision-2018.xlsx"):
    """Return the messages the upload is refused with; nothing is kept or created."""
    with pytest.raises(ValidationError) as refusal:
        services.revision_upload(agreement=agreement, user=user, upload=upload(content, name))
    assert not AgreementRevision.objects.exists()
    assert not Agreement.objects.filter(year=2019).exists()
    return refusal.value.message_dict


def row_messages(agreement, user, rows, *, year=None):
    content = workbook_bytes(rows, year=year or agreement.year)
    return refused(agreement, user, content)["rows"]


def file_messages(agreement, user, content, name="revision-2018.xlsx"):
    return refused(agreement, user, content, name)["file"]


# The good path: upload, preview, confirm.


def test_administrator_uploads_and_sees_what_changes(client_for, anne, agreement_2018):
    client = english_client(client_for(anne))

    response = client.post("/agreements/2018/revision/", {"file": good_file(agreement_2018)})

    revision = AgreementRevision.objects.get()
    assert response.status_code == 302
    assert response.url == f"/agreements/2018/revision/{revision.pk}/"
    assert revision.status == AgreementRevision.Status.PENDING
    assert revision.uploaded_by == anne
    assert revision.file_name == "revision-2018.xlsx"
    assert not Agreement.objects.filter(year=2019).exists()

    page = client.get(response.url).content.decode()
    assert "Preview of the agreement for 2019" in page
    assert '<dd class="col-sm-7 col-md-8" data-count="targets">26</dd>' in page
    assert '<dd class="col-sm-7 col-md-8" data-count="changed">3</dd>' in page
    assert '<dd class="col-sm-7 col-md-8" data-count="unchanged">23</dd>' in page
    assert '<dd class="col-sm-7 col-md-8" data-count="comments">3</dd>' in page
    events = page[page.index('data-target="a.2a.events"') :]
    events = events[: events.index("</tr>")]
    assert "table-warning" in events
    assert "<strong>2</strong>" in events and "Changed" in events
    assert "To events i 2019." in events
    guided = page[page.index('data-target="national.guided-firms"') :]
    assert "<strong>4,500</strong>" in guided[: guided.index("</tr>")]
    programmes = page[page.index('data-target="a.4c.programmes"') :]
    programmes = programmes[: programmes.index("</tr>")]
    assert "<strong>1</strong>" in programmes and "Unchanged" in programmes
    assert f'action="/agreements/2018/revision/{revision.pk}/confirm/"' in page


def test_the_preview_reads_the_kept_rows_not_the_file(client_for, anne, agreement_2018):
    client = client_for(anne)
    client.post("/agreements/2018/revision/", {"file": good_file(agreement_2018)})
    revision = AgreementRevision.objects.get()

    row = next(row for row in revision.rows if row["code"] == "a.2a.events")
    assert row == {
        "row": row["row"],
        "code": "a.2a.events",
        "threshold": "1.00",
        "value": "3",
        "next_threshold": "2.00",
        "comment": "To events i 2019.",
    }


def test_confirm_creates_next_years_draft_with_the_same_structure(client_for, anne, agreement_2018):
    client = english_client(client_for(anne))
    client.post("/agreements/2018/revision/", {"file": good_file(agreement_2018)})
    revision = AgreementRevision.objects.get()

    response = client.post(f"/agreements/2018/revision/{revision.pk}/confirm/")

    assert response.status_code == 302
    assert response.url == f"/agreements/2018/revision/{revision.pk}/"
    draft = Agreement.objects.get(year=2019)
    assert draft.title == "Regional aftale 2019"
    assert draft.status == Agreement.Status.DRAFT
    assert draft.period_start == date(2019, 1, 1)
    assert draft.period_end == date(2019, 12, 31)
    assert draft.continues == agreement_2018
    assert draft.agreed_on is None
    assert draft.description == agreement_2018.description
    assert set(draft.parties.all()) == set(agreement_2018.parties.all())
    assert [
        (f.key, f.text, f.value, f.unit, f.position) for f in draft.reference_figures.all()
    ] == [
        (f.key, f.text, f.value, f.unit, f.position) for f in agreement_2018.reference_figures.all()
    ]
    assert [(a.code, a.title, a.description, a.position) for a in draft.focus_areas.all()] == [
        (a.code, a.title, a.description, a.position) for a in agreement_2018.focus_areas.all()
    ]

    def goals(agreement):
        return [
            (
                goal.focus_area.code,
                goal.parent and goal.parent.code,
                goal.code,
                goal.number,
                goal.title,
                goal.text,
                goal.effect,
                goal.position,
            )
            for goal in Goal.objects.filter(focus_area__agreement=agreement)
            .select_related("focus_area", "parent")
            .order_by("position")
        ]

    assert goals(draft) == goals(agreement_2018)
    assert len(goals(draft)) == 16
    assert Goal.objects.filter(focus_area__agreement=draft, parent__isnull=False).count() == 6

    compared = [
        "code",
        "kind",
        "text",
        "unit",
        "goal_activities_only",
        "sum_quantity",
        "condition",
        "house_id",
        "weight",
        "scored",
        "position",
    ]

    def targets(agreement):
        return {
            target.code: target
            for target in Target.objects.filter(agreement=agreement).prefetch_related(
                "activity_types"
            )
        }

    before, after = targets(agreement_2018), targets(draft)
    assert after.keys() == before.keys()
    assert len(after) == 26
    for code, old in before.items():
        new = after[code]
        assert {field: getattr(new, field) for field in compared} == {
            field: getattr(old, field) for field in compared
        }
        assert set(new.activity_types.all()) == set(old.activity_types.all())
        assert (new.goal and new.goal.code) == (old.goal and old.goal.code)
        assert new.goal is None or new.goal.focus_area.agreement == draft
        assert (new.parent and new.parent.code) == (old.parent and old.parent.code)
        assert new.parent is None or new.parent.agreement == draft

    assert after["a.2a.events"].threshold == Decimal(2)
    assert after["national.guided-firms"].threshold == Decimal(4500)
    assert after["b.b.international-activity"].threshold == Decimal(35)
    assert after["a.4c.programmes"].threshold == Decimal(1)
    assert after["a.1.collaborations"].threshold is None
    assert after["a.2a.events"].revision_comment == "To events i 2019."
    assert (
        after["c.1.kommissorium"].revision_comment == "Kommissoriet er på plads; ny milepæl i 2019."
    )
    assert after["a.4c.programmes"].revision_comment == ""
    # This year's agreement stays as it was.
    assert before["a.2a.events"].threshold == Decimal(1)
    assert before["a.2a.events"].revision_comment == ""

    revision.refresh_from_db()
    assert revision.status == AgreementRevision.Status.APPLIED
    assert revision.created_agreement == draft
    assert revision.applied_by == anne
    assert {record.history_user for record in after["a.2a.events"].history.all()} == {anne}

    page = client.get(response.url).content.decode()
    assert (
        "Regional aftale 2019 is created as a draft: 3 focus areas, 16 goals and 26 targets."
        in page
    )
    assert "Targets changed: 3. Comments kept: 3." in page
    assert 'href="/agreements/2019/"' in page


def test_the_kept_comment_shows_on_the_new_agreements_page(client_for, anne, agreement_2018):
    revision = services.revision_upload(
        agreement=agreement_2018, user=anne, upload=good_file(agreement_2018)
    )
    services.revision_apply(revision=revision, user=anne)

    page = english_client(client_for(anne)).get("/agreements/2019/").content.decode()

    events = page[page.index('data-target="a.2a.events"') :]
    events = events[: events.index("</li>")]
    assert "Comment from the revision:" in events
    assert "To events i 2019." in events
    assert (
        "Comment from the revision:"
        not in client_for(anne).get("/agreements/2018/").content.decode()
    )


def test_confirming_twice_creates_one_draft(client_for, anne, agreement_2018):
    client = english_client(client_for(anne))
    client.post("/agreements/2018/revision/", {"file": good_file(agreement_2018)})
    revision = AgreementRevision.objects.get()
    client.post(f"/agreements/2018/revision/{revision.pk}/confirm/")

    response = client.post(f"/agreements/2018/revision/{revision.pk}/confirm/", follow=True)

    assert Agreement.objects.filter(year=2019).count() == 1
    assert "This revision is already applied." in response.content.decode()


def test_a_second_upload_cannot_be_applied_once_the_first_is(anne, agreement_2018, english):
    first = services.revision_upload(
        agreement=agreement_2018, user=anne, upload=good_file(agreement_2018)
    )
    second = services.revision_upload(
        agreement=agreement_2018, user=anne, upload=good_file(agreement_2018)
    )
    services.revision_apply(revision=first, user=anne)

    with pytest.raises(ValidationError) as refusal:
        services.revision_apply(revision=second, user=anne)

    assert refusal.value.messages == [
        "Regional aftale 2019 already exists, so Regional aftale 2018 cannot be revised into a "
        "new draft. Change Regional aftale 2019 itself, or delete it in the admin to revise again."
    ]
    assert Agreement.objects.filter(year=2019).count() == 1
    second.refresh_from_db()
    assert second.status == AgreementRevision.Status.PENDING


def test_a_revision_of_an_agreement_changed_since_the_upload_is_not_applied(
    client_for, anne, agreement_2018
):
    revision = services.revision_upload(
        agreement=agreement_2018, user=anne, upload=good_file(agreement_2018)
    )
    Target.objects.filter(agreement=agreement_2018, code="a.4c.programmes").update(threshold=3)
    client = english_client(client_for(anne))

    page = client.get(f"/agreements/2018/revision/{revision.pk}/").content.decode()
    assert "The targets of Regional aftale 2018 have changed since the file was uploaded." in page
    assert "/confirm/" not in page

    response = client.post(f"/agreements/2018/revision/{revision.pk}/confirm/", follow=True)
    assert "have changed since the file was uploaded" in response.content.decode()
    assert not Agreement.objects.filter(year=2019).exists()


def test_upload_is_refused_when_next_years_agreement_exists(client_for, anne, agreement_2018):
    revision = services.revision_upload(
        agreement=agreement_2018, user=anne, upload=good_file(agreement_2018)
    )
    services.revision_apply(revision=revision, user=anne)
    client = english_client(client_for(anne))

    page = client.get("/agreements/2018/revision/").content.decode()
    assert "Regional aftale 2019 already exists" in page
    assert 'type="file"' not in page

    response = client.post("/agreements/2018/revision/", {"file": good_file(agreement_2018)})
    assert response.status_code == 200
    assert AgreementRevision.objects.count() == 1
    with pytest.raises(ValidationError) as refusal:
        services.revision_upload(
            agreement=agreement_2018, user=anne, upload=good_file(agreement_2018)
        )
    assert refusal.value.code == "exists"


def test_an_empty_next_year_target_keeps_this_years(anne, agreement_2018):
    rows = revision_rows(agreement_2018)
    revision = services.revision_upload(
        agreement=agreement_2018,
        user=anne,
        upload=upload(workbook_bytes(rows, year=2018)),
    )

    draft = services.revision_apply(revision=revision, user=anne)

    assert {t.code: t.threshold for t in draft.targets.all()} == {
        t.code: t.threshold for t in agreement_2018.targets.all()
    }


@pytest.mark.parametrize(
    ("written", "stored"),
    [(250, "250.00"), ("1.250", "1250.00"), ("2,5", "2.50"), (7.5, "7.50"), (" 12 ", "12.00")],
)
def test_next_year_target_is_read_as_danish_spreadsheets_write_it(
    anne, agreement_2018, written, stored
):
    rows = revision_rows(agreement_2018)
    fill(rows, "a.4a.growth-courses", next_threshold=written)

    revision = services.revision_upload(
        agreement=agreement_2018, user=anne, upload=upload(workbook_bytes(rows, year=2018))
    )

    row = next(row for row in revision.rows if row["code"] == "a.4a.growth-courses")
    assert row["next_threshold"] == stored


def test_headers_of_the_workbook_in_either_language_are_read(anne, agreement_2018):
    for language in ("da", "en"):
        with translation.override(language):
            headers = layout.headers(2018)
        content = workbook_bytes(revision_rows(agreement_2018), year=2018, headers=headers)
        services.revision_upload(agreement=agreement_2018, user=anne, upload=upload(content))

    assert AgreementRevision.objects.count() == 2


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


def test_a_workbook_of_another_year_is_refused_by_its_headers(anne, agreement_2018, english):
    content = workbook_bytes(revision_rows(agreement_2018, signed_for=2017), year=2017)

    assert file_messages(agreement_2018, anne, content) == [
        "Row 1: the headers are not those of the workbook of Regional aftale 2018: column F says "
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
        f"Row {len(rows) + 1}, Code: target {rows[3]['code']} is also in row "
        f"{layout.FIRST_ROW + 3}; keep one row per target."
    ]


def test_a_row_without_a_code(anne, agreement_2018, english):
    rows = revision_rows(agreement_2018)
    rows.append({column.key: None for column in layout.COLUMNS} | {"text": "Nyt mål"})

    assert row_messages(agreement_2018, anne, rows) == [
        f"Row {len(rows) + 1}, Code: the code is empty. The revision changes the agreement's "
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


# Wrong values in the open columns.


@pytest.mark.parametrize(
    ("code", "written", "message"),
    [
        ("a.4a.growth-courses", "mange", "write a number, e.g. 5"),
        ("a.1.collaborations", "mange", "write a number, e.g. 250"),
        ("b.b.international-activity", "en del", "write a number, e.g. 25"),
        ("a.4a.growth-courses", -1, "the target cannot be negative."),
        ("a.4a.growth-courses", "-2,5", "the target cannot be negative."),
        (
            "b.d.international-sales",
            120,
            "120 is more than 100; a percentage is at most 100.",
        ),
        (
            "a.3a.interreg-application",
            1,
            "a target of the kind milestone has no threshold; leave the cell empty and write in "
            "the comment what should change.",
        ),
        (
            "b.e.cooperation",
            "3",
            "a target of the kind qualitative has no threshold; leave the cell empty and write in "
            "the comment what should change.",
        ),
        ("a.4a.growth-courses", 2.555, "write the number with at most two decimals, e.g. 2,5."),
        ("a.4a.growth-courses", "1e12", "1,000,000,000,000 is too large."),
        ("a.4a.growth-courses", True, "write a number, e.g. 5"),
    ],
)
def test_a_wrong_next_year_target_gets_its_row_message(
    anne, agreement_2018, english, code, written, message
):
    rows = revision_rows(agreement_2018)
    fill(rows, code, next_threshold=written)

    assert row_messages(agreement_2018, anne, rows) == [
        f"Row {row_number(rows, code)}, Target 2019: {message}"
    ]


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


# Hostile and wrong files.


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"Kode;Maal 2019\r\na.2a.events;2\r\n", "revision-2018.xlsx"),
        (PDF, "revision-2018.xlsx"),
        (PDF, "revision-2018.pdf"),
    ],
)
def test_a_file_that_is_not_a_workbook_is_refused(anne, agreement_2018, english, content, name):
    assert file_messages(agreement_2018, anne, content, name) == [
        f"{name} is not an Excel workbook (.xlsx)."
    ]


def test_a_word_document_renamed_xlsx_is_refused(anne, agreement_2018, english):
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w") as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("word/document.xml", b"<w/>")

    assert file_messages(agreement_2018, anne, packed.getvalue()) == [
        "revision-2018.xlsx is not an Excel workbook (.xlsx)."
    ]


def test_an_old_excel_file_is_refused(anne, agreement_2018, english):
    assert file_messages(agreement_2018, anne, OLE2) == [
        "revision-2018.xlsx is an old Excel file (.xls) or a workbook with a password. Save it "
        "as an Excel workbook (.xlsx) without a password."
    ]


def test_a_damaged_workbook_is_refused(anne, agreement_2018, english):
    content = workbook_bytes(revision_rows(agreement_2018), year=2018)[:-300]

    assert file_messages(agreement_2018, anne, content) == [
        "revision-2018.xlsx could not be read as an Excel workbook; it may be damaged. Save it "
        "again from Excel."
    ]


def test_a_file_over_the_size_limit_is_refused(anne, agreement_2018, english, settings):
    settings.REVISION_MAX_FILE_SIZE = 100
    content = workbook_bytes(revision_rows(agreement_2018), year=2018)

    (message,) = file_messages(agreement_2018, anne, content)

    assert message.startswith("revision-2018.xlsx is ")
    assert message.endswith("; a workbook may be at most 100\xa0bytes.")


def test_the_size_limit_comes_from_the_environment():
    from django.conf import settings

    assert settings.REVISION_MAX_FILE_SIZE == 10 * 1024 * 1024


def never_parsed(monkeypatch):
    def never(*args, **kwargs):
        raise AssertionError("openpyxl must not open a zip bomb")

    monkeypatch.setattr(openpyxl, "load_workbook", never)


def test_a_zip_bomb_is_refused_before_parsing(anne, agreement_2018, english, monkeypatch):
    content = workbook_bytes(revision_rows(agreement_2018), year=2018)
    bomb = with_member(content, "xl/media/image1.png", b"\0" * (20 * 1024 * 1024))
    never_parsed(monkeypatch)

    assert len(bomb) < 10 * 1024 * 1024
    assert file_messages(agreement_2018, anne, bomb) == [
        "revision-2018.xlsx is packed more tightly than any spreadsheet, as a zip bomb is. It is "
        "refused."
    ]


def test_a_workbook_that_unpacks_too_far_is_refused_before_parsing(
    anne, agreement_2018, english, monkeypatch
):
    content = workbook_bytes(revision_rows(agreement_2018), year=2018)
    monkeypatch.setattr(spreadsheets, "MAX_UNCOMPRESSED_SIZE", 1024)
    never_parsed(monkeypatch)

    (message,) = file_messages(agreement_2018, anne, content)

    assert message.startswith("revision-2018.xlsx would unpack to ")
    assert message.endswith(", more than the 1.0\xa0KB a workbook may unpack to.")


def test_an_xml_bomb_is_refused(anne, agreement_2018, english):
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row>'
        b"</sheetData></worksheet>"
    )
    content = workbook_bytes(revision_rows(agreement_2018), year=2018)
    source = zipfile.ZipFile(io.BytesIO(content))
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w") as archive:
        for item in source.infolist():
            data = source.read(item.filename)
            archive.writestr(item, bomb if item.filename == "xl/worksheets/sheet2.xml" else data)

    assert file_messages(agreement_2018, anne, packed.getvalue()) == [
        "revision-2018.xlsx could not be read as an Excel workbook; it may be damaged. Save it "
        "again from Excel."
    ]


def test_openpyxl_parses_with_defusedxml():
    assert openpyxl.DEFUSEDXML is True


def test_the_upload_page_shows_a_refused_file_and_the_rows_to_correct(
    client_for, anne, agreement_2018
):
    rows = revision_rows(agreement_2018)
    fill(rows, "a.4a.growth-courses", next_threshold="mange")
    client = english_client(client_for(anne))

    response = client.post(
        "/agreements/2018/revision/", {"file": upload(workbook_bytes(rows, year=2018))}
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Nothing is saved: correct the rows listed below in the workbook" in page
    assert (
        f"Row {row_number(rows, 'a.4a.growth-courses')}, Target 2019: write a number, e.g. 5"
        in page
    )
    assert not AgreementRevision.objects.exists()

    response = client.post("/agreements/2018/revision/", {"file": upload(PDF, "aftale.pdf")})
    assert "aftale.pdf is not an Excel workbook (.xlsx)." in response.content.decode()


def test_an_upload_without_a_file_asks_for_one(client_for, anne):
    response = client_for(anne).post("/agreements/2018/revision/", {})

    page = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="da">' in page
    assert not AgreementRevision.objects.exists()


def test_an_upload_without_a_file_asks_for_one_in_english(client_for, anne):
    response = english_client(client_for(anne)).post("/agreements/2018/revision/", {})

    assert "Choose the filled-in workbook to upload." in response.content.decode()


# Language.


def test_row_messages_are_danish_by_default(client_for, anne, agreement_2018):
    rows = revision_rows(agreement_2018)
    fill(rows, "a.4a.growth-courses", next_threshold="mange")

    response = client_for(anne).post(
        "/agreements/2018/revision/", {"file": upload(workbook_bytes(rows, year=2018))}
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
        "/agreements/2018/revision/", {"file": upload(workbook_bytes(rows, year=2018))}
    )

    page = response.content.decode()
    assert '<html lang="en">' in page
    assert (
        f"Row {row_number(rows, 'b.d.international-sales')}, Target 2019: 150 is more than 100; "
        "a percentage is at most 100."
    ) in page


# Who may revise.


def test_administrator_sees_the_revise_button(client_for, anne):
    page = client_for(anne).get("/agreements/2018/").content.decode()

    assert 'href="/agreements/2018/revision/"' in page


@pytest.mark.parametrize("name", ["hanne", "mads", "rikke"])
def test_others_do_not_see_the_revise_button(client_for, person, name):
    page = client_for(person(name)).get("/agreements/2018/").content.decode()

    assert "/revision/" not in page


@pytest.fixture
def pending_revision(anne, agreement_2018):
    return services.revision_upload(
        agreement=agreement_2018, user=anne, upload=good_file(agreement_2018)
    )


def pages(revision):
    base = "/agreements/2018/revision/"
    return {
        "upload": ("get", base, {}),
        "upload_post": ("post", base, {}),
        "preview": ("get", f"{base}{revision.pk}/", {}),
        "confirm": ("post", f"{base}{revision.pk}/confirm/", {}),
    }


@pytest.mark.parametrize("page", ["upload", "upload_post", "preview", "confirm"])
@pytest.mark.parametrize("name", ROLES_REFUSED)
def test_only_an_administrator_revises(client_as, pending_revision, page, name):
    method, url, data = pages(pending_revision)[page]

    response = getattr(client_as(name), method)(url, data)

    assert response.status_code == 403
    assert not Agreement.objects.filter(year=2019).exists()


@pytest.mark.parametrize("page", ["upload", "upload_post", "preview", "confirm"])
def test_anonymous_is_sent_to_the_login(client_as, pending_revision, page):
    method, url, data = pages(pending_revision)[page]

    response = getattr(client_as(None), method)(url, data)

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/?next=")
    assert not Agreement.objects.filter(year=2019).exists()


@pytest.mark.parametrize(
    ("page", "status"), [("upload", 200), ("upload_post", 200), ("preview", 200), ("confirm", 302)]
)
def test_administrator_opens_every_revision_page(client_as, pending_revision, page, status):
    method, url, data = pages(pending_revision)[page]

    response = getattr(client_as("anne"), method)(url, data)

    assert response.status_code == status


def test_a_superuser_without_a_role_revises(client_for, stranger):
    stranger.is_superuser = True
    stranger.save()

    assert client_for(stranger).get("/agreements/2018/revision/").status_code == 200


def test_a_revision_is_found_under_its_own_agreements_year(client_for, anne, pending_revision):
    response = client_for(anne).get(f"/agreements/2017/revision/{pending_revision.pk}/")

    assert response.status_code == 404


def test_the_preview_is_not_confirmed_by_a_get(client_for, anne, pending_revision):
    response = client_for(anne).get(f"/agreements/2018/revision/{pending_revision.pk}/confirm/")

    assert response.status_code == 405
    assert not Agreement.objects.filter(year=2019).exists()


def test_next_title_moves_the_year_on(agreement_2018):
    assert services.next_title(agreement_2018) == "Regional aftale 2019"
    agreement_2018.title = "Regional aftale"
    assert services.next_title(agreement_2018) == "Regional aftale 2019"
    agreement_2018.title = "Aftale 20180 for 2018"
    assert services.next_title(agreement_2018) == "Aftale 20180 for 2019"


def test_a_sheet_with_too_many_rows_is_refused(anne, agreement_2018, english, monkeypatch):
    from goals.revision import reading

    monkeypatch.setattr(reading, "MAX_ROWS", 10)
    content = workbook_bytes(revision_rows(agreement_2018), year=2018)

    assert file_messages(agreement_2018, anne, content) == [
        "The Revision sheet of revision-2018.xlsx has more than 10 rows."
    ]
