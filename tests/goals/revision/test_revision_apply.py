"""The year-end revision's good path: an administrator uploads the filled-in Revision
sheet, sees what changes, and confirms; next year's draft agreement is then this
year's, revised."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from agreement.models import Agreement
from goals.models import AgreementRevision, Goal, RevisionUpload, Target
from goals.revision import layout, services
from tests.goals.agreement_files import AGREEMENT_2019, load
from tests.goals.revision.revision_files import fill, revision_rows, upload, workbook_bytes
from tests.goals.revision.uploads import english_client, good_file

pytestmark = pytest.mark.django_db


def test_administrator_uploads_and_sees_what_changes(client_for, anne, agreement_2018):
    client = english_client(client_for(anne))

    response = client.post("/agreements/2018/revision/", {"file": good_file(agreement_2018)})

    revision = AgreementRevision.objects.get()
    job = RevisionUpload.objects.get()
    assert response.status_code == 302
    assert response.url == f"/agreements/2018/revision/uploads/{job.pk}/"
    assert client.get(response.url).url == f"/agreements/2018/revision/{revision.pk}/"
    assert not job.file  # read, and deleted
    assert revision.status == AgreementRevision.Status.PENDING
    assert revision.uploaded_by == anne
    assert revision.file_name == "revision-2018.xlsx"
    assert not Agreement.objects.filter(year=2019).exists()

    page = client.get(response.url, follow=True).content.decode()
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
    ("code", "written", "stored"),
    [
        ("a.4a.growth-courses", 250, "250.00"),
        ("a.4a.growth-courses", "1.250", "1250.00"),
        ("a.4a.growth-courses", " 12 ", "12.00"),
        ("a.4a.growth-courses", "12,0", "12.00"),
        ("b.d.international-sales", "2,5", "2.50"),
        ("b.d.international-sales", 7.5, "7.50"),
        ("b.d.international-sales", "37,25 %", "37.25"),
    ],
)
def test_next_year_target_is_read_as_danish_spreadsheets_write_it(
    anne, agreement_2018, code, written, stored
):
    rows = revision_rows(agreement_2018)
    fill(rows, code, next_threshold=written)

    revision = services.revision_upload(
        agreement=agreement_2018, user=anne, upload=upload(workbook_bytes(rows, year=2018))
    )

    row = next(row for row in revision.rows if row["code"] == code)
    assert row["next_threshold"] == stored


def test_headers_of_the_workbook_in_either_language_are_read(anne, agreement_2018):
    for language in ("da", "en"):
        with translation.override(language):
            headers = layout.headers(2018)
        content = workbook_bytes(revision_rows(agreement_2018), year=2018, headers=headers)
        services.revision_upload(agreement=agreement_2018, user=anne, upload=upload(content))

    assert AgreementRevision.objects.count() == 2


def test_next_title_moves_the_year_on(agreement_2018):
    assert services.next_title(agreement_2018) == "Regional aftale 2019"
    agreement_2018.title = "Regional aftale"
    assert services.next_title(agreement_2018) == "Regional aftale 2019"
    agreement_2018.title = "Aftale 20180 for 2018"
    assert services.next_title(agreement_2018) == "Aftale 20180 for 2019"
    agreement_2018.title = "Aftale 2018, som fortsætter 2016"
    assert services.next_title(agreement_2018) == "Aftale 2019, som fortsætter 2016"


@pytest.mark.parametrize(
    ("title", "following"),
    [
        ("Regional aftale 2020/21", "Regional aftale 2021/22"),
        ("Regional aftale 2020/2021", "Regional aftale 2021/2022"),
        ("Regional aftale 2020-21", "Regional aftale 2021-22"),
        ("Regional aftale 2020 – 2021", "Regional aftale 2021 – 2022"),
        ("Regional aftale for 2021", "Regional aftale for 2022"),
        ("Regional aftale", "Regional aftale 2021/22"),
    ],
)
def test_next_title_of_a_july_to_june_agreement_follows_its_period(title, following):
    agreement = Agreement(
        year=2020, title=title, period_start=date(2020, 7, 1), period_end=date(2021, 6, 30)
    )

    assert services.next_title(agreement) == following


def test_a_period_across_the_century_moves_on_too():
    agreement = Agreement(
        year=2099,
        title="Regional aftale 2099/00",
        period_start=date(2099, 7, 1),
        period_end=date(2100, 6, 30),
    )

    assert services.next_title(agreement) == "Regional aftale 2100/01"


def test_a_july_to_june_agreement_is_revised_into_the_next_period(anne, agreement_2018):
    load(AGREEMENT_2019)
    agreement_2019 = Agreement.objects.get(year=2019)
    assert agreement_2019.title == "Regional aftale 2019/20"
    rows = revision_rows(agreement_2019)
    revision = services.revision_upload(
        agreement=agreement_2019, user=anne, upload=upload(workbook_bytes(rows, year=2019))
    )

    draft = services.revision_apply(revision=revision, user=anne)

    assert draft.year == 2020
    assert draft.title == "Regional aftale 2020/21"
    assert (draft.period_start, draft.period_end) == (date(2020, 7, 1), date(2021, 6, 30))
    assert draft.continues == agreement_2019
