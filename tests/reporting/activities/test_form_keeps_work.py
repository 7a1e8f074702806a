"""Forms that never lose work: files kept across an error, a form posted twice, a page
that is out of date, and two people creating the same new firm."""

import datetime
import uuid

import pytest
import time_machine

from agreement.models import Agreement
from reporting.activities import services, uploads
from reporting.activities.tasks import clean_pending_uploads
from reporting.models import Activity, Evidence, Firm, PendingUpload
from tests.factories import make_activity, new_cvr
from tests.reporting.activities.files import EXE, PDF, PNG, sent_as, upload
from tests.reporting.activities.form_helpers import (
    CONFLICT_DA,
    activity_form,
    edit_form_of,
    errors_next_to,
    form_on_page,
    new_firm_fields,
    page_text,
)
from tests.reporting.activities.lookups import activity_type, municipality

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_in_tmp")]

NEW_FORM = '<form method="post" enctype="multipart/form-data"'


def shown_form(client):
    """Return the new-activity form as the browser would post it, with its one-time key."""
    return form_on_page(client.get("/activities/new/?year=2018"), NEW_FORM)


# Files survive an error.


def test_a_file_attached_before_an_error_is_kept_and_saved_with_the_activity(client_for, hanne):
    client = client_for(hanne)
    form = {**shown_form(client), **activity_form(firm_cvr="")}

    first = client.post("/activities/new/", {**form, "files": upload("referat.pdf", PDF)})

    assert first.status_code == 200
    assert Activity.objects.count() == 0
    assert errors_next_to(first, "firm_cvr")
    assert "referat.pdf" in page_text(first)
    again = form_on_page(first, NEW_FORM)
    assert again["keep_files"]
    again.update(new_firm_fields())
    second = client.post("/activities/new/", again)

    assert second.status_code == 302
    activity = Activity.objects.get()
    assert [evidence.file_name for evidence in activity.evidence.all()] == ["referat.pdf"]
    assert activity.evidence.get().file.read() == PDF
    assert PendingUpload.objects.count() == 0


def test_a_kept_file_that_is_unticked_is_not_saved(client_for, hanne):
    client = client_for(hanne)
    form = {**shown_form(client), **activity_form(firm_cvr="")}
    first = client.post("/activities/new/", {**form, "files": upload("referat.pdf", PDF)})
    again = form_on_page(first, NEW_FORM)
    del again["keep_files"]
    again.update(new_firm_fields())

    client.post("/activities/new/", again)

    assert Activity.objects.get().evidence.count() == 0
    assert PendingUpload.objects.count() == 0


def test_a_refused_file_is_named_and_the_good_one_beside_it_is_kept(client_for, hanne):
    client = client_for(hanne)
    form = {**shown_form(client), **activity_form(**new_firm_fields())}

    response = client.post(
        "/activities/new/",
        {**form, "files": [upload("billede.png", PNG), upload("program.pdf", EXE)]},
    )

    assert response.status_code == 200
    assert Activity.objects.count() == 0
    [refusal] = errors_next_to(response, "files")
    assert "program.pdf" in refusal
    assert [upload.file_name for upload in PendingUpload.objects.all()] == ["billede.png"]


def test_a_file_dropped_for_its_name_is_said_and_nothing_is_saved(client_for, hanne):
    # Django drops a file whose name has nothing left once folders are cut off ("..").
    client = client_for(hanne)
    form = {**shown_form(client), **activity_form(**new_firm_fields())}

    response = client.post(
        "/activities/new/", {**form, "files": [sent_as("..", PDF), upload("referat.pdf", PDF)]}
    )

    assert response.status_code == 200
    assert Activity.objects.count() == 0
    [refusal] = errors_next_to(response, "files")
    assert "“..”" in refusal
    assert "ikke modtaget" in refusal
    assert [upload.file_name for upload in PendingUpload.objects.all()] == ["referat.pdf"]


def test_kept_files_belong_to_their_form_and_user(client_for, hanne, mads):
    client = client_for(hanne)
    form = {**shown_form(client), **activity_form(firm_cvr="")}
    client.post("/activities/new/", {**form, "files": upload("referat.pdf", PDF)})
    [kept] = PendingUpload.objects.all()

    # Mads posts Hanne's form key and ticks her file: he gets none of it.
    mads_form = {
        **activity_form(**new_firm_fields()),
        "form_key": form["form_key"],
        "keep_files": kept.pk,
    }
    client_for(mads).post("/activities/new/", mads_form)

    assert Evidence.objects.count() == 0
    assert PendingUpload.objects.get() == kept


def test_files_kept_for_a_form_never_saved_are_removed_after_a_day(
    hanne, tmp_path, django_capture_on_commit_callbacks
):
    with time_machine.travel(datetime.datetime(2018, 3, 1, 9, 0, tzinfo=datetime.UTC)):
        uploads.pending_uploads_update(
            user=hanne, form_key=new_form_key(), keep=[], files=[upload("a.pdf", PDF)]
        )
    with time_machine.travel(datetime.datetime(2018, 3, 2, 10, 0, tzinfo=datetime.UTC)):
        uploads.pending_uploads_update(
            user=hanne, form_key=new_form_key(), keep=[], files=[upload("b.pdf", PDF)]
        )
        with django_capture_on_commit_callbacks(execute=True):
            clean_pending_uploads()

    assert [upload.file_name for upload in PendingUpload.objects.all()] == ["b.pdf"]
    assert len(list((tmp_path / "pending").rglob("*.pdf"))) == 1


# A form posted twice.


def test_the_same_form_posted_twice_makes_one_activity(client_for, hanne):
    client = client_for(hanne)
    form = {**shown_form(client), **activity_form(**new_firm_fields())}

    first = client.post("/activities/new/", form)
    second = client.post("/activities/new/", form, follow=True)

    activity = Activity.objects.get()
    assert first["Location"] == activity.get_absolute_url()
    assert second.redirect_chain[-1][0] == activity.get_absolute_url()
    assert "Formularen var allerede gemt" in page_text(second)
    assert Firm.objects.count() == 1


def test_two_forms_shown_one_after_the_other_make_two_activities(client_for, hanne):
    client = client_for(hanne)
    client.post("/activities/new/", {**shown_form(client), **activity_form(**new_firm_fields())})
    client.post("/activities/new/", {**shown_form(client), **activity_form(**new_firm_fields())})

    assert Activity.objects.count() == 2


def test_the_service_answers_a_form_key_it_has_seen_with_its_activity(hanne):
    key = new_form_key()
    first = make_activity(author=hanne, form_key=key, description="Første")
    second = make_activity(author=hanne, form_key=key, description="Anden")

    assert second == first
    assert Activity.objects.get().description == "Første"


# A page that is out of date.


def test_a_manager_approving_from_an_old_page_is_told_of_the_conflict(client_for, hanne, mads):
    activity = make_activity(author=hanne, status=Activity.Status.SUBMITTED)
    seen = activity.version
    services.activity_return(activity=activity, user=mads, version=seen, reason="Mangler CVR")

    response = client_for(mads).post(
        f"/activities/{activity.pk}/approve/", {"version": seen}, follow=True
    )

    assert response.status_code == 200
    assert CONFLICT_DA in page_text(response)
    assert Activity.objects.get().status == Activity.Status.RETURNED


def test_a_manager_returning_from_an_old_page_keeps_the_reason_typed(client_for, hanne, mads):
    activity = make_activity(author=hanne, status=Activity.Status.SUBMITTED)
    seen = activity.version
    services.activity_approve(activity=activity, user=mads, version=seen)

    response = client_for(mads).post(
        f"/activities/{activity.pk}/return/", {"version": seen, "reason": "Datoen er forkert"}
    )

    assert response.status_code == 200
    assert CONFLICT_DA in page_text(response)
    assert "Datoen er forkert" in page_text(response)
    assert Activity.objects.get().status == Activity.Status.APPROVED


def test_staff_saving_an_edit_just_after_the_approval_keeps_what_they_typed(
    client_for, hanne, mads
):
    activity = make_activity(author=hanne, status=Activity.Status.SUBMITTED)
    hannes_page = client_for(hanne).get(f"/activities/{activity.pk}/edit/")
    services.activity_approve(activity=activity, user=mads, version=activity.version)

    response = client_for(hanne).post(
        f"/activities/{activity.pk}/edit/",
        edit_form_of(hannes_page, description="Hannes rettelse", action="save"),
    )

    assert response.status_code == 200
    assert CONFLICT_DA in page_text(response)
    assert "Hannes rettelse" in page_text(response)
    assert Activity.objects.get().description == ""


def test_staff_of_the_other_house_posting_an_edit_are_still_refused(client_for, hanne, sofie):
    activity = make_activity(author=hanne)

    response = client_for(sofie).post(
        f"/activities/{activity.pk}/edit/", {"version": activity.version - 1}
    )

    assert response.status_code == 404


def test_a_reviewer_posting_an_approval_with_an_old_version_is_refused(client_for, hanne, rikke):
    activity = make_activity(author=hanne, status=Activity.Status.SUBMITTED)

    response = client_for(rikke).post(
        f"/activities/{activity.pk}/approve/", {"version": activity.version - 1}
    )

    assert response.status_code == 403


def test_staff_posting_an_approval_with_an_old_version_are_refused(client_for, hanne):
    activity = make_activity(author=hanne, status=Activity.Status.SUBMITTED)

    response = client_for(hanne).post(
        f"/activities/{activity.pk}/approve/", {"version": activity.version - 1}
    )

    assert response.status_code == 403


# Two people create the same new firm.


def test_two_people_creating_the_same_firm_end_with_one_firm_and_both_activities(hanne, mads):
    cvr = new_cvr()
    agreement = Agreement.objects.get(year=2018)
    # Both forms were read while the firm was new.
    typed = [
        Firm(cvr=cvr, name=name, municipality=municipality(101))
        for name in ("Bageriet ApS", "Bageriet Brød ApS")
    ]

    for person, firm in zip((hanne, mads), typed, strict=True):
        services.activity_create(
            agreement=agreement,
            house=person.organisation,
            author=person,
            activity_type=activity_type("growth_mapping"),
            date=datetime.date(2018, 3, 15),
            firm=firm,
        )

    firm = Firm.objects.get()
    assert firm.name == "Bageriet ApS"
    assert list(Activity.objects.values_list("firm", flat=True)) == [firm.pk, firm.pk]


def test_a_firm_created_between_the_form_and_the_save_is_used(client_for, hanne, mads):
    client = client_for(hanne)
    cvr = new_cvr()
    form = {**shown_form(client), **activity_form(**new_firm_fields(cvr=cvr))}
    make_activity(
        author=mads,
        firm=services.firm_create(
            cvr=cvr, name="Bageriet ApS", municipality=municipality(101), user=mads
        ),
    )

    response = client.post("/activities/new/", form)

    assert response.status_code == 302
    assert Firm.objects.filter(cvr=cvr).count() == 1
    assert Activity.objects.filter(firm__cvr=cvr).count() == 2


def new_form_key():
    return uuid.uuid4()
