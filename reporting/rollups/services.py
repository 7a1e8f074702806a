"""Keep every target's progress current from the activity log.

Only approved activities count; submitted ones are kept apart as pending. What is to be
recounted is recorded in the database with each change (Recount, by core.rollup_queue);
a drain takes every record of the agreement, recounts once for all of them, and deletes
them. A full run computes every table and writes only the rows that differ; an update
recounts only the cells the changes can touch; a progress run recomputes only value,
status and points (the pace moves each day). Each runs in one transaction under the
agreement's lock (RollupState, selected for update), so two runs never interleave, a
run that is killed leaves the previous tables and its records whole, and running twice
gives the same tables.

The counting is in reporting.rollups.counts (counts of activities), .firms
(distinct firms), .cells (the month and municipality tables) and .progress (value,
status and points); this module runs them.
"""

import json
from datetime import date as Date

from django.db import connection, transaction
from django.utils import timezone

from agreement.models import Agreement
from core import rollup_queue
from goals.models import Target
from reporting.models import (
    Activity,
    Recount,
    RollupState,
    TargetMonth,
    TargetMunicipality,
    TargetProgress,
)
from reporting.rollups import cells, counts, firms, progress
from reporting.rollups import municipalities as rollup_municipalities
from reporting.rollups.cells import ALL
from reporting.rollups.rows import sync

__all__ = [
    "activity_key",
    "record",
    "rollup_drain",
    "rollup_full",
    "rollup_progress",
    "rollup_update",
]

CELLS, PROGRESS, FULL = rollup_queue.CELLS, rollup_queue.PROGRESS, rollup_queue.FULL


def record(agreement_id: int, scope: str, keys: list[dict]) -> None:
    """Record what to recount, in the caller's transaction (core.rollup_queue's recorder)."""
    Recount.objects.create(agreement_id=agreement_id, scope=scope, keys=keys)


def rollup_drain(agreement: Agreement, *, today: Date | None = None) -> int:
    """Recount what the agreement's records ask for, once for all; return the rows written.

    Cheap when there is nothing recorded: it then neither locks nor counts.
    """
    if not Recount.objects.filter(agreement=agreement).exists():
        return 0
    return _run(agreement, None, [], today)


def rollup_full(agreement: Agreement, *, today: Date | None = None) -> int:
    """Recompute every target of the agreement from the activity log, writing only the rows
    that differ; return the rows written."""
    return _run(agreement, FULL, [], today)


def rollup_progress(agreement: Agreement, *, today: Date | None = None) -> int:
    """Recount what is recorded, and recompute every target's value, status and points for
    today (the nightly run: the pace moves each day); return the rows written."""
    return _run(agreement, PROGRESS, [], today)


def rollup_update(agreement: Agreement, keys: list[dict], *, today: Date | None = None) -> int:
    """Recount the cells that activities with these keys (before and after a change) touch,
    and what is recorded; return the rows written."""
    keys = [key for key in keys if key]
    if not keys:
        return 0
    return _run(agreement, CELLS, keys, today)


def activity_key(activity: Activity) -> dict:
    """Return what of an activity decides which roll-up cells it is counted in."""
    return {
        "type": activity.activity_type_id,
        "house": activity.house_id,
        "month": activity.date.replace(day=1).isoformat(),
        "municipality": activity.municipality_id,
        "firm": activity.firm_id,
    }


def _run(agreement, scope, keys, today):
    """Take the agreement's records, add what is asked, and recount once, all in one
    transaction under the agreement's lock."""
    today = today or timezone.localdate()
    with transaction.atomic():
        state = _lock(agreement)
        scopes = {scope} - {None}
        for taken_scope, taken_keys in _take_records(agreement):
            scopes.add(taken_scope)
            keys = keys + taken_keys
        keys = rollup_queue.unique_keys(keys)
        if len(keys) > rollup_queue.FULL_AFTER_KEYS or state.full_computed_at is None:
            # Nothing to recount in yet, or too much to recount cell by cell.
            scopes.add(FULL)
        if not scopes:
            return 0
        if FULL in scopes:
            written = _compute_full(agreement, today)
            state.full_computed_at = timezone.now()
        else:
            written = _recount(agreement, keys, today, all_progress=PROGRESS in scopes)
        state.updated_at = timezone.now()
        state.save()
    return written


def _take_records(agreement):
    """Delete the agreement's records in one statement; return their (scope, keys).

    The statement sees every record committed when it starts, and only those: a record a
    change commits meanwhile is left for the next drain. The delete commits with the
    recount, or is undone with it.
    """
    table = Recount._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {table} WHERE agreement_id = %s RETURNING scope, keys", [agreement.pk]
        )
        rows = cursor.fetchall()
    # The keys come as JSON text (Django's PostgreSQL backend leaves jsonb undecoded).
    return [(scope, json.loads(keys) if isinstance(keys, str) else keys) for scope, keys in rows]


def _lock(agreement):
    RollupState.objects.get_or_create(agreement=agreement)
    return RollupState.objects.select_for_update().get(agreement=agreement)


def _targets(agreement, ids=None):
    targets = Target.objects.filter(agreement=agreement).select_related("goal", "parent")
    if ids is not None:
        targets = targets.filter(pk__in=ids)
    targets = list(targets.prefetch_related("activity_types"))
    # Parents before their subsets, which read the parents' firms.
    return sorted(targets, key=lambda target: target.kind == Target.Kind.SUBSET)


def _compute_full(agreement, today):
    """Compute the agreement's roll-up tables and write what differs; the caller holds the lock."""
    targets = _targets(agreement)
    houses, months = agreement.growth_houses(), agreement.months()
    firm_targets = [target for target in targets if target.kind in Target.FIRM_KINDS]
    written = sum(firms.write_all(firm_targets).values())
    month_rows, municipality_rows = [], []
    for target in targets:
        if target.kind in Target.FIRM_KINDS:
            month_counts = firms.month_counts(target)
            municipality_counts = firms.municipality_counts(target)
        elif target.is_counting:
            month_counts, municipality_counts = counts.cell_counts(target)
        else:
            continue
        month_rows += cells.month_rows(target, houses, months, month_counts)
        municipality_rows += cells.municipality_rows(target, municipality_counts)
    written += sync(
        TargetMonth.objects.filter(target__agreement=agreement),
        month_rows,
        key=lambda row: (row.target_id, row.house_id, row.month),
        fields=["value", "cumulative", "pending"],
    )
    written += sync(
        TargetMunicipality.objects.filter(target__agreement=agreement),
        municipality_rows,
        key=lambda row: (row.target_id, row.house_id, row.municipality_id),
        fields=["value", "pending"],
    )
    written += _write_progress(agreement, targets, today)
    written += rollup_municipalities.write_full(agreement)
    return written


def _recount(agreement, keys, today, *, all_progress):
    """Recount the cells the keys touch, and the progress of their targets (of every target
    where all_progress); the caller holds the lock."""
    targets = _targets(agreement, _affected_targets(agreement, keys)) if keys else []
    _recount_cells(targets, keys)
    if all_progress:
        targets = _targets(agreement)
    written = _write_progress(agreement, targets, today)
    rollup_municipalities.write_cells(
        agreement, {(key["house"], key["municipality"]) for key in keys}
    )
    return written


def _write_progress(agreement, targets, today):
    return sync(
        TargetProgress.objects.filter(target__in=targets),
        progress.rows(agreement, targets, agreement.growth_houses(), today),
        key=lambda row: (row.target_id, row.house_id),
        fields=[
            "value",
            "pending",
            "percentage",
            "status",
            "points",
            "max_points",
            "done_on",
        ],
    )


def _affected_targets(agreement, keys):
    """Return the ids of the targets that count the keys' activity types, and their subsets."""
    type_ids = {key["type"] for key in keys}
    affected = set(
        Target.objects.filter(agreement=agreement, activity_types__in=type_ids).values_list(
            "pk", flat=True
        )
    )
    affected |= set(
        Target.objects.filter(agreement=agreement, parent__in=affected).values_list("pk", flat=True)
    )
    return affected


def _recount_cells(targets, keys):
    """Recount the month and municipality cells of the targets that the keys touch."""
    firm_ids = sorted({key["firm"] for key in keys if key["firm"]})
    month_cells = {
        (house, Date.fromisoformat(key["month"])) for key in keys for house in (key["house"], ALL)
    }
    municipality_pairs = {
        (house, key["municipality"])
        for key in keys
        for house in (key["house"], ALL)
        if key["municipality"]
    }
    for target in targets:
        if target.kind in Target.FIRM_KINDS:
            firms.recount(target, firm_ids)
        elif target.is_counting:
            cells.replace(
                target,
                month_cells,
                counts.month_counts(target, month_cells),
                municipality_pairs,
                counts.municipality_counts(target, municipality_pairs),
            )
