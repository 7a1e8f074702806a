"""Who may see and change which activities, asked through every page of the activity log.

The rules are reporting/access.py's: a growth house sees only its own activities and
changes them (staff until approved); its manager also approves, returns and restores;
reviewers and administrators read submitted and approved activities of both houses.
What a user may not see answers 404; what they may see but not change answers 403.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from goals.models import ActivityType
from reporting.activities import services
from reporting.models import Activity, Evidence, Firm
from tests.factories import make_activity, make_firm

pytestmark = pytest.mark.django_db

DRAFT = Activity.Status.DRAFT
SUBMITTED = Activity.Status.SUBMITTED
APPROVED = Activity.Status.APPROVED
RETURNED = Activity.Status.RETURNED
STATUSES = [DRAFT, SUBMITTED, APPROVED, RETURNED]
SHARED = [SUBMITTED, APPROVED]
HOUSE_ONLY = [DRAFT, RETURNED]

HOUSE_PEOPLE = ["hanne", "mads", "sofie", "morten"]
STAFF = ["hanne", "sofie"]
MANAGERS = ["mads", "morten"]
READERS = ["rikke", "rasmus", "anne"]
EVERYONE = HOUSE_PEOPLE + READERS

HOUSE_OF = {
    "hanne": "hovedstaden",
    "mads": "hovedstaden",
    "sofie": "sjaelland",
    "morten": "sjaelland",
}
OTHER_HOUSE = {"hovedstaden": "sjaelland", "sjaelland": "hovedstaden"}
# Who logs, returns and deletes the activities made for a test, by house.
HOUSE_STAFF = {"hovedstaden": "hanne", "sjaelland": "sofie"}
HOUSE_MANAGER = {"hovedstaden": "mads", "sjaelland": "morten"}

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def person(request):
    """Return the named person (their fixture), or None for an anonymous visitor."""

    def named(name):
        return request.getfixturevalue(name) if name else None

    return named


@pytest.fixture
def client_as(client_for, person):
    """Return a test client signed in as the named person (None: anonymous)."""

    def sign_in(name):
        return client_for(person(name))

    return sign_in


def tag(house, status, deleted=False):
    """Return the mark an activity's description and firm name carry, to find it on a page."""
    return f"[{house}/{status}{'/deleted' if deleted else ''}]"


@pytest.fixture
def log(person):
    """Log an activity for a growth house in the given status, through the services."""

    def log_activity(house, status=DRAFT, *, deleted=False, files=()):
        author, manager = person(HOUSE_STAFF[house]), person(HOUSE_MANAGER[house])
        mark = tag(house, status, deleted)
        activity = make_activity(
            author=author,
            firm=make_firm(user=author, name=f"Firma {mark}"),
            description=f"Beskrivelse {mark}",
            status=SUBMITTED if status == RETURNED else status,
            files=files,
        )
        if status == RETURNED:
            activity = services.activity_return(
                activity=activity,
                user=manager,
                version=activity.version,
                reason="Mangler dokumentation.",
            )
        if deleted:
            activity = services.activity_delete(
                activity=activity, user=author, version=activity.version
            )
        return activity

    return log_activity


@pytest.fixture
def every_activity(log):
    """Every status in both houses, and a deleted submitted activity in each."""
    for house in ("hovedstaden", "sjaelland"):
        for status in STATUSES:
            log(house, status)
        log(house, SUBMITTED, deleted=True)


def house_seen_by(name):
    """Return a house whose submitted activities the person sees: their own, else any."""
    return HOUSE_OF.get(name, "hovedstaden")


def assert_unchanged(activity):
    saved = Activity.objects.get(pk=activity.pk)
    assert (saved.status, saved.description, saved.deleted_at, saved.version) == (
        activity.status,
        activity.description,
        activity.deleted_at,
        activity.version,
    )


def assert_sent_to_login(response):
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/?next=")


def edit_form(activity, description="Beskrivelse rettet efter mødet"):
    return {
        "activity_type": activity.activity_type_id,
        "date": "15.03.2018",
        "quantity": "1",
        "firm_cvr": activity.firm.cvr,
        "description": description,
        "version": activity.version,
    }


# Anonymous visitors and signed-in users without a role, on every page.

PAGES = [
    ("get", "/activities/"),
    ("get", "/activities/?deleted=1"),
    ("get", "/activities/new/"),
    ("get", "/activities/{pk}/"),
    ("get", "/activities/{pk}/edit/"),
    ("post", "/activities/{pk}/edit/"),
    ("post", "/activities/{pk}/submit/"),
    ("post", "/activities/{pk}/approve/"),
    ("get", "/activities/{pk}/return/"),
    ("post", "/activities/{pk}/return/"),
    ("get", "/activities/{pk}/delete/"),
    ("post", "/activities/{pk}/delete/"),
    ("post", "/activities/{pk}/restore/"),
    ("get", "/activities/{pk}/evidence/{evidence_pk}/"),
    ("post", "/activities/{pk}/evidence/{evidence_pk}/remove/"),
    ("get", "/firms/search/?q=Firma"),
    ("get", "/firms/contacts/?cvr={cvr}&date=15.03.2018"),
    ("get", "/firms/{cvr}/"),
    ("get", "/firms/{cvr}/edit/"),
    ("post", "/firms/{cvr}/edit/"),
]


@pytest.fixture
def log_with_report(log):
    """Log an activity with a PDF report as its evidence."""

    def log_activity(house, status, *, deleted=False):
        activity = log(
            house,
            status,
            deleted=deleted,
            files=[SimpleUploadedFile("rapport.pdf", PDF, content_type="application/pdf")],
        )
        return activity, activity.evidence.get()

    return log_activity


def fill(path, activity, evidence):
    return path.format(pk=activity.pk, evidence_pk=evidence.pk, cvr=activity.firm.cvr)


@pytest.mark.parametrize(("method", "path"), PAGES)
def test_anonymous_visitor_is_sent_to_login_everywhere(client_as, log_with_report, method, path):
    activity, evidence = log_with_report("hovedstaden", SUBMITTED)

    response = getattr(client_as(None), method)(fill(path, activity, evidence))

    assert_sent_to_login(response)
    assert_unchanged(activity)
    assert Evidence.objects.filter(pk=evidence.pk).exists()


@pytest.mark.parametrize(("method", "path"), PAGES)
def test_user_without_a_role_is_refused_everywhere(client_as, log_with_report, method, path):
    activity, evidence = log_with_report("hovedstaden", SUBMITTED)

    response = getattr(client_as("stranger"), method)(fill(path, activity, evidence))

    assert response.status_code == 403
    assert_unchanged(activity)
    assert Evidence.objects.filter(pk=evidence.pk).exists()


# The list of activities.


@pytest.mark.parametrize("name", HOUSE_PEOPLE)
def test_house_people_see_all_their_own_houses_activities(client_as, every_activity, name):
    page = client_as(name).get("/activities/").content.decode()

    for status in STATUSES:
        assert f"Firma {tag(HOUSE_OF[name], status)}" in page


@pytest.mark.parametrize("name", HOUSE_PEOPLE)
def test_house_people_never_see_the_other_houses_activities(client_as, every_activity, name):
    page = client_as(name).get("/activities/").content.decode()

    assert f"Firma {tag(HOUSE_OF[name], SUBMITTED)}" in page
    for status in STATUSES:
        assert tag(OTHER_HOUSE[HOUSE_OF[name]], status) not in page


def test_staff_see_their_colleagues_drafts_and_returned_activities(client_as, mads, hanne):
    make_activity(author=mads, firm=make_firm(user=mads, name="Kollegas kladde ApS"))
    returned = make_activity(
        author=mads, firm=make_firm(user=mads, name="Kollegas returnerede ApS"), status=SUBMITTED
    )
    services.activity_return(
        activity=returned, user=mads, version=returned.version, reason="Mangler dato."
    )

    page = client_as("hanne").get("/activities/").content.decode()

    assert "Kollegas kladde ApS" in page
    assert "Kollegas returnerede ApS" in page


@pytest.mark.parametrize("name", READERS)
def test_reviewers_and_administrators_see_submitted_and_approved_of_both_houses(
    client_as, every_activity, name
):
    page = client_as(name).get("/activities/").content.decode()

    for house in ("hovedstaden", "sjaelland"):
        for status in SHARED:
            assert f"Firma {tag(house, status)}" in page


@pytest.mark.parametrize("name", READERS)
def test_reviewers_and_administrators_never_see_drafts_or_returned(client_as, every_activity, name):
    page = client_as(name).get("/activities/").content.decode()

    assert f"Firma {tag('hovedstaden', SUBMITTED)}" in page
    for house in ("hovedstaden", "sjaelland"):
        for status in HOUSE_ONLY:
            assert tag(house, status) not in page


@pytest.mark.parametrize("name", EVERYONE)
def test_deleted_activities_are_in_nobodys_list(client_as, every_activity, name):
    page = client_as(name).get("/activities/").content.decode()

    assert f"Firma {tag(house_seen_by(name), SUBMITTED)}" in page
    assert "/deleted]" not in page


@pytest.mark.parametrize("name", MANAGERS)
def test_manager_asking_for_deleted_sees_only_their_houses_deleted_activities(
    client_as, every_activity, name
):
    page = client_as(name).get("/activities/?deleted=1").content.decode()

    house = HOUSE_OF[name]
    assert f"Firma {tag(house, SUBMITTED, deleted=True)}" in page
    assert tag(OTHER_HOUSE[house], SUBMITTED, deleted=True) not in page
    assert f"Firma {tag(house, DRAFT)}" not in page


@pytest.mark.parametrize("name", STAFF + READERS)
def test_others_asking_for_deleted_get_the_normal_list(client_as, every_activity, name):
    response = client_as(name).get("/activities/?deleted=1")

    assert response.status_code == 200
    page = response.content.decode()
    assert "/deleted]" not in page
    assert f"Firma {tag(house_seen_by(name), SUBMITTED)}" in page


# One activity's page.


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("name", HOUSE_PEOPLE)
def test_house_people_open_their_own_houses_activity_in_any_status(client_as, log, name, status):
    activity = log(HOUSE_OF[name], status)

    response = client_as(name).get(f"/activities/{activity.pk}/")

    assert response.status_code == 200
    assert activity.description in response.content.decode()


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("name", HOUSE_PEOPLE)
def test_house_people_cannot_see_any_activity_of_the_other_house(client_as, log, name, status):
    activity = log(OTHER_HOUSE[HOUSE_OF[name]], status)

    response = client_as(name).get(f"/activities/{activity.pk}/")

    assert response.status_code == 404
    assert activity.description not in response.content.decode()


@pytest.mark.parametrize("status", SHARED)
@pytest.mark.parametrize("house", ["hovedstaden", "sjaelland"])
@pytest.mark.parametrize("name", READERS)
def test_reviewers_and_administrators_open_submitted_and_approved_activities(
    client_as, log, name, house, status
):
    activity = log(house, status)

    response = client_as(name).get(f"/activities/{activity.pk}/")

    assert response.status_code == 200
    assert activity.description in response.content.decode()


@pytest.mark.parametrize("status", HOUSE_ONLY)
@pytest.mark.parametrize("name", READERS)
def test_reviewers_and_administrators_cannot_see_drafts_or_returned(client_as, log, name, status):
    activity = log("hovedstaden", status)

    response = client_as(name).get(f"/activities/{activity.pk}/")

    assert response.status_code == 404
    assert activity.description not in response.content.decode()


def test_manager_opens_their_houses_deleted_activity(client_as, log):
    activity = log("hovedstaden", APPROVED, deleted=True)

    response = client_as("mads").get(f"/activities/{activity.pk}/")

    assert response.status_code == 200
    assert activity.description in response.content.decode()


@pytest.mark.parametrize("name", ["hanne", "sofie", "morten", *READERS])
def test_nobody_but_the_houses_manager_sees_a_deleted_activity(client_as, log, name):
    activity = log("hovedstaden", APPROVED, deleted=True)

    response = client_as(name).get(f"/activities/{activity.pk}/")

    assert response.status_code == 404


def test_unknown_activity_is_not_found(client_as):
    assert client_as("mads").get("/activities/999999/").status_code == 404


# Editing.


@pytest.mark.parametrize("status", [DRAFT, SUBMITTED, RETURNED])
@pytest.mark.parametrize("name", HOUSE_PEOPLE)
def test_house_people_edit_their_houses_activity_until_it_is_approved(client_as, log, name, status):
    activity = log(HOUSE_OF[name], status)

    response = client_as(name).get(f"/activities/{activity.pk}/edit/")

    assert response.status_code == 200


@pytest.mark.parametrize("name", STAFF)
def test_staff_cannot_edit_an_approved_activity(client_as, log, name):
    activity = log(HOUSE_OF[name], APPROVED)
    client = client_as(name)

    assert client.get(f"/activities/{activity.pk}/edit/").status_code == 403
    response = client.post(f"/activities/{activity.pk}/edit/", edit_form(activity))

    assert response.status_code == 403
    assert_unchanged(activity)


@pytest.mark.parametrize("name", MANAGERS)
def test_manager_edits_an_approved_activity(client_as, log, name):
    activity = log(HOUSE_OF[name], APPROVED)
    client = client_as(name)

    assert client.get(f"/activities/{activity.pk}/edit/").status_code == 200
    response = client.post(f"/activities/{activity.pk}/edit/", edit_form(activity))

    assert response.status_code == 302
    assert Activity.objects.get(pk=activity.pk).description == "Beskrivelse rettet efter mødet"


def test_staff_saves_an_edit_of_a_draft(client_as, log):
    activity = log("hovedstaden", DRAFT)

    response = client_as("hanne").post(f"/activities/{activity.pk}/edit/", edit_form(activity))

    assert response.status_code == 302
    assert response.url == f"/activities/{activity.pk}/"
    assert Activity.objects.get(pk=activity.pk).description == "Beskrivelse rettet efter mødet"


@pytest.mark.parametrize("status", SHARED)
@pytest.mark.parametrize("name", READERS)
def test_reviewers_and_administrators_cannot_edit_what_they_can_see(client_as, log, name, status):
    activity = log("hovedstaden", status)
    client = client_as(name)

    assert client.get(f"/activities/{activity.pk}/edit/").status_code == 403
    response = client.post(f"/activities/{activity.pk}/edit/", edit_form(activity))

    assert response.status_code == 403
    assert_unchanged(activity)


@pytest.mark.parametrize("status", HOUSE_ONLY)
@pytest.mark.parametrize("name", READERS)
def test_reviewers_and_administrators_cannot_find_a_draft_to_edit(client_as, log, name, status):
    activity = log("hovedstaden", status)
    client = client_as(name)

    assert client.get(f"/activities/{activity.pk}/edit/").status_code == 404
    response = client.post(f"/activities/{activity.pk}/edit/", edit_form(activity))

    assert response.status_code == 404
    assert_unchanged(activity)


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("name", HOUSE_PEOPLE)
def test_house_people_cannot_edit_the_other_houses_activity(client_as, log, name, status):
    activity = log(OTHER_HOUSE[HOUSE_OF[name]], status)
    client = client_as(name)

    assert client.get(f"/activities/{activity.pk}/edit/").status_code == 404
    response = client.post(f"/activities/{activity.pk}/edit/", edit_form(activity))

    assert response.status_code == 404
    assert_unchanged(activity)


def test_manager_cannot_edit_a_deleted_activity_before_restoring_it(client_as, log):
    activity = log("hovedstaden", DRAFT, deleted=True)

    response = client_as("mads").post(f"/activities/{activity.pk}/edit/", edit_form(activity))

    assert response.status_code == 403
    assert_unchanged(activity)


def test_staff_cannot_edit_a_deleted_activity(client_as, log):
    activity = log("hovedstaden", DRAFT, deleted=True)

    response = client_as("hanne").post(f"/activities/{activity.pk}/edit/", edit_form(activity))

    assert response.status_code == 404
    assert_unchanged(activity)


# Submitting.


@pytest.mark.parametrize("status", HOUSE_ONLY)
@pytest.mark.parametrize("name", HOUSE_PEOPLE)
def test_house_people_submit_their_houses_draft_or_returned_activity(client_as, log, name, status):
    activity = log(HOUSE_OF[name], status)

    response = client_as(name).post(
        f"/activities/{activity.pk}/submit/", {"version": activity.version}
    )

    assert response.status_code == 302
    assert Activity.objects.get(pk=activity.pk).status == SUBMITTED


@pytest.mark.parametrize("status", SHARED)
@pytest.mark.parametrize("name", HOUSE_PEOPLE)
def test_submitted_or_approved_activity_cannot_be_submitted(client_as, log, name, status):
    activity = log(HOUSE_OF[name], status)

    response = client_as(name).post(
        f"/activities/{activity.pk}/submit/", {"version": activity.version}
    )

    assert response.status_code == 403
    assert_unchanged(activity)


@pytest.mark.parametrize(("name", "status", "refusal"), [
    *[(name, status, 404) for name in READERS for status in HOUSE_ONLY],
    *[(name, SUBMITTED, 403) for name in READERS],
    *[(name, DRAFT, 404) for name in ["sofie", "morten"]],
])  # fmt: skip
def test_only_the_house_submits_its_activities(client_as, log, name, status, refusal):
    activity = log("hovedstaden", status)

    response = client_as(name).post(
        f"/activities/{activity.pk}/submit/", {"version": activity.version}
    )

    assert response.status_code == refusal
    assert_unchanged(activity)


# Approving and returning.


@pytest.mark.parametrize("name", MANAGERS)
def test_manager_approves_a_submitted_activity(client_as, log, name):
    activity = log(HOUSE_OF[name], SUBMITTED)

    response = client_as(name).post(
        f"/activities/{activity.pk}/approve/", {"version": activity.version}
    )

    assert response.status_code == 302
    assert Activity.objects.get(pk=activity.pk).status == APPROVED


@pytest.mark.parametrize("name", MANAGERS)
def test_manager_returns_a_submitted_activity_with_a_reason(client_as, log, name):
    activity = log(HOUSE_OF[name], SUBMITTED)
    client = client_as(name)

    assert client.get(f"/activities/{activity.pk}/return/").status_code == 200
    response = client.post(
        f"/activities/{activity.pk}/return/",
        {"reason": "Datoen passer ikke.", "version": activity.version},
    )

    assert response.status_code == 302
    returned = Activity.objects.get(pk=activity.pk)
    assert (returned.status, returned.return_reason) == (RETURNED, "Datoen passer ikke.")


REVIEW_REFUSALS = [
    *[(name, 403) for name in ["hanne", *READERS]],
    *[(name, 404) for name in ["sofie", "morten"]],
]


@pytest.mark.parametrize(("name", "refusal"), REVIEW_REFUSALS)
def test_only_the_houses_manager_approves(client_as, log, name, refusal):
    activity = log("hovedstaden", SUBMITTED)

    response = client_as(name).post(
        f"/activities/{activity.pk}/approve/", {"version": activity.version}
    )

    assert response.status_code == refusal
    assert_unchanged(activity)


@pytest.mark.parametrize(("name", "refusal"), REVIEW_REFUSALS)
def test_only_the_houses_manager_returns(client_as, log, name, refusal):
    activity = log("hovedstaden", SUBMITTED)
    client = client_as(name)

    assert client.get(f"/activities/{activity.pk}/return/").status_code == refusal
    response = client.post(
        f"/activities/{activity.pk}/return/",
        {"reason": "Datoen passer ikke.", "version": activity.version},
    )

    assert response.status_code == refusal
    assert_unchanged(activity)


@pytest.mark.parametrize("status", [DRAFT, APPROVED, RETURNED])
def test_manager_approves_and_returns_only_submitted_activities(client_as, log, status):
    activity = log("hovedstaden", status)
    client = client_as("mads")

    approve = client.post(f"/activities/{activity.pk}/approve/", {"version": activity.version})
    ask_return = client.get(f"/activities/{activity.pk}/return/")
    send_back = client.post(
        f"/activities/{activity.pk}/return/",
        {"reason": "Datoen passer ikke.", "version": activity.version},
    )

    assert (approve.status_code, ask_return.status_code, send_back.status_code) == (403, 403, 403)
    assert_unchanged(activity)


def test_deleted_activity_cannot_be_approved(client_as, log):
    activity = log("hovedstaden", SUBMITTED, deleted=True)

    response = client_as("mads").post(
        f"/activities/{activity.pk}/approve/", {"version": activity.version}
    )

    assert response.status_code == 403
    assert_unchanged(activity)


# Deleting and restoring.


@pytest.mark.parametrize("status", [DRAFT, SUBMITTED, RETURNED])
@pytest.mark.parametrize("name", STAFF)
def test_staff_delete_their_houses_activity_until_it_is_approved(client_as, log, name, status):
    activity = log(HOUSE_OF[name], status)
    client = client_as(name)

    assert client.get(f"/activities/{activity.pk}/delete/").status_code == 200
    response = client.post(f"/activities/{activity.pk}/delete/", {"version": activity.version})

    assert response.status_code == 302
    # Staff cannot see deleted activities, so they are sent back to the list.
    assert response.url == "/activities/"
    assert Activity.objects.get(pk=activity.pk).is_deleted


@pytest.mark.parametrize("name", STAFF)
def test_staff_cannot_delete_an_approved_activity(client_as, log, name):
    activity = log(HOUSE_OF[name], APPROVED)
    client = client_as(name)

    assert client.get(f"/activities/{activity.pk}/delete/").status_code == 403
    response = client.post(f"/activities/{activity.pk}/delete/", {"version": activity.version})

    assert response.status_code == 403
    assert_unchanged(activity)


@pytest.mark.parametrize("name", MANAGERS)
def test_manager_deletes_an_approved_activity(client_as, log, name):
    activity = log(HOUSE_OF[name], APPROVED)
    client = client_as(name)

    assert client.get(f"/activities/{activity.pk}/delete/").status_code == 200
    response = client.post(f"/activities/{activity.pk}/delete/", {"version": activity.version})

    assert response.status_code == 302
    assert response.url == f"/activities/{activity.pk}/"
    assert Activity.objects.get(pk=activity.pk).is_deleted


@pytest.mark.parametrize(("name", "status", "refusal"), [
    *[(name, status, 403) for name in READERS for status in SHARED],
    *[(name, status, 404) for name in READERS for status in HOUSE_ONLY],
    *[(name, status, 404) for name in ["sofie", "morten"] for status in STATUSES],
])  # fmt: skip
def test_only_the_house_deletes_its_activities(client_as, log, name, status, refusal):
    activity = log("hovedstaden", status)
    client = client_as(name)

    assert client.get(f"/activities/{activity.pk}/delete/").status_code == refusal
    response = client.post(f"/activities/{activity.pk}/delete/", {"version": activity.version})

    assert response.status_code == refusal
    assert_unchanged(activity)


def test_manager_restores_their_houses_deleted_activity(client_as, log):
    activity = log("hovedstaden", APPROVED, deleted=True)

    response = client_as("mads").post(
        f"/activities/{activity.pk}/restore/", {"version": activity.version}
    )

    assert response.status_code == 302
    assert not Activity.objects.get(pk=activity.pk).is_deleted


@pytest.mark.parametrize("name", ["hanne", "sofie", "morten", *READERS])
def test_nobody_but_the_houses_manager_restores(client_as, log, name):
    activity = log("hovedstaden", APPROVED, deleted=True)

    response = client_as(name).post(
        f"/activities/{activity.pk}/restore/", {"version": activity.version}
    )

    assert response.status_code == 404
    assert_unchanged(activity)


def test_a_living_activity_cannot_be_restored(client_as, log):
    activity = log("hovedstaden", APPROVED)

    response = client_as("mads").post(
        f"/activities/{activity.pk}/restore/", {"version": activity.version}
    )

    assert response.status_code == 403
    assert_unchanged(activity)


@pytest.mark.parametrize("action", ["submit", "approve", "restore"])
def test_status_changes_refuse_a_plain_get(client_as, log, action):
    activity = log("hovedstaden", SUBMITTED)

    response = client_as("mads").get(f"/activities/{activity.pk}/{action}/")

    assert response.status_code == 405
    assert_unchanged(activity)


# Evidence.


def download(client, activity, evidence):
    return client.get(f"/activities/{activity.pk}/evidence/{evidence.pk}/")


def assert_is_the_report(response):
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="rapport.pdf"'
    assert b"".join(response.streaming_content) == PDF
    response.close()


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("name", HOUSE_PEOPLE)
def test_house_people_download_their_houses_evidence(client_as, log_with_report, name, status):
    activity, evidence = log_with_report(HOUSE_OF[name], status)

    assert_is_the_report(download(client_as(name), activity, evidence))


@pytest.mark.parametrize("status", SHARED)
@pytest.mark.parametrize("name", READERS)
def test_reviewers_and_administrators_download_shared_evidence(
    client_as, log_with_report, name, status
):
    activity, evidence = log_with_report("sjaelland", status)

    assert_is_the_report(download(client_as(name), activity, evidence))


@pytest.mark.parametrize(("name", "status"), [
    *[(name, status) for name in ["sofie", "morten"] for status in STATUSES],
    *[(name, status) for name in READERS for status in HOUSE_ONLY],
])  # fmt: skip
def test_evidence_of_an_activity_one_may_not_see_is_not_found(
    client_as, log_with_report, name, status
):
    activity, evidence = log_with_report("hovedstaden", status)

    response = download(client_as(name), activity, evidence)

    assert response.status_code == 404
    assert PDF not in response.content


def test_deleted_activitys_evidence_is_only_for_the_houses_manager(client_as, log_with_report):
    activity, evidence = log_with_report("hovedstaden", SUBMITTED, deleted=True)

    assert download(client_as("hanne"), activity, evidence).status_code == 404
    assert download(client_as("rikke"), activity, evidence).status_code == 404
    assert_is_the_report(download(client_as("mads"), activity, evidence))


def test_evidence_cannot_be_reached_through_another_activity(client_as, log, log_with_report):
    _hidden, evidence = log_with_report("sjaelland", DRAFT)
    visible = log("hovedstaden", DRAFT)

    response = download(client_as("hanne"), visible, evidence)

    assert response.status_code == 404


def test_downloading_evidence_refuses_a_post(client_as, log_with_report):
    activity, evidence = log_with_report("hovedstaden", DRAFT)

    response = client_as("hanne").post(f"/activities/{activity.pk}/evidence/{evidence.pk}/")

    assert response.status_code == 405


def remove(client, activity, evidence):
    return client.post(f"/activities/{activity.pk}/evidence/{evidence.pk}/remove/")


@pytest.mark.parametrize("name", ["hanne", "mads"])
def test_house_people_remove_evidence_from_a_draft(client_as, log_with_report, name):
    activity, evidence = log_with_report("hovedstaden", DRAFT)

    response = remove(client_as(name), activity, evidence)

    assert response.status_code == 302
    assert not activity.evidence.exists()


def test_manager_removes_evidence_from_an_approved_activity(client_as, log_with_report):
    activity, evidence = log_with_report("hovedstaden", APPROVED)

    assert remove(client_as("mads"), activity, evidence).status_code == 302
    assert not activity.evidence.exists()


@pytest.mark.parametrize(("name", "status", "refusal"), [
    ("hanne", APPROVED, 403),
    *[(name, status, 403) for name in READERS for status in SHARED],
    *[(name, DRAFT, 404) for name in READERS],
    *[(name, status, 404) for name in ["sofie", "morten"] for status in STATUSES],
])  # fmt: skip
def test_evidence_stays_when_removing_is_refused(client_as, log_with_report, name, status, refusal):
    activity, evidence = log_with_report("hovedstaden", status)

    response = remove(client_as(name), activity, evidence)

    assert response.status_code == refusal
    assert activity.evidence.filter(pk=evidence.pk).exists()


def test_removing_evidence_refuses_a_plain_get(client_as, log_with_report):
    activity, evidence = log_with_report("hovedstaden", DRAFT)

    response = client_as("hanne").get(f"/activities/{activity.pk}/evidence/{evidence.pk}/remove/")

    assert response.status_code == 405
    assert activity.evidence.filter(pk=evidence.pk).exists()


# Logging a new activity.


@pytest.mark.parametrize("name", HOUSE_PEOPLE)
def test_house_people_open_the_form_for_a_new_activity(client_as, name):
    assert client_as(name).get("/activities/new/").status_code == 200


@pytest.mark.parametrize("name", READERS)
def test_reviewers_and_administrators_cannot_log_activities(client_as, firm, name):
    client = client_as(name)

    assert client.get("/activities/new/").status_code == 403
    response = client.post(
        "/activities/new/",
        {
            "activity_type": ActivityType.objects.get(code="guidance").pk,
            "date": "15.03.2018",
            "quantity": "1",
            "firm_cvr": firm.cvr,
            "description": "Logget af en læser",
        },
    )

    assert response.status_code == 403
    assert not Activity.objects.filter(description="Logget af en læser").exists()


def test_anonymous_visitor_is_sent_to_login_from_the_new_activity_form(client_as):
    assert_sent_to_login(client_as(None).get("/activities/new/"))


# Firms.


@pytest.fixture
def firm(hanne):
    return make_firm(user=hanne, name="Søgbar Maskinfabrik ApS")


@pytest.mark.parametrize("name", HOUSE_PEOPLE)
def test_house_people_search_firms(client_as, firm, name):
    response = client_as(name).get("/firms/search/", {"q": "Søgbar"})

    assert response.status_code == 200
    assert [found["cvr"] for found in response.json()["firms"]] == [firm.cvr]


@pytest.mark.parametrize("name", READERS)
def test_reviewers_and_administrators_cannot_search_firms(client_as, firm, name):
    response = client_as(name).get("/firms/search/", {"q": "Søgbar"})

    assert response.status_code == 403
    assert firm.cvr not in response.content.decode()


@pytest.mark.parametrize("name", HOUSE_PEOPLE)
def test_house_people_ask_for_the_other_houses_contacts_with_a_firm(client_as, log, name):
    other = log(OTHER_HOUSE[HOUSE_OF[name]], SUBMITTED)

    response = client_as(name).get(
        "/firms/contacts/", {"cvr": other.firm.cvr, "date": "15.03.2018"}
    )

    assert response.status_code == 200
    [contact] = response.json()["contacts"]
    assert other.firm.name in contact


def test_contacts_never_mention_the_other_houses_drafts(client_as, log, sofie):
    shared_firm = log("sjaelland", SUBMITTED).firm
    make_activity(author=sofie, firm=shared_firm, description="Sjællands kladde")

    response = client_as("hanne").get(
        "/firms/contacts/", {"cvr": shared_firm.cvr, "date": "15.03.2018"}
    )

    assert len(response.json()["contacts"]) == 1


@pytest.mark.parametrize("name", READERS)
def test_reviewers_and_administrators_cannot_ask_for_contacts(client_as, log, name):
    other = log("sjaelland", SUBMITTED)

    response = client_as(name).get(
        "/firms/contacts/", {"cvr": other.firm.cvr, "date": "15.03.2018"}
    )

    assert response.status_code == 403


@pytest.mark.parametrize("name", EVERYONE)
def test_every_role_opens_a_firms_page(client_as, firm, name):
    response = client_as(name).get(f"/firms/{firm.cvr}/")

    assert response.status_code == 200
    assert firm.name in response.content.decode()


@pytest.mark.parametrize("name", ["hanne", "mads", *READERS])
def test_firms_page_lists_only_activities_one_may_see(client_as, hanne, sofie, name):
    firm = make_firm(user=hanne, name="Delt Virksomhed A/S")
    shared = make_activity(
        author=hanne, firm=firm, description="Delt indberettet", status=SUBMITTED
    )
    draft = make_activity(author=sofie, firm=firm, description="Sjællands kladde")

    response = client_as(name).get(f"/firms/{firm.cvr}/")

    assert response.status_code == 200
    assert list(response.context["activities"]) == [shared]
    page = response.content.decode()
    assert f"/activities/{shared.pk}/" in page
    assert f"/activities/{draft.pk}/" not in page


@pytest.mark.parametrize("name", HOUSE_PEOPLE)
def test_house_people_edit_a_firm(client_as, firm, name):
    client = client_as(name)

    assert client.get(f"/firms/{firm.cvr}/edit/").status_code == 200
    response = client.post(
        f"/firms/{firm.cvr}/edit/",
        {
            "name": "Søgbar Maskinfabrik A/S",
            "municipality": firm.municipality_id,
            "sector": "",
            "version": firm.version,
        },
    )

    assert response.status_code == 302
    assert Firm.objects.get(pk=firm.pk).name == "Søgbar Maskinfabrik A/S"


@pytest.mark.parametrize("name", READERS)
def test_reviewers_and_administrators_cannot_edit_a_firm(client_as, firm, name):
    client = client_as(name)

    assert client.get(f"/firms/{firm.cvr}/edit/").status_code == 403
    response = client.post(
        f"/firms/{firm.cvr}/edit/",
        {
            "name": "Omdøbt af en læser",
            "municipality": firm.municipality_id,
            "sector": "",
            "version": firm.version,
        },
    )

    assert response.status_code == 403
    saved = Firm.objects.get(pk=firm.pk)
    assert (saved.name, saved.version) == (firm.name, firm.version)


@pytest.mark.parametrize("path", ["/firms/12345674/", "/firms/12345674/edit/"])
def test_unknown_firm_is_not_found(client_as, path):
    assert client_as("hanne").get(path).status_code == 404
