"""Distinct-firm targets: each firm a target counts, in TargetFirm, and the cells read from it.

A firm is kept with the first day it counted, for each house and for all houses: a
firm guided by both houses, or in two months, counts once in the totals. An of-which
target (subset) only counts firms its parent counts, from the day the parent counts
them, so it never exceeds it.
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
# A full run writes the firms here first, then only the difference into TABLE.
STAGING = "rollup_target_firm_staging"
COLUMNS = "target_id, firm_id, house_id, municipality_id, approved_on, pending_on"
# The same firm of the same target for the same house (none: all houses), as an equality the
# planner can hash on.
SAME_ROW = (
    "{a}.target_id = {b}.target_id AND {a}.firm_id = {b}.firm_id "
    "AND COALESCE({a}.house_id, 0) = COALESCE({b}.house_id, 0)"
)


def write_all(agreement, targets) -> int:
    """Make TargetFirm the agreement's firms as the log counts them now, writing only the
    rows that differ; return the number of rows written.

    The firms are counted into a temporary table (per connection), by the same statements
    an update uses, and compared with TargetFirm in three statements: delete what is no
    longer counted, update what counts from another day or place, insert what is new.
    """
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {STAGING}")
        cursor.execute(f"DROP TABLE IF EXISTS {STAGING}_new")
        cursor.execute(f"CREATE TEMP TABLE {STAGING} AS SELECT {COLUMNS} FROM {TABLE} WHERE 1 = 0")
        cursor.execute(f"CREATE INDEX {STAGING}_key ON {STAGING} (target_id, firm_id, house_id)")
        analysed = False
        for target in targets:
            if target.kind == Target.Kind.SUBSET and not analysed:
                # Temporary tables are never analysed by autovacuum: without statistics the
                # planner nests the subsets' correlated subqueries over the parents' rows.
                _analyse(cursor)
                analysed = True
            write(target, table=STAGING)
        # The comparison joins two tables of up to millions of rows: with statistics of what
        # they hold now (TargetFirm's may date from a much smaller log), the planner hashes
        # them rather than scanning one once per row of the other.
        _analyse(cursor)
        _analyse(cursor, TABLE)
        written = 0
        mine = (
            f"{TABLE}.target_id IN (SELECT id FROM {Target._meta.db_table} WHERE agreement_id = %s)"
        )
        cursor.execute(
            f"DELETE FROM {TABLE} WHERE {mine} AND NOT EXISTS "
            f"(SELECT 1 FROM {STAGING} s WHERE {SAME_ROW.format(a='s', b=TABLE)})",
            [agreement.pk],
        )
        written += cursor.rowcount
        cursor.execute(
            f"UPDATE {TABLE} SET municipality_id = s.municipality_id, "
            "approved_on = s.approved_on, pending_on = s.pending_on "
            f"FROM {STAGING} s WHERE {SAME_ROW.format(a='s', b=TABLE)} AND ("
            f"{TABLE}.municipality_id IS DISTINCT FROM s.municipality_id "
            f"OR {TABLE}.approved_on IS DISTINCT FROM s.approved_on "
            f"OR {TABLE}.pending_on IS DISTINCT FROM s.pending_on)"
        )
        written += cursor.rowcount
        # The new rows are found before any is inserted: a statement that inserts into the
        # table it searches would, planned for a small table, scan its own new rows once per
        # row (quadratic: a first full run of a million activities took over 20 minutes).
        cursor.execute(
            f"CREATE TEMP TABLE {STAGING}_new AS SELECT {COLUMNS} FROM {STAGING} s "
            f"WHERE NOT EXISTS (SELECT 1 FROM {TABLE} WHERE {SAME_ROW.format(a='s', b=TABLE)})"
        )
        cursor.execute(f"INSERT INTO {TABLE} ({COLUMNS}) SELECT {COLUMNS} FROM {STAGING}_new")
        written += cursor.rowcount
        cursor.execute(f"DROP TABLE {STAGING}_new")
        cursor.execute(f"DROP TABLE {STAGING}")
    return written


def _analyse(cursor, table=STAGING):
    if connection.vendor == "postgresql":
        cursor.execute(f"ANALYZE {table}")


def write(target, firm_ids=None, *, table=TABLE) -> None:
    """Write the target's firms, per house and for all houses (only these firms, if given),
    into TargetFirm or the full run's staging table."""
    firms = Firm._meta.db_table
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
            _keep_within_parent(cursor, table, target, only_firms, firm_params)
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


def _keep_within_parent(cursor, table, target, only_firms, firm_params):
    """Count a subset's firm only where, and from when, its parent counts it."""
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
