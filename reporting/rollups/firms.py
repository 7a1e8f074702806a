"""Distinct-firm targets: each firm a target counts, in TargetFirm, and the cells read from it.

A firm is kept with the first day it counted, for each house and for all houses: a
firm guided by both houses, or in two months, counts once in the totals. An of-which
target (subset) only counts firms its parent counts, from the day the parent counts
them, so it never exceeds it.

The firms a target counts are computed by one query (counted_sql) that a full run and
an update share: a full run compares it with the stored rows, an update inserts it for
the firms it recounts.
"""

from collections import defaultdict
from decimal import Decimal

from django.db import connection
from django.db.models import Count, F, Min, Q
from django.db.models.functions import TruncMonth

from goals.models import Target
from reporting.models import Firm, TargetFirm
from reporting.rollups import cells
from reporting.rollups.counts import APPROVED, SUBMITTED, counted

TABLE = TargetFirm._meta.db_table
COLUMNS = "firm_id, house_id, municipality_id, approved_on, pending_on"
# A full run's differences between the computed and the stored rows of one target.
DIFFERENCES = "rollup_target_firm_differences"


def write_all(targets) -> dict[int, int]:
    """Make the targets' TargetFirm rows those the log counts now, writing only the rows
    that differ; return the rows written by target id, for the targets whose rows changed.
    A parent must come before its subsets, which are read against its stored rows.

    For each target one statement joins the computed rows with the stored ones and keeps
    only the differences, in a temporary table that is empty when nothing changed; three
    statements then delete, update and insert them. A full join is planned as a hash or
    merge join, never as a loop over one side per row of the other, whatever statistics
    the table has; and no row that already agrees is copied, indexed or written.
    """
    written = {}
    with connection.cursor() as cursor:
        for target in targets:
            if rows := _write_differences(cursor, target):
                written[target.pk] = rows
    return written


def _write_differences(cursor, target) -> int:
    """Write the target's rows that differ from what the log counts; return how many."""
    computed, params = counted_sql(target)
    differs = " OR ".join(
        f"s.{column} IS DISTINCT FROM c.{column}"
        for column in ("municipality_id", "approved_on", "pending_on")
    )
    cursor.execute(f"DROP TABLE IF EXISTS {DIFFERENCES}")
    cursor.execute(
        f"CREATE TEMP TABLE {DIFFERENCES} AS {computed}, "
        f"stored AS (SELECT id, {COLUMNS} FROM {TABLE} WHERE target_id = %s) "
        f"SELECT s.id AS stored_id, c.firm_id, c.house_id, c.municipality_id, c.approved_on, "
        "c.pending_on FROM counted c FULL JOIN stored s ON s.firm_id = c.firm_id "
        "AND COALESCE(s.house_id, 0) = COALESCE(c.house_id, 0) "
        f"WHERE s.id IS NULL OR c.firm_id IS NULL OR {differs}",
        [*params, target.pk],
    )
    cursor.execute(
        f"DELETE FROM {TABLE} WHERE id IN "
        f"(SELECT stored_id FROM {DIFFERENCES} WHERE firm_id IS NULL)"
    )
    written = cursor.rowcount
    cursor.execute(
        f"UPDATE {TABLE} SET municipality_id = d.municipality_id, approved_on = d.approved_on, "
        f"pending_on = d.pending_on FROM {DIFFERENCES} d "
        f"WHERE {TABLE}.id = d.stored_id AND d.firm_id IS NOT NULL"
    )
    written += cursor.rowcount
    cursor.execute(
        f"INSERT INTO {TABLE} (target_id, {COLUMNS}) "
        f"SELECT %s, {COLUMNS} FROM {DIFFERENCES} WHERE stored_id IS NULL",
        [target.pk],
    )
    written += cursor.rowcount
    cursor.execute(f"DROP TABLE {DIFFERENCES}")
    return written


def write(target, firm_ids) -> None:
    """Write the target's rows of these firms, per house and for all houses, into TargetFirm
    (which holds none of them)."""
    computed, params = counted_sql(target, firm_ids)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {TABLE} (target_id, {COLUMNS}) {computed} "
            f"SELECT %s, {COLUMNS} FROM counted",
            [*params, target.pk],
        )


def counted_sql(target, firm_ids=None):
    """Return the start of a query that names `counted`: the target's firms as the log counts
    them now (only these firms, if given), one row per house and one for all houses; and its
    parameters. An of-which target's rows are read against its parent's stored rows.
    """
    activities = counted(target).filter(firm__isnull=False)
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
    if target.kind == Target.Kind.SUBSET:
        # Only where its parent counts the firm; approved only once the parent approves it,
        # and from that day on; before, the subset's approved day makes it pending.
        parent = (
            f"JOIN {TABLE} p ON p.target_id = %s AND p.firm_id = a.counted_firm "
            "AND p.house_id = a.counted_house"
        )
        approved = (
            "CASE WHEN a.first_approved IS NULL OR p.approved_on IS NULL THEN NULL "
            "WHEN a.first_approved < p.approved_on THEN p.approved_on ELSE a.first_approved END"
        )
        pending = (
            "CASE WHEN a.first_approved IS NULL THEN a.first_submitted "
            "WHEN p.approved_on IS NULL THEN a.first_approved END"
        )
        params = [*params, target.parent_id]
    else:
        parent = ""
        approved = "a.first_approved"
        pending = "CASE WHEN a.first_approved IS NULL THEN a.first_submitted END"
    return (
        f"WITH per_house AS (SELECT a.counted_firm AS firm_id, a.counted_house AS house_id, "
        f"f.municipality_id, {approved} AS approved_on, {pending} AS pending_on "
        f"FROM ({sql}) a JOIN {Firm._meta.db_table} f ON f.id = a.counted_firm {parent}), "
        f"counted AS (SELECT {COLUMNS} FROM per_house UNION ALL "
        "SELECT firm_id, NULL, municipality_id, MIN(approved_on), "
        "CASE WHEN MIN(approved_on) IS NULL THEN MIN(pending_on) END "
        "FROM per_house GROUP BY firm_id, municipality_id)"
    ), params


def month_counts(target, month_cells=None):
    """Return {(house, month): [firms, pending]}, only of these (house, month) cells if given."""
    rows = TargetFirm.objects.filter(target=target)
    counts = defaultdict(lambda: [Decimal(0), Decimal(0)])
    for field, slot in (("approved_on", 0), ("pending_on", 1)):
        firms = rows.filter(**{f"{field}__isnull": False})
        if month_cells is not None:
            condition = Q(pk__in=[])
            for house, month in month_cells:
                condition |= Q(house=house) & cells.in_month(field, month)
            firms = firms.filter(condition)
        grouped = firms.values("house", month=TruncMonth(field)).annotate(n=Count("id"))
        for row in grouped.order_by():
            counts[(row["house"], row["month"])][slot] = Decimal(row["n"])
    return counts


def municipality_counts(target, pairs=None):
    """Return {(house, municipality): (firms, pending)}, only of these pairs if given."""
    rows = TargetFirm.objects.filter(target=target)
    if pairs is not None:
        rows = rows.filter(cells.in_pairs(pairs))
    grouped = rows.values("house", "municipality").annotate(
        n=Count("id", filter=Q(approved_on__isnull=False)),
        pending=Count("id", filter=Q(pending_on__isnull=False)),
    )
    return {
        (row["house"], row["municipality"]): (Decimal(row["n"]), Decimal(row["pending"]))
        for row in grouped.order_by()
    }


def recount(target, firm_ids) -> None:
    """Rewrite the target's rows of these firms, and the cells they were and are counted in."""
    if not firm_ids:
        return
    month_cells, municipality_pairs = set(), set()
    before = TargetFirm.objects.filter(target=target, firm__in=firm_ids)
    _note_cells(before, month_cells, municipality_pairs)
    before.delete()
    write(target, firm_ids)
    after = TargetFirm.objects.filter(target=target, firm__in=firm_ids)
    _note_cells(after, month_cells, municipality_pairs)
    cells.replace(
        target,
        month_cells,
        month_counts(target, month_cells),
        municipality_pairs,
        municipality_counts(target, municipality_pairs),
    )


def _note_cells(rows, month_cells, municipality_pairs):
    for row in rows.values("house", "municipality", "approved_on", "pending_on"):
        for day in (row["approved_on"], row["pending_on"]):
            if day:
                month_cells.add((row["house"], day.replace(day=1)))
        municipality_pairs.add((row["house"], row["municipality"]))
