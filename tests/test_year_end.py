"""The year end as the KKRs go through it: the workbook out, its Revision sheet filled in,
back in as next year's draft agreement."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from agreement.models import Agreement
from goals.models import Target
from goals.revision import layout
from reporting.models import Activity
from reporting.rollups import services as rollups
from reporting.workbook.writer import write_workbook
from tests.factories import make_activity

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def revision_read_at_once(tasks_at_commit_run_at_once, settings, tmp_path):
    """Read an uploaded revision in Celery's task as soon as it is kept."""
    settings.MEDIA_ROOT = tmp_path


def fill_in(workbook_bytes, answers, *, edits=None):
    """Write next year's targets and comments into the Revision sheet, as a KKR would;
    `edits` (code: {column: value}) change other cells, as one who lifts the protection."""
    workbook = openpyxl.load_workbook(io.BytesIO(workbook_bytes))
    sheet = workbook[layout.SHEET_TITLE]
    for row in sheet.iter_rows(min_row=layout.FIRST_ROW):
        code = row[layout.CODE.number - 1].value
        if code in answers:
            next_threshold, comment = answers[code]
            row[layout.NEXT_THRESHOLD.number - 1].value = next_threshold
            row[layout.COMMENT.number - 1].value = comment
        for column, value in (edits or {}).get(code, {}).items():
            row[column.number - 1].value = value
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_workbooks_revision_sheet_becomes_next_years_draft(
    client_for, anne, hanne, agreement_2018, language
):
    make_activity(author=hanne, status=Activity.Status.APPROVED)
    rollups.rollup_full(agreement_2018)
    exported = io.BytesIO()
    write_workbook(agreement_2018, exported, language=language)
    filled = fill_in(
        exported.getvalue(),
        {
            "a.4a.growth-courses": (8, "Flere forløb på tværs i 2019."),
            "national.guided-firms": (None, "Uændret: det nationale mål."),
        },
    )

    client = client_for(anne)
    upload = SimpleUploadedFile("revision.xlsx", filled)
    preview = client.post("/agreements/2018/revision/", {"file": upload}, follow=True)
    assert preview.status_code == 200
    revision = preview.context["revision"]
    confirmed = client.post(f"/agreements/2018/revision/{revision.pk}/confirm/", follow=True)

    assert confirmed.status_code == 200
    draft = Agreement.objects.get(year=2019)
    assert draft.status == Agreement.Status.DRAFT
    assert draft.continues == agreement_2018
    courses = Target.objects.get(agreement=draft, code="a.4a.growth-courses")
    assert courses.threshold == 8
    assert courses.revision_comment == "Flere forløb på tværs i 2019."
    guided = Target.objects.get(agreement=draft, code="national.guided-firms")
    assert guided.threshold == 4000
    assert guided.revision_comment == "Uændret: det nationale mål."
    assert draft.targets.count() == agreement_2018.targets.count()


@pytest.mark.parametrize(
    ("answers", "edits", "refusal"),
    [
        pytest.param(
            {"a.4a.growth-courses": (0, "")},
            {},
            "Target 2019: 0 cannot be the target",
            id="a count of zero",
        ),
        pytest.param(
            {"national.growth-mappings": (4500, "")},
            {},
            "Target 2019: 4,500 is more than 4,000",
            id="of which above its parent",
        ),
        pytest.param(
            {},
            {"a.4a.growth-courses": {layout.TEXT: "Mindst 8 vækstforløb"}},
            ": Target is not as in the agreement.",
            id="an edited target text",
        ),
        pytest.param(
            {},
            {"a.2a.events": {layout.KIND: "Milestone"}},
            ": Kind is not as in the agreement.",
            id="an edited kind",
        ),
    ],
)
def test_the_workbooks_revision_sheet_is_refused_where_it_breaks_a_rule(
    client_for, anne, agreement_2018, answers, edits, refusal
):
    exported = io.BytesIO()
    write_workbook(agreement_2018, exported, language="en")
    filled = fill_in(exported.getvalue(), answers, edits=edits)
    client = client_for(anne)
    client.cookies["django_language"] = "en"

    response = client.post(
        "/agreements/2018/revision/",
        {"file": SimpleUploadedFile("revision.xlsx", filled)},
        follow=True,
    )

    assert response.status_code == 200
    assert refusal in response.content.decode()
    assert not Agreement.objects.filter(year=2019).exists()
