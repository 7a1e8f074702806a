"""A closed year refuses every write, each with the same Danish message, and keeps what it has.

A closing year still takes them until its deadline; after the deadline it is closed.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError

from agreement.models import Agreement
from goals import services as goal_services
from goals.models import Goal, Progress, Target
from reporting.activities import services, uploads
from reporting.erp_import import services as imports
from reporting.models import Activity, Evidence
from tests.factories import make_activity, make_firm
from tests.reporting.erp_import.import_files import csv_bytes, erp_row, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def work(hanne, mads):
    """What the house wrote in 2018 while it was open: an activity in each status, evidence,
    a status text, an effect measurement and a milestone completion."""
    made = {
        status: make_activity(author=hanne, status=status, links=["https://example.dk/referat"])
        for status in (Activity.Status.DRAFT, Activity.Status.SUBMITTED, Activity.Status.APPROVED)
    }
    returned = make_activity(author=hanne, status=Activity.Status.SUBMITTED)
    made["returned"] = services.activity_return(
        activity=returned, user=mads, version=returned.version, reason="Mangler CVR"
    )
    deleted = make_activity(author=hanne)
    services.activity_delete(activity=deleted, user=mads, version=deleted.version)
    made["deleted"] = deleted
    made["evidence"] = Evidence.objects.get(activity=made["draft"])
    made["text"] = goal_services.status_text_save(
        goal=Goal.objects.get(code="a.1", focus_area__agreement__year=2018),
        house=mads.organisation,
        quarter=4,
        status=Progress.ON_TRACK,
        text="Vi er godt på vej.",
        author=mads,
    )
    effect = Target.objects.get(code="b.b.international-activity", agreement__year=2018)
    made["measurement"] = goal_services.effect_measurement_create(
        target=effect,
        house=mads.organisation,
        numerator=132,
        denominator=410,
        source="Kundeundersøgelse",
        measured_on=datetime.date(2018, 11, 30),
        author=mads,
    )
    milestone = Target.objects.get(code="c.1.kommissorium", agreement__year=2018)
    made["completion"] = goal_services.milestone_complete(
        target=milestone,
        house=mads.organisation,
        done_on=datetime.date(2018, 5, 15),
        evidence_url="https://example.dk/kommissorium.pdf",
        author=mads,
    )
    return made


def set_2018(work, **fields):
    """Change the 2018 agreement as an administrator would, and read the work again."""
    Agreement.objects.filter(year=2018).update(**fields)
    for made in work.values():
        made.refresh_from_db()


def writes(work, hanne, mads):
    """Every kind of write to the year, as the services take it."""
    draft, submitted = work["draft"], work["submitted"]
    firm = make_firm(user=hanne)
    return {
        "log an activity": lambda: services.activity_create(
            agreement=Agreement.objects.get(year=2018),
            house=hanne.organisation,
            author=hanne,
            activity_type=draft.activity_type,
            date=datetime.date(2018, 11, 15),
            firm=firm,
        ),
        "edit": lambda: services.activity_update(
            activity=draft, user=hanne, version=draft.version, description="Rettet"
        ),
        "add evidence": lambda: services.activity_update(
            activity=draft, user=hanne, version=draft.version, links=["https://example.dk/ny"]
        ),
        "remove evidence": lambda: uploads.evidence_remove(evidence=work["evidence"], user=hanne),
        "submit": lambda: services.activity_submit(
            activity=draft, user=hanne, version=draft.version
        ),
        "approve": lambda: services.activity_approve(
            activity=submitted, user=mads, version=submitted.version
        ),
        "return": lambda: services.activity_return(
            activity=submitted, user=mads, version=submitted.version, reason="Mangler CVR"
        ),
        "delete": lambda: services.activity_delete(
            activity=draft, user=hanne, version=draft.version
        ),
        "restore": lambda: services.activity_restore(
            activity=work["deleted"], user=mads, version=work["deleted"].version
        ),
        "status text": lambda: goal_services.status_text_save(
            goal=work["text"].goal,
            house=mads.organisation,
            quarter=4,
            status=Progress.AT_RISK,
            text="Rettet",
            author=mads,
            version=work["text"].version,
        ),
        "effect measurement": lambda: goal_services.effect_measurement_create(
            target=work["measurement"].target,
            house=mads.organisation,
            numerator=1,
            denominator=2,
            source="Ny",
            measured_on=datetime.date(2018, 12, 1),
            author=mads,
        ),
        "correct a measurement": lambda: goal_services.effect_measurement_update(
            measurement=work["measurement"],
            user=mads,
            version=work["measurement"].version,
            numerator=1,
            denominator=2,
            source="Ny",
            measured_on=datetime.date(2018, 12, 1),
        ),
        "complete a milestone": lambda: goal_services.milestone_complete(
            target=work["completion"].target,
            house=mads.organisation,
            done_on=datetime.date(2018, 6, 1),
            author=mads,
            evidence_url="https://example.dk/ny.pdf",
            version=work["completion"].version,
        ),
        "reopen a milestone": lambda: goal_services.milestone_reopen(
            completion=work["completion"], user=mads, version=work["completion"].version
        ),
    }


WRITES = [
    "log an activity",
    "edit",
    "add evidence",
    "remove evidence",
    "submit",
    "approve",
    "return",
    "delete",
    "restore",
    "status text",
    "effect measurement",
    "correct a measurement",
    "complete a milestone",
    "reopen a milestone",
]


def snapshot():
    return {
        "activities": list(
            Activity.objects.order_by("pk").values_list(
                "status", "description", "deleted_at", "version"
            )
        ),
        "evidence": Evidence.objects.count(),
        "history": Activity.history.count(),
    }


@pytest.mark.parametrize("write", WRITES)
def test_a_closed_year_refuses_the_write_in_danish_and_keeps_what_it_has(write, work, hanne, mads):
    attempts = writes(work, hanne, mads)
    set_2018(work, status=Agreement.Status.CLOSED)
    before = snapshot()

    with pytest.raises(ValidationError) as refused:
        attempts[write]()

    assert refused.value.messages == [
        "Regional aftale 2018 er lukket: der kan ikke længere registreres eller ændres noget i den."
    ]
    assert snapshot() == before


def test_an_import_into_a_closed_year_names_each_refused_row(work, mads):
    batch = imports.import_upload(
        house=mads.organisation,
        user=mads,
        upload=upload(csv_bytes([erp_row(date="15.11.2018", activity_type="Event")]), "e.csv"),
    )
    set_2018(work, status=Agreement.Status.CLOSED)
    before = snapshot()

    plan = imports.import_preview(batch=batch, user=mads).plan
    batch = imports.import_confirm(batch=batch, user=mads)

    assert [str(error) for error in plan.errors] == [
        "Række 2, Dato: Regional aftale 2018 er lukket: der kan ikke længere registreres "
        "eller ændres noget i den."
    ]
    assert (batch.created_count, batch.error_count) == (0, 1)
    assert snapshot() == before


@pytest.mark.parametrize("write", WRITES)
def test_a_closing_year_takes_the_write_until_its_deadline(write, work, hanne, mads):
    attempts = writes(work, hanne, mads)
    deadline = datetime.date.today() + datetime.timedelta(days=1)
    set_2018(work, status=Agreement.Status.CLOSING, entries_close_on=deadline)

    attempts[write]()  # no refusal


def test_after_the_deadline_the_refusal_names_it(work, hanne):
    set_2018(work, status=Agreement.Status.CLOSING, entries_close_on=datetime.date(2019, 1, 31))
    draft = work["draft"]

    with pytest.raises(ValidationError) as refused:
        services.activity_submit(activity=draft, user=hanne, version=draft.version)

    assert refused.value.messages == [
        "Regional aftale 2018 er lukket: fristen for sene registreringer var 31. januar 2019, "
        "så der kan ikke længere registreres eller ændres noget i den."
    ]
    assert Agreement.objects.get(year=2018).get_state_display() == "Lukket"
