import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from reporting.activities import services
from tests.factories import make_activity, make_firm
from tests.reporting.activities.access_helpers import (
    DRAFT,
    HOUSE_MANAGER,
    HOUSE_STAFF,
    RETURNED,
    SUBMITTED,
    tag,
)
from tests.reporting.activities.files import PDF


@pytest.fixture
def media_in_tmp(settings, tmp_path):
    """Keep the evidence a test uploads in its own folder."""
    settings.MEDIA_ROOT = tmp_path


# The access tests' activities.


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


# The list's filters.


@pytest.fixture
def two_firms(hanne):
    """Two firms with unlike CVR numbers and names, one activity with each."""
    pi = make_firm(user=hanne, name="Pi Konsulenterne ApS", cvr="31415926")
    euler = make_firm(user=hanne, name="Eulers Maskinfabrik A/S", cvr="27182828")
    return (
        make_activity(author=hanne, firm=pi, description="Møde om eksport"),
        make_activity(author=hanne, firm=euler, description="Opfølgning på vækstplan"),
    )
