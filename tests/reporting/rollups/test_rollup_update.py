"""The roll-up update after each change through the services, against a full recompute.

A change queues an update of the cells it touches once its transaction commits; after
each change in turn, through the year of year.py, the updated tables must be those a
full recompute writes.
"""

import datetime

import pytest
from django.db import transaction

from agreement.models import Municipality
from goals import services as goal_services
from goals.models import ActivityType, Progress
from reporting.activities import services
from reporting.models import Activity, Firm
from reporting.rollups import services as rollups
from tests.factories import SJAELLAND, house, new_cvr
from tests.reporting.rollups.commits import commit
from tests.reporting.rollups.tables import (
    assert_subsets_within_parents,
    differences,
    recomputed,
    tables,
)
from tests.reporting.rollups.year import (
    APPROVED,
    COPENHAGEN,
    DRAFT,
    MID_YEAR,
    agreement,
    goal,
    guided,
    log,
    target,
)

pytestmark = pytest.mark.django_db


def test_updating_the_same_cells_twice_changes_nothing(year):
    rollups.rollup_full(agreement(), today=MID_YEAR)
    every_key = [rollups.activity_key(activity) for activity in Activity.objects.all()]
    first = tables(agreement())

    rollups.rollup_update(agreement(), every_key, today=MID_YEAR)
    rollups.rollup_update(agreement(), every_key, today=MID_YEAR)

    assert tables(agreement()) == first


def activity(year, label):
    """Return the activity as it is now (the version a user would see)."""
    return Activity.objects.get(pk=year[label].pk)


def firm(year, name):
    return Firm.objects.get(pk=year[name].pk)


def edit(year, label, user, **fields):
    current = activity(year, label)
    return services.activity_update(activity=current, user=user, version=current.version, **fields)


def act(year, label, action, user, **more):
    current = activity(year, label)
    service = getattr(services, f"activity_{action}")
    return service(activity=current, user=user, version=current.version, **more)


def changes(year, people):
    """Return (what happens, the change) in an order a year could have them."""
    hanne, mads, sofie, morten = (people[name] for name in ("hanne", "mads", "sofie", "morten"))

    def log_new():
        lambda_aps = Firm(
            cvr=new_cvr(), name="Lambda ApS", municipality=Municipality.objects.get(code=159)
        )
        year["n1"] = log(people, "hanne", "guidance", (4, 11), firm=lambda_aps, status=DRAFT)

    @transaction.atomic
    def several_at_once():
        # One transaction, one roll-up task for all of it (as an import would).
        year["n2"] = log(people, "sofie", "growth_mapping", (2, 14), firm=firm(year, "eta"))
        year["n3"] = log(people, "hanne", "guidance", (8, 3), firm=firm(year, "iota"))
        act(year, "m5", "approve", mads)
        act(year, "g4", "delete", morten)

    return [
        ("hanne logs a guidance of a new firm as a draft", log_new),
        ("hanne submits it", lambda: act(year, "n1", "submit", hanne)),
        ("mads approves it", lambda: act(year, "n1", "approve", mads)),
        (
            "hanne makes it a growth mapping",
            lambda: edit(
                year, "n1", hanne, activity_type=ActivityType.objects.get(code="growth_mapping")
            ),
        ),
        ("hanne moves it to firm alfa", lambda: edit(year, "n1", hanne, firm=firm(year, "alfa"))),
        (
            "hanne moves it to 30 May",
            lambda: edit(year, "n1", hanne, date=datetime.date(2018, 5, 30)),
        ),
        ("it was Sjælland's", lambda: edit(year, "n1", hanne, house=house(SJAELLAND))),
        (
            "a growth course took place in Køge",
            lambda: edit(year, "c3", sofie, municipality=Municipality.objects.get(code=259)),
        ),
        (
            "a growth course at home was delivered in the other house",
            lambda: edit(year, "c4", hanne, delivered_in=house(SJAELLAND)),
        ),
        ("an event is unlinked from 2a", lambda: edit(year, "e1", hanne, goals=[])),
        (
            "an unlinked event is linked to 2a",
            lambda: edit(year, "e2", sofie, goals=[goal("a.2a")]),
        ),
        (
            "morten returns a submitted event",
            lambda: act(year, "e3", "return", morten, reason="Dato?"),
        ),
        ("mads deletes an approved guidance", lambda: act(year, "g1", "delete", mads)),
        ("mads restores it", lambda: act(year, "g1", "restore", mads)),
        ("sofie submits her draft", lambda: act(year, "g10", "submit", sofie)),
        ("morten approves it", lambda: act(year, "g10", "approve", morten)),
        (
            "sofie corrects the returned one and submits it",
            lambda: edit(year, "g11", sofie, submit=True),
        ),
        (
            "a pending growth mapping was a guidance",
            lambda: edit(
                year, "m2", hanne, activity_type=ActivityType.objects.get(code="guidance")
            ),
        ),
        ("an approved growth mapping is deleted", lambda: act(year, "m3", "delete", mads)),
        (
            "a guidance moves to December",
            lambda: edit(year, "g8", hanne, date=datetime.date(2018, 12, 1)),
        ),
        (
            "firm zeta moves to København",
            lambda: services.firm_update(
                firm=firm(year, "zeta"),
                version=firm(year, "zeta").version,
                user=hanne,
                municipality=Municipality.objects.get(code=101),
            ),
        ),
        ("mads deletes the programme", lambda: act(year, "r1", "delete", mads)),
        ("two activities logged, one approved and one deleted at once", several_at_once),
        # What the managers enter beside the log queues a full recompute.
        (
            "morten marks the EEN coordination as done for Sjælland",
            lambda: goal_services.milestone_complete(
                target=target("a.4b.een-coordination"),
                house=morten.organisation,
                done_on=datetime.date(2018, 6, 29),
                author=morten,
                evidence_url="https://example.org/een-referat",
            ),
        ),
        (
            "mads reopens the joint InterReg application",
            lambda: goal_services.milestone_reopen(
                completion=target("a.3a.interreg-application").milestone_completions.get(),
                user=mads,
                version=target("a.3a.interreg-application").milestone_completions.get().version,
            ),
        ),
        (
            "morten measures Sjælland's international activity again",
            lambda: goal_services.effect_measurement_create(
                target=target("b.b.international-activity"),
                house=morten.organisation,
                numerator=45,
                denominator=100,
                source="Kundeundersøgelse juni",
                measured_on=datetime.date(2018, 6, 28),
                author=morten,
            ),
        ),
        (
            "mads writes a status text on b.e",
            lambda: goal_services.status_text_save(
                goal=goal("b.e"),
                house=mads.organisation,
                quarter=2,
                status=Progress.ON_TRACK,
                text="To cases med jobcentrene.",
                author=mads,
            ),
        ),
    ]


def test_after_each_change_the_update_gives_the_tables_of_a_full_recompute(
    year, people, time_machine, tasks_in_process
):
    # The queued task runs with today's date.
    time_machine.move_to(datetime.datetime(2018, 6, 30, 12, tzinfo=COPENHAGEN), tick=False)
    rollups.rollup_full(agreement())

    for what, change in changes(year, people):
        assert commit(change), f"{what}: nothing was queued"
        updated = tables(agreement())
        assert differences(updated, recomputed(agreement())) == {}, what
        assert_subsets_within_parents(agreement())


def test_the_first_update_of_an_agreement_never_recomputed_fills_the_tables(
    people, time_machine, tasks_in_process
):
    time_machine.move_to(datetime.datetime(2018, 6, 30, 12, tzinfo=COPENHAGEN), tick=False)

    def change():
        firm = services.firm_create(
            cvr=new_cvr(),
            name="Ny ApS",
            municipality=Municipality.objects.get(code=101),
            user=people["hanne"],
        )
        log(people, "hanne", "guidance", (3, 1), firm=firm, status=APPROVED)

    assert commit(change)
    updated = tables(agreement())

    assert differences(updated, recomputed(agreement())) == {}
    assert guided("all") == (1, 0)
