"""Work queues on the landing page and in the menu, for each role; and the notices pages."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reporting.activities import services
from reporting.models import Activity, ImportBatch, Notice
from reporting.notices import services as notices
from tests.factories import make_activity
from tests.reporting.activities.form_helpers import page_text

pytestmark = pytest.mark.django_db


def section(response, key):
    """Return the text of the landing page's queue section."""
    page = page_text(response)
    start = page.index(f'data-testid="queue-{key}"')
    return page[start : page.index("</section>", start)]


def test_a_manager_sees_what_waits_for_approval_and_for_staff(client_for, hanne, mads, sofie):
    make_activity(author=hanne, status=Activity.Status.SUBMITTED, description="Første")
    make_activity(author=hanne, status=Activity.Status.SUBMITTED, date=datetime.date(2018, 4, 2))
    returned = make_activity(author=hanne, status=Activity.Status.SUBMITTED)

    services.activity_return(activity=returned, user=mads, version=returned.version, reason="x")
    make_activity(author=hanne, status=Activity.Status.DRAFT)
    make_activity(author=sofie, status=Activity.Status.SUBMITTED)  # the other house's

    response = client_for(mads).get("/")

    assert response.status_code == 200
    assert "Til godkendelse (2)" in section(response, "to_approve")
    assert "Sendt retur, venter på medarbejderen (1)" in section(response, "returned_to_staff")
    assert 'data-testid="menu-queue"' in page_text(response)
    assert "Til godkendelse (2)</a>" in page_text(response)


def test_a_manager_sees_imports_waiting_and_status_texts_due(client_for, mads, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    batch = ImportBatch(house=mads.organisation, uploaded_by=mads, file_name="erp-juni.xlsx")
    batch.file.save("erp-juni.xlsx", ContentFile(b"x"), save=False)
    batch.save()

    response = client_for(mads).get("/")

    assert "erp-juni.xlsx" in section(response, "imports")
    assert "Importer, der venter på bekræftelse (1)" in section(response, "imports")
    assert "Statustekster, der skal skrives i dette kvartal" in section(response, "status-texts")


def test_staff_see_what_came_back_their_drafts_and_what_waits(client_for, hanne, mads):
    returned = make_activity(author=hanne, status=Activity.Status.SUBMITTED)

    services.activity_return(
        activity=returned, user=mads, version=returned.version, reason="Mangler CVR"
    )
    make_activity(author=hanne, status=Activity.Status.DRAFT)
    make_activity(author=hanne, status=Activity.Status.SUBMITTED)
    make_activity(author=mads, status=Activity.Status.DRAFT)  # the manager's own draft

    response = client_for(hanne).get("/")

    assert "Sendt retur til mig (1)" in section(response, "returned_to_me")
    assert "Mangler CVR" in section(response, "returned_to_me")
    assert "Mine kladder (1)" in section(response, "my_drafts")
    assert "Indsendt, venter på godkendelse (1)" in section(response, "my_submitted")
    assert "Sendt retur til mig (1)</a>" in page_text(response)
    assert 'data-testid="queue-to_approve"' not in page_text(response)


@pytest.mark.parametrize("name", ["rikke", "anne"])
def test_reviewers_and_administrators_land_on_the_overview(client_as, name):
    response = client_as(name).get("/")

    assert response.status_code == 302
    assert response.url == "/agreements/2018/dashboard/"


def test_a_user_without_a_role_is_refused_the_landing_page(client_as):
    assert client_as("stranger").get("/").status_code == 403


def test_approving_from_the_landing_page_comes_back_to_it(client_for, hanne, mads):
    activity = make_activity(author=hanne, status=Activity.Status.SUBMITTED)

    response = client_for(mads).post(
        f"/activities/{activity.pk}/approve/", {"version": activity.version, "next": "/"}
    )

    assert response.status_code == 302
    assert response.url == "/"
    assert Activity.objects.get().status == Activity.Status.APPROVED


def test_an_approval_never_goes_back_to_another_site(client_for, hanne, mads):
    activity = make_activity(author=hanne, status=Activity.Status.SUBMITTED)

    response = client_for(mads).post(
        f"/activities/{activity.pk}/approve/",
        {"version": activity.version, "next": "https://example.com/"},
    )

    assert response.url == activity.get_absolute_url()


# The notices pages: each user's own.


def make_notice(person, subject="Din aktivitet er sendt retur", key="1"):
    return Notice.objects.create(
        recipient=person,
        kind=Notice.Kind.ACTIVITY_RETURNED,
        key=key,
        subject=subject,
        body="Begrundelse: x",
        url="/activities/",
    )


def test_unread_notices_are_counted_in_the_menu_and_listed(client_for, hanne):
    make_notice(hanne)

    response = client_for(hanne).get("/notices/")

    assert "Beskeder (1)</a>" in page_text(response)
    assert "Din aktivitet er sendt retur" in page_text(response)


def test_opening_a_notice_marks_it_read_and_goes_to_its_page(client_for, hanne):
    notice = make_notice(hanne)

    response = client_for(hanne).post(f"/notices/{notice.pk}/read/")

    assert response.url == "/activities/"
    assert Notice.objects.get().read_at is not None


def test_nobody_opens_another_users_notice(client_for, hanne, sofie):
    notice = make_notice(hanne)

    assert client_for(sofie).post(f"/notices/{notice.pk}/read/").status_code == 404
    assert Notice.objects.get().read_at is None


def test_marking_all_read_marks_only_ones_own(client_for, hanne, sofie):
    make_notice(hanne)
    make_notice(sofie)

    client_for(hanne).post("/notices/read/")

    assert list(Notice.objects.filter(read_at__isnull=True).values_list("recipient", flat=True))
    assert not Notice.objects.filter(recipient=hanne, read_at__isnull=True).exists()


@pytest.mark.parametrize("path", ["/notices/", "/notices/settings/"])
def test_a_user_without_a_role_is_refused_the_notices(client_as, path):
    assert client_as("stranger").get(path).status_code == 403


def test_staff_turn_returned_notices_off_on_their_settings(client_for, hanne):
    client = client_for(hanne)
    page = client.get("/notices/settings/")
    assert "En af mine aktiviteter er sendt retur" in page_text(page)
    # Staff get no manager's digests, so they are not offered.
    assert "venter på min godkendelse" not in page_text(page)

    response = client.post("/notices/settings/", {"language": "en"})

    assert response.status_code == 302
    chosen = notices.settings_of(hanne)
    assert chosen.activity_returned is False
    assert chosen.language == "en"


def test_a_reviewer_is_offered_only_the_weekly_digest(client_as):
    page = page_text(client_as("rikke").get("/notices/settings/"))

    assert "flyttet til i risiko eller bagud" in page
    assert "sendt retur" not in page


def test_the_landing_page_reads_as_many_queries_for_many_activities_as_for_few(
    client_for, hanne, mads
):
    def queries_with(count):
        for _index in range(count):
            make_activity(author=hanne, status=Activity.Status.SUBMITTED)
        client = client_for(mads)
        client.get("/")  # the session and the chosen year are read once
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/").status_code == 200
        return len(captured)

    few = queries_with(2)
    many = queries_with(20)

    assert many == few
