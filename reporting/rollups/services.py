"""Keep every target's progress current from the activity log.

Only approved activities count; submitted ones are kept apart as pending. A full
run rewrites an agreement's roll-up tables; an update after a change recounts only
the cells the change can touch. Both run in one transaction under the agreement's
lock (RollupState, selected for update), so two runs never interleave, a run that
is killed leaves the previous tables whole, and running twice gives the same tables.

Distinct-firm targets keep each counted firm in TargetFirm, with the first day it
counted, for each house and for all houses: a firm guided by both houses, or in two
months, counts once in the totals. An of-which target (subset) only counts firms
its parent counts, from the day the parent counts them, so it never exceeds it.
"""

from collections import defaultdict
from datetime import date as Date
from datetime import timedelta
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Count, F, Min, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from agreement.models import Agreement
from goals import progress
from goals.models import Target
from reporting.models import (
    Activity,
    Firm,
    RollupState,
    TargetFirm,
    TargetMonth,
    TargetMunicipality,
    TargetProgress,
)
from reporting.rollups import municipalities as rollup_municipalities

APPROVED, SUBMITTED = Activity.Status.APPROVED, Activity.Status.SUBMITTED
ALL = None  # the house of the totals rows


def months_of(agreement) -> list[Date]:
    months, month = [], agreement.period_start.replace(day=1)
    while month <= agreement.period_end:
        months.append(month)
        month = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
    return months


def _next_month(month: Date) -> Date:
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1)


def _targets(agreement, ids=None):
    targets = Target.objects.filter(agreement=agreement).select_related("goal", "parent")
    if ids is not None:
        targets = targets.filter(pk__in=ids)
    targets = list(targets.prefetch_related("activity_types"))
    # Parents before their subsets, which read the parents' firms.
    return sorted(targets, key=lambda target: target.kind == Target.Kind.SUBSET)


def _lock(agreement):
    RollupState.objects.get_or_create(agreement=agreement)
    return RollupState.objects.select_for_update().get(agreement=agreement)


def _counted(target):
    return Activity.objects.alive().counted_by(target).filter(status__in=[APPROVED, SUBMITTED])


# -- Distinct firms ---------------------------------------------------------------------------


def _write_target_firms(target, firm_ids=None):
    """Write the target's firms, per house and for all houses (only these firms, if given)."""
    table, firms = TargetFirm._meta.db_table, Firm._meta.db_table
    activities = _counted(target).filter(firm__isnull=False)
    if firm_ids is not None:
        activities = activities.filter(firm__in=firm_ids)
    per_house = (
        activities.values(counted_firm=F("firm"), counted_house=F("house"))
        .annotate(
            first_approved=Min("date", filter=Q(status=APPROVED)),
            first_submitted=Min("date", filter=Q(status=SUBMITTED)),
        )
        .order_by()
    )
    sql, params = per_house.query.sql_with_params()
    only_firms, firm_params = _only_firms(table, firm_ids)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} "
            "(target_id, firm_id, house_id, municipality_id, approved_on, pending_on) "
            "SELECT %s, f.id, s.counted_house, f.municipality_id, s.first_approved, "
            "CASE WHEN s.first_approved IS NULL THEN s.first_submitted END "
            f"FROM ({sql}) s JOIN {firms} f ON f.id = s.counted_firm",
            [target.pk, *params],
        )
        if target.kind == Target.Kind.SUBSET:
            _keep_within_parent(cursor, target, only_firms, firm_params)
        cursor.execute(
            f"INSERT INTO {table} "
            "(target_id, firm_id, house_id, municipality_id, approved_on, pending_on) "
            "SELECT target_id, firm_id, NULL, municipality_id, MIN(approved_on), "
            "CASE WHEN MIN(approved_on) IS NULL THEN MIN(pending_on) END "
            f"FROM {table} WHERE target_id = %s AND house_id IS NOT NULL{only_firms} "
            "GROUP BY target_id, firm_id, municipality_id",
            [target.pk, *firm_params],
        )


def _only_firms(table, firm_ids):
    if firm_ids is None:
        return "", []
    marks = ", ".join(["%s"] * len(firm_ids))
    return f" AND {table}.firm_id IN ({marks})", list(firm_ids)


def _keep_within_parent(cursor, target, only_firms, firm_params):
    """Count a subset's firm only where, and from when, its parent counts it."""
    table = TargetFirm._meta.db_table
    parent = (
        f"SELECT {{column}} FROM {table} p WHERE p.target_id = %s "
        f"AND p.firm_id = {table}.firm_id AND p.house_id = {table}.house_id"
    )
    mine = f"target_id = %s AND house_id IS NOT NULL{only_firms}"
    cursor.execute(
        f"DELETE FROM {table} WHERE {mine} AND NOT EXISTS ({parent.format(column='1')})",
        [target.pk, *firm_params, target.parent_id],
    )
    approved_parent = parent.format(column="1") + " AND p.approved_on IS NOT NULL"
    cursor.execute(
        f"UPDATE {table} SET pending_on = approved_on, approved_on = NULL "
        f"WHERE {mine} AND approved_on IS NOT NULL AND NOT EXISTS ({approved_parent})",
        [target.pk, *firm_params, target.parent_id],
    )
    cursor.execute(
        f"UPDATE {table} SET approved_on = p.approved_on FROM {table} p "
        f"WHERE {table}.target_id = %s AND {table}.house_id IS NOT NULL{only_firms} "
        f"AND p.target_id = %s AND p.firm_id = {table}.firm_id "
        f"AND p.house_id = {table}.house_id AND {table}.approved_on < p.approved_on",
        [target.pk, *firm_params, target.parent_id],
    )


def _firm_cells(target, cells=None):
    """Return month and municipality counts of the target's firms ({(house, key): (n, pending)})."""
    rows = TargetFirm.objects.filter(target=target)
    month_counts = defaultdict(lambda: [Decimal(0), Decimal(0)])
    for field, slot in (("approved_on", 0), ("pending_on", 1)):
        counted = rows.filter(**{f"{field}__isnull": False})
        if cells is not None:
            counted = counted.filter(_month_cells(field, cells))
        grouped = counted.values("house", month=TruncMonth(field)).annotate(n=Count("id"))
        for row in grouped.order_by():
            month_counts[(row["house"], row["month"])][slot] = Decimal(row["n"])
    return month_counts


def _month_cells(field, cells):
    condition = Q(pk__in=[])
    for house, month in cells:
        condition |= Q(house=house, **{f"{field}__gte": month, f"{field}__lt": _next_month(month)})
    return condition


def _firm_municipality_cells(target, pairs=None):
    rows = TargetFirm.objects.filter(target=target)
    if pairs is not None:
        condition = Q(pk__in=[])
        for house, municipality in pairs:
            condition |= Q(house=house, municipality=municipality)
        rows = rows.filter(condition)
    grouped = rows.values("house", "municipality").annotate(
        n=Count("id", filter=Q(approved_on__isnull=False)),
        pending=Count("id", filter=Q(pending_on__isnull=False)),
    )
    return {
        (row["house"], row["municipality"]): (Decimal(row["n"]), Decimal(row["pending"]))
        for row in grouped.order_by()
    }


# -- Counts -----------------------------------------------------------------------------------


def _count_cells(target, group, activities):
    """Return {(house, key): [value, pending]} for houses and for all houses."""
    measure = Sum("quantity") if target.sum_quantity else Count("id")
    cells = defaultdict(lambda: [Decimal(0), Decimal(0)])
    grouped = activities.values("house", "status", **group).annotate(n=measure).order_by()
    key_name = next(iter(group))
    for row in grouped:
        key = row[key_name] if key_name else None
        slot = 0 if row["status"] == APPROVED else 1
        n = Decimal(row["n"] or 0)
        cells[(row["house"], key)][slot] += n
        cells[(ALL, key)][slot] += n
    return cells


def _count_month_cells(target, cells=None):
    activities = _counted(target)
    if cells is not None:
        condition = Q(pk__in=[])
        for house, month in cells:
            where = Q(date__gte=month, date__lt=_next_month(month))
            condition |= where & Q(house=house) if house is not None else where
        activities = activities.filter(condition)
    return _count_cells(target, {"month": TruncMonth("date")}, activities)


def _count_municipality_cells(target, pairs=None):
    activities = _counted(target).filter(municipality__isnull=False)
    if pairs is not None:
        activities = activities.filter(municipality__in={m for _house, m in pairs})
    return _count_cells(target, {"place": F("municipality")}, activities)


# -- Writing the tables -----------------------------------------------------------------------


def _month_rows(target, houses, months, counts):
    rows = []
    for house in [*houses, ALL]:
        house_id = house.pk if house else None
        running = Decimal(0)
        for month in months:
            value, pending = counts.get((house_id, month), (Decimal(0), Decimal(0)))
            running += value
            rows.append(
                TargetMonth(
                    target=target,
                    house_id=house_id,
                    month=month,
                    value=value,
                    cumulative=running,
                    pending=pending,
                )
            )
    return rows


def _municipality_rows(target, cells):
    return [
        TargetMunicipality(
            target=target, house_id=house, municipality_id=municipality, value=n, pending=pending
        )
        for (house, municipality), (n, pending) in cells.items()
        if municipality is not None and (n or pending)
    ]


def _progress_rows(agreement, targets, houses, today):
    """Return TargetProgress rows for the targets, from the month tables and the inputs."""
    share = progress.elapsed_share(agreement.period_start, agreement.period_end, today)
    early = progress.in_first_quarter(agreement.period_start, today)
    all_targets = list(Target.objects.filter(agreement=agreement))
    maxima = dict(
        zip([t.pk for t in all_targets], progress.shared_points(all_targets), strict=True)
    )
    totals = {
        (row["target"], row["house"]): (row["value"], row["pending"])
        for row in TargetMonth.objects.filter(target__in=targets)
        .values("target", "house")
        .annotate(value=Sum("value"), pending=Sum("pending"))
        .order_by()
    }
    inputs = _Inputs(agreement)
    rows = []
    for target in targets:
        maximum = maxima[target.pk]
        for house in [*houses, ALL]:
            house_id = house.pk if house else None
            value, pending, done_on, status = None, Decimal(0), None, None
            if target.is_counting:
                value, pending = totals.get((target.pk, house_id), (Decimal(0), Decimal(0)))
            elif target.kind == Target.Kind.EFFECT:
                value = inputs.effect(target, house_id)
            elif target.kind == Target.Kind.MILESTONE:
                done_on = inputs.milestone(target, house_id)
            else:
                status = inputs.qualitative(target, house_id)
            if status is None:
                status = progress.status(
                    target, value, share, done=done_on is not None, early=early
                )
            rows.append(
                TargetProgress(
                    target=target,
                    house_id=house_id,
                    value=value,
                    pending=pending,
                    percentage=progress.percentage(target, value),
                    status=status,
                    points=progress.points(target, value, maximum, done=done_on is not None),
                    max_points=maximum,
                    done_on=done_on,
                )
            )
    return rows


class _Inputs:
    """What managers enter beside the log: effect measurements, milestones, status texts."""

    def __init__(self, agreement):
        from goals.models import EffectMeasurement, MilestoneCompletion, StatusText

        self.measurements = defaultdict(dict)
        latest = EffectMeasurement.objects.filter(target__agreement=agreement).latest_by_house()
        for (target_id, house_id), measurement in latest.items():
            self.measurements[target_id][house_id] = measurement
        self.milestones = defaultdict(dict)
        for completion in MilestoneCompletion.objects.filter(target__agreement=agreement):
            self.milestones[completion.target_id][completion.house_id] = completion.done_on
        self.texts = defaultdict(dict)
        for text in StatusText.objects.filter(goal__focus_area__agreement=agreement).order_by(
            "quarter"
        ):
            self.texts[text.goal_id][text.house_id] = text.status

    def effect(self, target, house_id):
        latest = self.measurements[target.pk]
        chosen = list(latest.values()) if house_id is None else [latest.get(house_id)]
        chosen = [measurement for measurement in chosen if measurement is not None]
        if not chosen:
            return None
        numerator = sum(measurement.numerator for measurement in chosen)
        denominator = sum(measurement.denominator for measurement in chosen)
        return Decimal(100) * numerator / denominator

    def milestone(self, target, house_id):
        done = self.milestones[target.pk]
        if house_id is None:
            return min(done.values(), default=None)
        return done.get(house_id) or done.get(None)

    def qualitative(self, target, house_id):
        texts = self.texts.get(target.goal_id, {})
        statuses = list(texts.values()) if house_id is None else [texts.get(house_id)]
        statuses = [status for status in statuses if status]
        return progress.goal_status(statuses) if statuses else None


# -- Runs -------------------------------------------------------------------------------------


def rollup_full(agreement: Agreement, *, today: Date | None = None) -> None:
    """Recompute every target of the agreement from the activity log."""
    today = today or timezone.localdate()
    with transaction.atomic():
        _compute_full(agreement, _lock(agreement), today)


def _compute_full(agreement, state, today):
    """Rewrite the agreement's roll-up tables; the caller holds the lock."""
    targets = _targets(agreement)
    houses, months = agreement.growth_houses(), months_of(agreement)
    for model in (TargetFirm, TargetMonth, TargetMunicipality, TargetProgress):
        model.objects.filter(target__agreement=agreement).delete()
    month_rows, municipality_rows = [], []
    for target in targets:
        if target.kind in Target.FIRM_KINDS:
            _write_target_firms(target)
            months_counts = _firm_cells(target)
            municipality_counts = _firm_municipality_cells(target)
        elif target.is_counting:
            months_counts = _count_month_cells(target)
            municipality_counts = _count_municipality_cells(target)
        else:
            continue
        month_rows += _month_rows(target, houses, months, months_counts)
        municipality_rows += _municipality_rows(target, municipality_counts)
    TargetMonth.objects.bulk_create(month_rows, batch_size=1000)
    TargetMunicipality.objects.bulk_create(municipality_rows, batch_size=1000)
    TargetProgress.objects.bulk_create(_progress_rows(agreement, targets, houses, today))
    rollup_municipalities.write_full(agreement)
    state.full_computed_at = state.updated_at = timezone.now()
    state.save()


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
        houses = agreement.growth_houses()
        type_ids = {key["type"] for key in keys}
        affected = set(
            Target.objects.filter(agreement=agreement, activity_types__in=type_ids).values_list(
                "pk", flat=True
            )
        )
        affected |= set(
            Target.objects.filter(agreement=agreement, parent__in=affected).values_list(
                "pk", flat=True
            )
        )
        targets = _targets(agreement, affected)
        firm_ids = sorted({key["firm"] for key in keys if key["firm"]})
        key_cells = {
            (house, Date.fromisoformat(key["month"]))
            for key in keys
            for house in (key["house"], ALL)
        }
        key_municipalities = {
            (house, key["municipality"])
            for key in keys
            for house in (key["house"], ALL)
            if key["municipality"]
        }
        for target in targets:
            if target.kind in Target.FIRM_KINDS:
                _update_firm_target(target, firm_ids)
            elif target.is_counting:
                _replace_cells(
                    target,
                    key_cells,
                    _count_month_cells(target, key_cells),
                    key_municipalities,
                    _count_municipality_cells(target, key_municipalities),
                )
        TargetProgress.objects.filter(target__in=targets).delete()
        TargetProgress.objects.bulk_create(_progress_rows(agreement, targets, houses, today))
        rollup_municipalities.write_cells(
            agreement, {(key["house"], key["municipality"]) for key in keys}
        )
        state.updated_at = timezone.now()
        state.save(update_fields=["updated_at"])


def _update_firm_target(target, firm_ids):
    if not firm_ids:
        return
    before = TargetFirm.objects.filter(target=target, firm__in=firm_ids)
    cells, municipalities = set(), set()
    for row in before.values("house", "municipality", "approved_on", "pending_on"):
        _note_cells(row, cells, municipalities)
    before.delete()
    _write_target_firms(target, firm_ids)
    for row in TargetFirm.objects.filter(target=target, firm__in=firm_ids).values(
        "house", "municipality", "approved_on", "pending_on"
    ):
        _note_cells(row, cells, municipalities)
    month_cells = {(house, month) for house, month in cells}
    _replace_cells(
        target,
        month_cells,
        _firm_cells(target, month_cells),
        municipalities,
        _firm_municipality_cells(target, municipalities),
    )


def _note_cells(row, cells, municipalities):
    for day in (row["approved_on"], row["pending_on"]):
        if day:
            cells.add((row["house"], day.replace(day=1)))
    municipalities.add((row["house"], row["municipality"]))


def _replace_cells(target, month_cells, month_counts, municipality_pairs, municipality_counts):
    """Set the recounted month cells, carry the running totals, and replace municipality cells."""
    series = defaultdict(list)
    rows = TargetMonth.objects.filter(target=target, house__in=[h for h, _m in month_cells if h])
    if any(house is None for house, _month in month_cells):
        rows = rows | TargetMonth.objects.filter(target=target, house__isnull=True)
    for row in rows.order_by("month"):
        series[row.house_id].append(row)
    changed = []
    for house_id, house_rows in series.items():
        running = Decimal(0)
        for row in house_rows:
            if (house_id, row.month) in month_cells:
                row.value, row.pending = month_counts.get(
                    (house_id, row.month), (Decimal(0), Decimal(0))
                )
            running += row.value
            row.cumulative = running
            changed.append(row)
    TargetMonth.objects.bulk_update(changed, ["value", "cumulative", "pending"])
    condition = Q(pk__in=[])
    for house, municipality in municipality_pairs:
        condition |= Q(house=house, municipality=municipality)
    TargetMunicipality.objects.filter(condition, target=target).delete()
    TargetMunicipality.objects.bulk_create(
        _municipality_rows(
            target,
            {
                pair: counts
                for pair, counts in municipality_counts.items()
                if pair in municipality_pairs
            },
        )
    )
