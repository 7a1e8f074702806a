"""The roll-up update under random changes to the year of year.py, found by Hypothesis."""

import datetime

import hypothesis
import pytest
from django.db import transaction
from hypothesis import HealthCheck
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, rule, run_state_machine_as_test

from agreement.models import Municipality
from goals.models import ActivityType, Goal
from reporting.activities import services
from reporting.models import Activity, Firm
from reporting.rollups import services as rollups
from tests.factories import HOVEDSTADEN, SJAELLAND, house
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
    FIRMS,
    MANAGER_OF,
    RETURNED,
    SUBMITTED,
    agreement,
    log,
)

pytestmark = pytest.mark.django_db


MACHINE_TYPES = ["guidance", "growth_mapping", "growth_course", "event", "professional_area"]
MACHINE_PLACES = [101, 157, 265, 316]


class RandomChanges(RuleBasedStateMachine):
    """Random changes through the services, each committed and its roll-up run as queued.

    Each run starts from the hand-counted year and its full run, and is rolled back
    afterwards; at its end the updated tables must equal a full recompute's.
    """

    people: dict = {}
    year: dict = {}

    def __init__(self):
        super().__init__()
        # The year and its full run are in place; each run is rolled back to them.
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        self.agreement = agreement()
        self.activity_ids = [
            activity.pk for activity in self.year.values() if isinstance(activity, Activity)
        ]
        self.firm_ids = [self.year[name].pk for name in FIRMS]

    def teardown(self):
        # Compared once at the end: a full recompute after each step would reset the
        # tables (and take most of the time), so errors that build up would be missed.
        try:
            assert_subsets_within_parents(self.agreement)
            updated = tables(self.agreement)
            assert differences(updated, recomputed(self.agreement)) == {}
        finally:
            transaction.set_rollback(True)
            self.atomic.__exit__(None, None, None)

    def run(self, change):
        assert commit(change)

    def pick(self, index):
        return Activity.objects.get(pk=self.activity_ids[index % len(self.activity_ids)])

    @rule(
        who=st.sampled_from(["hanne", "sofie"]),
        kind=st.sampled_from(MACHINE_TYPES),
        month=st.integers(1, 12),
        firm=st.integers(0, len(FIRMS) - 1),
        status=st.sampled_from([DRAFT, SUBMITTED, APPROVED]),
        elsewhere=st.booleans(),
    )
    def log_an_activity(self, who, kind, month, firm, status, elsewhere):
        def change():
            activity = log(
                self.people,
                who,
                kind,
                (month, 1),
                firm=Firm.objects.get(pk=self.firm_ids[firm]),
                status=status,
                elsewhere=elsewhere,
            )
            self.activity_ids.append(activity.pk)

        self.run(change)

    @rule(index=st.integers(0, 200), approve=st.booleans())
    def review(self, index, approve):
        reviewable = Activity.objects.filter(
            pk__in=self.activity_ids, status__in=[DRAFT, SUBMITTED, RETURNED]
        ).order_by("pk")
        activity = reviewable[index % reviewable.count()]
        manager = self.people[MANAGER_OF["hanne" if activity.house.key == HOVEDSTADEN else "sofie"]]
        if activity.status == SUBMITTED and approve:
            action, more = services.activity_approve, {}
        elif activity.status == SUBMITTED:
            action, more = services.activity_return, {"reason": "Ret venligst"}
        else:
            action, more = services.activity_submit, {}
        self.run(lambda: action(activity=activity, user=manager, version=activity.version, **more))

    @rule(index=st.integers(0, 200))
    def delete_or_restore(self, index):
        activity = self.pick(index)
        action = services.activity_restore if activity.is_deleted else services.activity_delete
        user = self.people["mads"]
        self.run(lambda: action(activity=activity, user=user, version=activity.version))

    @rule(
        index=st.integers(0, 200),
        field=st.sampled_from(
            ["type", "firm", "house", "date", "municipality", "goals", "elsewhere", "firm moves"]
        ),
        choice=st.integers(0, 50),
    )
    def edit(self, index, field, choice):
        activity = self.pick(index)
        if field == "firm moves":
            self.move_the_firm(activity, choice)
            return
        if field == "type":
            kind = MACHINE_TYPES[choice % len(MACHINE_TYPES)]
            fields = {"activity_type": ActivityType.objects.get(code=kind)}
            if activity.firm_id is None:
                fields["firm"] = Firm.objects.get(pk=self.firm_ids[choice % len(self.firm_ids)])
        elif field == "firm":
            fields = {"firm": Firm.objects.get(pk=self.firm_ids[choice % len(self.firm_ids)])}
        elif field == "house":
            moved = house(SJAELLAND if activity.house.key == HOVEDSTADEN else HOVEDSTADEN)
            fields = {"house": moved}
            if activity.delivered_in_id == moved.pk:
                fields["delivered_in"] = activity.house
        elif field == "date":
            fields = {"date": datetime.date(2018, choice % 12 + 1, choice % 28 + 1)}
        elif field == "municipality":
            code = MACHINE_PLACES[choice % len(MACHINE_PLACES)]
            fields = {"municipality": Municipality.objects.get(code=code)}
        elif field == "goals":
            fields = {"goals": [] if activity.goals.exists() else None}
            if fields["goals"] is None:
                fields["goals"] = list(
                    Goal.objects.filter(
                        targets__agreement=self.agreement,
                        targets__activity_types=activity.activity_type,
                    ).distinct()
                )
        else:
            other = house(SJAELLAND if activity.house.key == HOVEDSTADEN else HOVEDSTADEN)
            fields = {"delivered_in": None if activity.delivered_in_id else other}
        user = self.people["hanne"]
        self.run(
            lambda: services.activity_update(
                activity=activity, user=user, version=activity.version, **fields
            )
        )

    def move_the_firm(self, activity, choice):
        """Move the activity's firm to another municipality: that queues a full recompute."""
        moved = activity.firm or Firm.objects.get(pk=self.firm_ids[choice % len(self.firm_ids)])
        elsewhere = [code for code in MACHINE_PLACES if code != moved.municipality.code]
        municipality = Municipality.objects.get(code=elsewhere[choice % len(elsewhere)])
        user = self.people["hanne"]
        self.run(
            lambda: services.firm_update(
                firm=moved, version=moved.version, user=user, municipality=municipality
            )
        )


def test_random_changes_keep_the_updated_tables_equal_to_a_full_recompute(
    year, people, time_machine, tasks_in_process
):
    time_machine.move_to(datetime.datetime(2018, 6, 30, 12, tzinfo=COPENHAGEN), tick=False)
    rollups.rollup_full(agreement())
    RandomChanges.people, RandomChanges.year = people, year

    run_state_machine_as_test(
        RandomChanges,
        settings=hypothesis.settings(
            max_examples=6,
            stateful_step_count=10,
            deadline=None,
            suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        ),
    )
