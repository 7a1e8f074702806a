"""Keep every target's progress current from the activity log.

Only approved activities count; submitted ones are kept apart as pending. A full
run rewrites an agreement's roll-up tables; an update after a change recounts only
the cells the change can touch. Both run in one transaction under the agreement's
lock (RollupState, selected for update), so two runs never interleave, a run that
is killed leaves the previous tables whole, and running twice gives the same tables.

The counting is in reporting.rollups.counts (counts of activities), .firms
(distinct firms), .cells (the month and municipality tables) and .progress (value,
status and points); this module runs them.
"""

from datetime import date as Date

from django.db import transaction
from django.utils import timezone

from agreement.models import Agreement
from goals.models import Target
from reporting.models import (
    Activity,
    RollupState,
    TargetFirm,
    TargetMonth,
    TargetMunicipality,
    TargetProgress,
)
from reporting.rollups import cells, counts, firms, progress
from reporting.rollups import municipalities as rollup_municipalities
from reporting.rollups.cells import ALL

__all__ = ["activity_key", "rollup_full", "rollup_update"]


def rollup_full(agreement: Agreement, *, today: Date | None = None) -> None:
    """Recompute every target of the agreement from the activity log."""
    today = today or timezone.localdate()
    with transaction.atomic():
        _compute_full(agreement, _lock(agreement), today)


def activity_key(activity: Activity) -> dict:
    """Return what of an activity decides which roll-up cells it is counted in."""
    return {
        "type": activity.activity_type_id,
        "house": activity.house_id,
        "month": activity.date.replace(day=1).isoformat(),
        "municipality": activity.municipality_id,
        "firm": activity.firm_id,
    }


def rollup_update(agreement: Agreement, keys: list[dict], *, today: Date | None = None) -> None:
    """Recount the cells that activities with these keys (before and after a change) touch."""
    today = today or timezone.localdate()
    keys = [key for key in keys if key]
    if not keys:
        return
    with transaction.atomic():
        state = _lock(agreement)
        if state.full_computed_at is None:
            # Nothing to recount in yet: the first run is a full one.
            _compute_full(agreement, state, today)
            return
        targets = _targets(agreement, _affected_targets(agreement, keys))
        _recount(targets, keys)
        TargetProgress.objects.filter(target__in=targets).delete()
        TargetProgress.objects.bulk_create(
            progress.rows(agreement, targets, agreement.growth_houses(), today)
        )
        rollup_municipalities.write_cells(
            agreement, {(key["house"], key["municipality"]) for key in keys}
        )
        state.updated_at = timezone.now()
        state.save(update_fields=["updated_at"])


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


def _compute_full(agreement, state, today):
    """Rewrite the agreement's roll-up tables; the caller holds the lock."""
    targets = _targets(agreement)
    houses, months = agreement.growth_houses(), agreement.months()
    for model in (TargetFirm, TargetMonth, TargetMunicipality, TargetProgress):
        model.objects.filter(target__agreement=agreement).delete()
    month_rows, municipality_rows = [], []
    for target in targets:
        if target.kind in Target.FIRM_KINDS:
            firms.write(target)
            month_counts = firms.month_counts(target)
            municipality_counts = firms.municipality_counts(target)
        elif target.is_counting:
            month_counts = counts.month_counts(target)
            municipality_counts = counts.municipality_counts(target)
        else:
            continue
        month_rows += cells.month_rows(target, houses, months, month_counts)
        municipality_rows += cells.municipality_rows(target, municipality_counts)
    TargetMonth.objects.bulk_create(month_rows, batch_size=1000)
    TargetMunicipality.objects.bulk_create(municipality_rows, batch_size=1000)
    TargetProgress.objects.bulk_create(progress.rows(agreement, targets, houses, today))
    rollup_municipalities.write_full(agreement)
    state.full_computed_at = state.updated_at = timezone.now()
    state.save()


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


def _recount(targets, keys):
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
