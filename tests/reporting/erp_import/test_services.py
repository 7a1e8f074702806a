"""A manager imports the ERP export: preview first, then every valid row in one transaction.

Imported activities are approved, written by the manager and marked as imported in
their history; importing the same file again changes nothing, and a row changed in
the ERP updates its activity with one history entry.
"""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from agreement.models import Municipality
from reporting.activities import selectors
from reporting.erp_import import lookups, services, writing
from reporting.models import Activity, Firm, ImportBatch, Recount
from tests.factories import make_activity, make_firm, new_cvr
from tests.reporting.erp_import.import_files import csv_bytes, erp_row, upload, xlsx_bytes

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

IMPORTED = Activity.Change.IMPORTED


def uploaded(manager, content, name="eksport.xlsx"):
    return services.import_upload(
        house=manager.organisation, user=manager, upload=upload(content, name)
    )


def imported(manager, content, name="eksport.xlsx"):
    batch = uploaded(manager, content, name)
    return services.import_confirm(batch=batch, user=manager)


@pytest.fixture
def three_rows(hanne):
    """A growth mapping for a new firm, guidance for a known firm, and an event with no firm."""
    known = make_firm(user=hanne, name="Kendt Firma ApS", municipality_code=147)
    new = new_cvr()
    return [
        erp_row(
            "ERP-1",
            activity_type="Vækstkortlægning",
            cvr=new,
            firm_name="Ny Virksomhed ApS",
            municipality_code="159",
            description="Vækstkortlægning med fokus på eksport.",
        ),
        erp_row("ERP-2", activity_type="guidance", cvr=known.cvr, date="2018-06-01"),
        erp_row(
            "ERP-3", activity_type="Event", quantity="2,5", municipality_code="101", date="3.9.2018"
        ),
    ]


def test_the_preview_shows_what_will_be_created_and_writes_nothing(mads, three_rows):
    batch = uploaded(mads, xlsx_bytes(three_rows))

    preview = services.import_preview(batch=batch, user=mads)

    assert [planned.activity.erp_id for planned in preview.plan.created] == [
        "ERP-1",
        "ERP-2",
        "ERP-3",
    ]
    assert [planned.row for planned in preview.plan.created] == [2, 3, 4]
    assert preview.plan.updated == preview.plan.unchanged == preview.plan.errors == []
    assert [firm.name for firm in preview.plan.new_firms] == ["Ny Virksomhed ApS"]
    assert not Activity.objects.exists()
    assert not Firm.objects.filter(name="Ny Virksomhed ApS").exists()
    assert batch.confirmed_at is None


def test_confirming_writes_approved_activities_by_the_manager_marked_as_imported(
    mads, three_rows, agreement_2018
):
    batch = imported(mads, xlsx_bytes(three_rows))

    mapping, guidance, event = Activity.objects.order_by("erp_id")
    assert (batch.created_count, batch.updated_count, batch.unchanged_count) == (3, 0, 0)
    assert batch.error_count == 0
    assert batch.confirmed_at is not None
    for activity in (mapping, guidance, event):
        assert activity.status == Activity.Status.APPROVED
        assert activity.author == mads
        assert activity.house == mads.organisation
        assert activity.import_batch == batch
        assert activity.agreement == agreement_2018
        assert list(activity.goals.all()) == list(
            selectors.default_goals(agreement_2018, activity.activity_type)
        )
        (record,) = activity.history.all()
        assert (record.history_type, record.history_user, record.history_change_reason) == (
            "+",
            mads,
            IMPORTED,
        )
    assert mapping.activity_type.code == "growth_mapping"
    assert mapping.firm.name == "Ny Virksomhed ApS"
    assert mapping.municipality.name == "Gladsaxe"
    assert str(guidance.date) == "2018-06-01"
    assert event.quantity == Decimal("2.5")
    assert str(event.date) == "2018-09-03"
    assert event.firm is None
    assert event.municipality.name == "København"


def test_the_history_says_imported_and_who_imported(mads, three_rows):
    imported(mads, xlsx_bytes(three_rows))

    (entry,) = selectors.activity_history(Activity.objects.get(erp_id="ERP-1"))
    assert (entry.what, entry.who) == ("Imported", "Mads Testesen")


def test_a_new_firm_is_created_with_history_and_a_known_firm_is_left_as_is(mads, hanne, three_rows):
    known = Firm.objects.get(name="Kendt Firma ApS")
    rows = [*three_rows, erp_row("ERP-4", cvr=known.cvr, firm_name="Andet Navn A/S")]

    imported(mads, xlsx_bytes(rows))

    new = Firm.objects.get(name="Ny Virksomhed ApS")
    assert new.municipality.name == "Gladsaxe"
    (record,) = new.history.all()
    assert (record.history_type, record.history_user) == ("+", mads)
    known.refresh_from_db()
    assert known.name == "Kendt Firma ApS"
    assert known.history.count() == 1


def test_an_activity_without_a_municipality_code_takes_its_firms(mads, three_rows):
    imported(mads, xlsx_bytes(three_rows))

    assert Activity.objects.get(erp_id="ERP-2").municipality.name == "Frederiksberg"


def test_one_new_firm_in_several_rows_is_created_once(mads):
    cvr = new_cvr()
    rows = [
        erp_row("ERP-1", cvr=cvr, firm_name="Gentaget ApS", municipality_code="101"),
        erp_row("ERP-2", cvr=cvr),
    ]

    imported(mads, csv_bytes(rows), "eksport.csv")

    firm = Firm.objects.get(cvr=cvr)
    assert set(Activity.objects.values_list("firm", flat=True)) == {firm.pk}


def test_importing_the_same_file_again_changes_nothing(mads, three_rows):
    content = xlsx_bytes(three_rows)
    imported(mads, content)
    history = Activity.history.count(), Firm.history.count()
    versions = dict(Activity.objects.values_list("erp_id", "version"))

    again = uploaded(mads, content)
    preview = services.import_preview(batch=again, user=mads)
    assert len(preview.plan.unchanged) == 3
    assert preview.plan.created == preview.plan.updated == preview.plan.errors == []

    again = services.import_confirm(batch=again, user=mads)
    assert (again.created_count, again.updated_count, again.unchanged_count) == (0, 0, 3)
    assert (Activity.history.count(), Firm.history.count()) == history
    assert dict(Activity.objects.values_list("erp_id", "version")) == versions
    assert Activity.objects.count() == 3


def test_a_row_changed_in_the_erp_updates_its_activity_with_one_history_entry(mads, three_rows):
    first = imported(mads, xlsx_bytes(three_rows))
    activity = Activity.objects.get(erp_id="ERP-3")
    three_rows[2] = erp_row(
        "ERP-3", activity_type="Event", quantity="4", municipality_code="101", date="3.9.2018"
    )

    batch = uploaded(mads, xlsx_bytes(three_rows))
    preview = services.import_preview(batch=batch, user=mads)
    (planned,) = preview.plan.updated
    assert planned.changes == [("quantity", "2.5", "4")]
    batch = services.import_confirm(batch=batch, user=mads)

    assert (batch.created_count, batch.updated_count, batch.unchanged_count) == (0, 1, 2)
    changed = Activity.objects.get(erp_id="ERP-3")
    assert changed.quantity == 4
    assert changed.import_batch == first, "it keeps the import that created it"
    assert changed.version != activity.version, "a page opened before cannot save over it"
    newest, _created = selectors.activity_history(changed)
    assert (newest.what, newest.who) == ("Imported", "Mads Testesen")
    assert newest.changes == [("quantity", "2.50", "4.00")]
    assert Activity.objects.get(erp_id="ERP-1").history.count() == 1


def test_a_row_moved_to_a_new_firm_creates_the_firm_and_updates_the_activity(mads, three_rows):
    imported(mads, xlsx_bytes(three_rows))
    cvr = new_cvr()
    three_rows[1] = erp_row(
        "ERP-2",
        activity_type="guidance",
        cvr=cvr,
        firm_name="Rettet Firma ApS",
        municipality_code="173",
        date="2018-06-01",
    )

    batch = imported(mads, xlsx_bytes(three_rows))

    assert (batch.created_count, batch.updated_count, batch.unchanged_count) == (0, 1, 2)
    activity = Activity.objects.get(erp_id="ERP-2")
    assert activity.firm == Firm.objects.get(cvr=cvr, name="Rettet Firma ApS")
    assert activity.municipality.name == "Lyngby-Taarbæk"
    newest, _created = selectors.activity_history(activity)
    assert [label for label, _old, _new in newest.changes] == ["firm", "municipality"]


def test_a_row_with_a_new_type_gets_the_goal_its_row_names(mads, agreement_2018):
    imported(mads, csv_bytes([erp_row("ERP-1", activity_type="Event")]), "eksport.csv")
    row = erp_row("ERP-1", activity_type="Samarbejde", goal="a) 2b")

    imported(mads, csv_bytes([row]), "eksport.csv")

    activity = Activity.objects.get(erp_id="ERP-1")
    assert [goal.code for goal in activity.goals.all()] == ["a.2b"]
    newest, _created = selectors.activity_history(activity)
    labels = [label for label, _old, _new in newest.changes]
    assert "activity type" in labels
    assert "goals" in labels


def test_an_activity_edited_in_the_portal_goes_back_to_the_erps_values(mads, three_rows):
    content = xlsx_bytes(three_rows)
    imported(mads, content)
    activity = Activity.objects.get(erp_id="ERP-2")
    from reporting.activities import services as activity_services

    activity_services.activity_update(
        activity=activity, user=mads, version=activity.version, description="Rettet i portalen."
    )

    batch = imported(mads, content)

    assert batch.updated_count == 1
    assert Activity.objects.get(erp_id="ERP-2").description == "Vejledning om eksport."


def test_rows_with_errors_are_skipped_and_the_valid_rows_are_written(mads, three_rows):
    rows = [*three_rows, erp_row("ERP-4", date="31.02.2018"), erp_row("ERP-5", house="VSJ")]

    batch = imported(mads, xlsx_bytes(rows))

    # The other house's row is skipped as not this house's, not counted as an error.
    assert (batch.created_count, batch.error_count) == (3, 1)
    assert set(Activity.objects.values_list("erp_id", flat=True)) == {"ERP-1", "ERP-2", "ERP-3"}


def test_a_failure_while_writing_leaves_nothing_written(mads, three_rows, monkeypatch):
    batch = uploaded(mads, xlsx_bytes(three_rows))

    def fail(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(writing.GoalLinkHistory.objects, "bulk_create", fail)
    with pytest.raises(RuntimeError):
        services.import_confirm(batch=batch, user=mads)

    assert not Activity.objects.exists()
    assert not Activity.history.exists()
    assert not Firm.objects.filter(name="Ny Virksomhed ApS").exists()
    batch.refresh_from_db()
    assert batch.confirmed_at is None


def test_a_confirmed_import_is_not_confirmed_again(mads, three_rows):
    batch = uploaded(mads, xlsx_bytes(three_rows))
    services.import_confirm(batch=batch, user=mads)

    with pytest.raises(ValidationError) as refusal:
        services.import_confirm(batch=batch, user=mads)

    assert refusal.value.code == "confirmed"
    assert Activity.objects.count() == 3
    assert Activity.history.count() == 3


def test_two_imports_of_the_same_new_rows_at_once_save_one_and_refuse_the_other(
    mads, three_rows, monkeypatch
):
    content = xlsx_bytes(three_rows)
    first, second = uploaded(mads, content), uploaded(mads, content)
    services.import_confirm(batch=first, user=mads)
    looked_up = lookups.Lookups.__init__

    def before_the_first_committed(read, **kwargs):
        looked_up(read, **kwargs)
        read.activities = {}

    monkeypatch.setattr(lookups.Lookups, "__init__", before_the_first_committed)
    with pytest.raises(ValidationError) as refusal:
        services.import_confirm(batch=second, user=mads)

    assert refusal.value.code == "conflict"
    assert Activity.objects.count() == 3
    assert set(Activity.objects.values_list("import_batch", flat=True)) == {first.pk}
    second.refresh_from_db()
    assert second.confirmed_at is None


def test_a_confirmed_import_queues_exactly_one_roll_up(
    mads, three_rows, monkeypatch, django_capture_on_commit_callbacks
):
    from reporting.rollups import tasks

    queued = []
    monkeypatch.setattr(tasks.rollup_drain, "delay", lambda *args: queued.append(args))
    batch = uploaded(mads, xlsx_bytes(three_rows))

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.import_confirm(batch=batch, user=mads)

    assert len(callbacks) == 1
    agreement_id = batch.activities.first().agreement_id
    assert queued == [(agreement_id,)]
    (recorded,) = Recount.objects.all()
    assert (recorded.agreement_id, recorded.scope, len(recorded.keys)) == (agreement_id, "cells", 3)


def test_a_large_import_queues_one_roll_up_too(
    mads, monkeypatch, django_capture_on_commit_callbacks
):
    from reporting.rollups import tasks

    queued = []
    monkeypatch.setattr(tasks.rollup_drain, "delay", lambda *args: queued.append(args))
    rows = [erp_row(f"ERP-{number}", activity_type="Event") for number in range(600)]
    batch = uploaded(mads, csv_bytes(rows), "eksport.csv")

    with django_capture_on_commit_callbacks(execute=True):
        services.import_confirm(batch=batch, user=mads)

    assert len(queued) == 1
    assert Recount.objects.count() == 1
    assert Activity.objects.count() == 600


def test_an_unchanged_import_queues_no_roll_up(
    mads, three_rows, django_capture_on_commit_callbacks
):
    content = xlsx_bytes(three_rows)
    imported(mads, content)
    batch = uploaded(mads, content)

    with django_capture_on_commit_callbacks() as callbacks:
        services.import_confirm(batch=batch, user=mads)

    assert callbacks == []


def test_the_roll_up_counts_the_imported_activities(mads, three_rows, agreement_2018):
    from reporting.models import TargetProgress
    from reporting.rollups import services as rollups

    imported(mads, xlsx_bytes(three_rows))
    rollups.rollup_full(agreement_2018)

    guided = TargetProgress.objects.get(target__code="national.guided-firms", house__isnull=True)
    assert guided.value == 2


def test_an_activity_logged_in_the_portal_is_not_touched(mads, hanne, three_rows):
    logged = make_activity(author=hanne, description="Logget i portalen.")

    imported(mads, xlsx_bytes(three_rows))

    logged.refresh_from_db()
    assert logged.erp_id == ""
    assert logged.description == "Logget i portalen."
    assert logged.history.count() == 1


def test_the_other_house_imports_the_same_erp_ids_as_its_own(mads, morten):
    rows = [erp_row("ERP-1", activity_type="Event")]
    imported(mads, csv_bytes(rows), "eksport.csv")

    batch = imported(
        morten, csv_bytes([erp_row("ERP-1", activity_type="Event", house="VSJ")]), "eksport.csv"
    )

    assert batch.created_count == 1
    assert Activity.objects.filter(erp_id="ERP-1").count() == 2


def test_a_municipality_code_of_a_number_cell_is_read(mads):
    rows = [erp_row("ERP-1", activity_type="Event", municipality_code=101, quantity=3)]

    imported(mads, xlsx_bytes(rows))

    activity = Activity.objects.get()
    assert activity.municipality == Municipality.objects.get(code=101)
    assert activity.quantity == 3


def test_a_batch_that_is_not_confirmed_writes_nothing(mads, three_rows):
    uploaded(mads, xlsx_bytes(three_rows))

    assert ImportBatch.objects.count() == 1
    assert not Activity.objects.exists()


def test_the_file_is_parsed_once_and_confirming_reads_the_rows_kept_at_preview(
    mads, three_rows, monkeypatch
):
    batch = uploaded(mads, xlsx_bytes(three_rows))
    preview = services.import_preview(batch=batch, user=mads)

    def parse_again(*args, **kwargs):
        raise AssertionError("the workbook was parsed a second time")

    monkeypatch.setattr(services, "read_table", parse_again)
    batch = services.import_confirm(batch=batch, user=mads)

    assert batch.created_count == len(preview.plan.created) == 3
    assert Activity.objects.filter(import_batch=batch).count() == 3


def test_a_type_counting_for_several_goals_is_linked_to_none_without_a_goal_column(
    mads, agreement_2018
):
    batch = uploaded(mads, csv_bytes([erp_row("ERP-1", activity_type="Samarbejde")]), "e.csv")
    batch.refresh_from_db()

    (needing,) = batch.preview["needs_goal"]
    assert (needing["row"], needing["erp_id"]) == (2, "ERP-1")
    assert needing["goals"] == "a) 1, a) 2b, a) 3a"

    services.import_confirm(batch=batch, user=mads)
    assert not Activity.objects.get(erp_id="ERP-1").goals.exists()


def test_a_goal_the_type_does_not_count_for_is_an_error(mads):
    content = csv_bytes([erp_row("ERP-1", activity_type="Samarbejde", goal="c) 1")])

    plan = services.import_preview(batch=uploaded(mads, content, "e.csv"), user=mads).plan

    assert [str(error) for error in plan.errors] == [
        "Row 2, Mål: Collaboration does not count for c) 1. Write one of: a) 1, a) 2b, a) 3a."
    ]
