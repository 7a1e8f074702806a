"""The Municipalities page's table against a few activities counted by hand.

Every alive activity of the agreement counts by its house and the municipality
where it took place: approved ones as activities, submitted ones as pending;
drafts, returned and deleted ones and those with no municipality not at all. The
all-houses row is the sum of the houses'. After each change through the services,
the queued update must leave the table as a full recompute writes it.
"""

import pytest

from agreement.models import Municipality
from reporting.activities import services
from reporting.models import Activity, MunicipalityActivity
from reporting.rollups import services as rollups
from tests.factories import HOVEDSTADEN, SJAELLAND, house, make_activity, make_firm
from tests.reporting.rollups.commits import commit, forget_queued
from tests.reporting.rollups.year import (
    APPROVED,
    DELETED,
    DRAFT,
    MANAGER_OF,
    RETURNED,
    SUBMITTED,
    house_name,
)

pytestmark = pytest.mark.django_db

# label: (who logs it, municipality code or None, status, more). Events name their
# place; a guidance without one takes its firm's.
LOG = {
    "h1": ("hanne", 101, APPROVED, {}),
    "h2": ("hanne", 101, APPROVED, {}),
    "h3": ("hanne", 101, SUBMITTED, {}),
    "h4": ("hanne", None, APPROVED, {"firm_in": 147}),
    "h5": ("hanne", 147, DRAFT, {}),
    "h6": ("hanne", 265, DELETED, {}),
    "h7": ("hanne", None, APPROVED, {}),  # took place nowhere in particular
    "s1": ("sofie", 101, APPROVED, {}),
    "s2": ("sofie", 265, SUBMITTED, {}),
    "s3": ("sofie", 265, RETURNED, {}),
    "s4": ("sofie", 259, APPROVED, {"elsewhere": True}),  # S's, delivered in H's region
}

# Counted by hand: {(house, municipality code): (activities, pending)}; the houses by
# their short names (year.HOUSE_NAMES): H, S and "all" for the totals.
EXPECTED = {
    ("H", 101): (2, 1),  # h1 h2 | h3
    ("H", 147): (1, 0),  # h4 (its firm's); h5 a draft
    ("S", 101): (1, 0),  # s1
    ("S", 259): (1, 0),  # s4
    ("S", 265): (0, 1),  # s2; s3 returned
    ("all", 101): (3, 1),
    ("all", 147): (1, 0),
    ("all", 259): (1, 0),
    ("all", 265): (0, 1),  # h6 deleted
}


def municipality(code):
    return Municipality.objects.get(code=code)


def log(people, label):
    who, code, status, more = LOG[label]
    author, manager = people[who], people[MANAGER_OF[who]]
    fields = {}
    if "firm_in" in more:
        fields["activity_type"] = "guidance"
        fields["firm"] = make_firm(user=author, municipality_code=more["firm_in"])
    else:
        fields["activity_type"] = "event"
        fields["municipality"] = municipality(code) if code else None
    if more.get("elsewhere"):
        fields["delivered_in"] = house(HOVEDSTADEN if who == "sofie" else SJAELLAND)
    activity = make_activity(
        author=author,
        status=SUBMITTED if status in (RETURNED, DELETED) else status,
        **fields,
    )
    if status == RETURNED:
        services.activity_return(
            activity=activity, user=manager, version=activity.version, reason="Hvor?"
        )
    if status == DELETED:
        services.activity_approve(activity=activity, user=manager, version=activity.version)
        services.activity_delete(activity=activity, user=manager, version=activity.version)
    return activity


@pytest.fixture
def logged(people, agreement_2018):
    """Log the activities above; return them by label, the agreement's full run made."""
    with forget_queued():
        activities = {label: log(people, label) for label in LOG}
    rollups.rollup_full(agreement_2018)
    return activities


def counted(agreement):
    """Return the table as {(house, municipality code): (activities, pending)}."""
    rows = MunicipalityActivity.objects.filter(agreement=agreement).values_list(
        "house__key", "municipality__code", "activities", "pending"
    )
    found = {}
    for house_key, code, activities, pending in rows:
        cell = (house_name(house_key), code)
        assert cell not in found, f"two rows for {cell}"
        found[cell] = (activities, pending)
    return found


# --- Counted by hand ---------------------------------------------------------------


def test_the_full_run_counts_approved_and_pending_by_house_and_municipality(logged, agreement_2018):
    assert counted(agreement_2018) == EXPECTED


def test_a_municipality_with_nothing_counted_has_no_row(logged, agreement_2018):
    # 147 has a draft of H's, 265 a deleted one of H's: no row for those houses.
    assert not MunicipalityActivity.objects.filter(
        agreement=agreement_2018, activities=0, pending=0
    ).exists()
    assert ("H", 265) not in counted(agreement_2018)


def test_a_second_full_run_changes_nothing(logged, agreement_2018):
    first = counted(agreement_2018)

    rollups.rollup_full(agreement_2018)

    assert counted(agreement_2018) == first == EXPECTED


# --- Updating after each change -----------------------------------------------------


def current(activities, label):
    """Return the activity as it is now (the version a user would see)."""
    return Activity.objects.get(pk=activities[label].pk)


def act(activities, label, action, user, **more):
    activity = current(activities, label)
    service = getattr(services, f"activity_{action}")
    return service(activity=activity, user=user, version=activity.version, **more)


def edit(activities, label, user, **fields):
    return act(activities, label, "update", user, **fields)


def changes(activities, people):
    """Return (what happens, the change, the cells it changes to) in turn."""
    hanne, mads, sofie, morten = (people[name] for name in ("hanne", "mads", "sofie", "morten"))

    def log_new(status):
        def change():
            activities["n1"] = make_activity(
                author=hanne, activity_type="event", municipality=municipality(219), status=status
            )

        return change

    return [
        ("hanne logs a draft in Hillerød", log_new(DRAFT), {}),
        (
            "she submits it",
            lambda: act(activities, "n1", "submit", hanne),
            {("H", 219): (0, 1), ("all", 219): (0, 1)},
        ),
        (
            "mads approves it",
            lambda: act(activities, "n1", "approve", mads),
            {("H", 219): (1, 0), ("all", 219): (1, 0)},
        ),
        (
            "mads returns a pending one",
            lambda: act(activities, "h3", "return", mads, reason="Hvem deltog?"),
            {("H", 101): (2, 0), ("all", 101): (3, 0)},
        ),
        (
            "hanne corrects it and submits it",
            lambda: edit(activities, "h3", hanne, description="Med deltagerliste", submit=True),
            {("H", 101): (2, 1), ("all", 101): (3, 1)},
        ),
        (
            "mads deletes an approved one",
            lambda: act(activities, "h1", "delete", mads),
            {("H", 101): (1, 1), ("all", 101): (2, 1)},
        ),
        (
            "mads restores the deleted one in Roskilde",
            lambda: act(activities, "h6", "restore", mads),
            {("H", 265): (1, 0), ("all", 265): (1, 1)},
        ),
        (
            "an event moves from København to Køge",
            lambda: edit(activities, "s1", sofie, municipality=municipality(259)),
            {("S", 101): None, ("S", 259): (2, 0), ("all", 101): (1, 1), ("all", 259): (2, 0)},
        ),
        (
            "an event is logged as Sjælland's instead of Hovedstaden's",
            lambda: edit(activities, "h2", hanne, house=house(SJAELLAND)),
            {("H", 101): (0, 1), ("S", 101): (1, 0), ("all", 101): (1, 1)},
        ),
        (
            "an event's place is cleared",
            lambda: edit(activities, "s4", sofie, municipality=None),
            {("S", 259): (1, 0), ("all", 259): (1, 0)},
        ),
        (
            "an event without a place gets one",
            lambda: edit(activities, "h7", hanne, municipality=municipality(147)),
            {("H", 147): (2, 0), ("all", 147): (2, 0)},
        ),
        (
            "morten approves the pending one in Roskilde",
            lambda: act(activities, "s2", "approve", morten),
            {("S", 265): (1, 0), ("all", 265): (2, 0)},
        ),
    ]


@pytest.mark.usefixtures("tasks_in_process")
def test_after_each_change_the_update_gives_the_rows_of_a_full_recompute(
    logged, people, agreement_2018
):
    expected = dict(EXPECTED)
    for what, change, cells in changes(logged, people):
        assert commit(change), f"{what}: nothing was queued"
        updated = counted(agreement_2018)
        for cell, counts in cells.items():
            if counts is None:
                expected.pop(cell)
            else:
                expected[cell] = counts
        assert updated == expected, what

        rollups.rollup_full(agreement_2018)
        assert counted(agreement_2018) == updated, what


def test_an_update_rewrites_only_the_cells_of_its_keys(logged, agreement_2018):
    # Spoil two rows: the update of one key mends its own cells and leaves the other.
    cells = MunicipalityActivity.objects.filter(agreement=agreement_2018)
    cells.filter(house=house(HOVEDSTADEN), municipality__code=101).update(activities=9)
    cells.filter(house=None, municipality__code=101).update(activities=9)
    cells.filter(house=house(SJAELLAND), municipality__code=259).update(activities=9)
    key = rollups.activity_key(Activity.objects.get(pk=logged["h1"].pk))

    rollups.rollup_update(agreement_2018, [key])

    table = counted(agreement_2018)
    assert table[("H", 101)] == EXPECTED[("H", 101)]
    assert table[("all", 101)] == EXPECTED[("all", 101)]
    assert table[("S", 259)] == (9, 0)


def test_the_first_update_of_an_agreement_never_recomputed_counts_everything(
    people, agreement_2018
):
    with forget_queued():
        for label in LOG:
            log(people, label)
    activity = make_activity(
        author=people["sofie"], activity_type="event", municipality=municipality(101)
    )

    rollups.rollup_update(agreement_2018, [rollups.activity_key(activity)])

    assert counted(agreement_2018) == EXPECTED
