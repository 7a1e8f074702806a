"""The roll-up benchmark: a full recompute against its floor, and one change.

For each size, the activity log is emptied and a synthetic one generated
(devtools.bench.data), then:

- ``rollup_full_seconds_<size>``: ``rollups.rollup_full(agreement)``, the best of
  3 runs (2 from LARGE_SIZE on, where a run takes minutes) after a warm-up run.
  Before each run the roll-up tables are vacuumed and analysed, as autovacuum
  would have them between two nightly runs.
- ``bare_groupby_seconds_<size>``: the floor, the best of 3 runs (after a warm-up)
  of one plain GROUP BY over the activity table that computes the counts the
  roll-up needs, rows fetched::

      SELECT activity_type_id, house_id, date_trunc('month', date) AS month,
             count(*), sum(quantity), count(DISTINCT firm_id)
      FROM reporting_activity
      WHERE agreement_id = %s AND status = 'approved' AND deleted_at IS NULL
      GROUP BY activity_type_id, house_id, month

- ``distinct_floor_seconds_<size>``: the honest floor, the best of 3 runs of one SQL
  statement (distinct_floor_sql) that counts the same per-target, per-house, per-month
  first-time distinct firms as the roll-up into a temporary table;
  ``rollup_over_distinct_floor_ratio`` (goal: at most 2).
- ``rollup_full_noop_rows_written_<size>``: the rows a full run writes right after
  another, nothing changed between (goal: 0).
- ``rollup_incremental_ms_<size>``: ``rollups.rollup_update(agreement, [before, after])``
  after one approved guidance is moved by an UPDATE to the other house and a date
  six weeks away, with the keys ``rollups.activity_key`` gives before and after;
  the median of INCREMENTAL_RUNS runs (each a different guidance) after a warm-up.
  Only the roll-up is timed, not the UPDATE.
- ``rollup_over_groupby_ratio_<size>`` (goal: at most 2) and
  ``incremental_over_full_ratio_<size>`` (goal: at most 0.02).
- ``dashboard_ms_<size>``: the overview dashboard's server time for a KKR reviewer,
  right after the timings above (the roll-up tables current: the full roll-up's
  last run, kept so by rollup_update), the median of 15 requests
  (devtools.bench.dashboard); the login page is timed beside it.
- ``dashboard_over_login_ratio_<size>`` (goal: at most 3): the overview's time over
  the login page's, in the same process.
- ``api_progress_ms_<size>``: the API's progress endpoint for the year, read with the
  same reviewer's token, the median of 15 requests beside the overview; and
  ``api_progress_over_overview_ratio_<size>`` (goal: at most 1.5), its time over the
  overview's in the same run.

With more than one size, ``dashboard_<largest>_over_<smallest>_ratio``: with
SIZES, ``dashboard_1m_over_10k_ratio`` (goal: at most 1.2), the overview at 1m
against 10k: it reads the roll-up tables only, so should hardly grow.

At HEADLINE_SIZE, the size the goals are set for, the ratios and the incremental
time drop the suffix: ``rollup_over_groupby_ratio``, ``rollup_incremental_ms``,
``incremental_over_full_ratio``, ``dashboard_over_login_ratio``,
``api_progress_over_overview_ratio``.
After the sizes, ``rollup_lag_p95_seconds`` on the last log (devtools.bench.lag).
``generate_seconds_<size>`` says how long the log took to write. PostgreSQL only; the database is the bench's own.

Before the first size, a full roll-up of a small log gives the roll-up tables
the planner statistics a production database has after its first runs. The first
full roll-up of a large log into empty tables is a first-run case (it writes every
row: about 30 s at 1M on a busy machine), not what this bench times.
"""

import logging
import statistics
import time
from datetime import timedelta

from django.db import connection

from agreement.models import Agreement, Organisation
from devtools.bench import dashboard, data, lag
from goals.models import ActivityType, Target
from reporting.models import Activity, TargetFirm, TargetMonth, TargetMunicipality, TargetProgress
from reporting.rollups import services as rollups

logger = logging.getLogger(__name__)

SIZES = (10_000, 1_000_000)
HEADLINE_SIZE = 1_000_000
LARGE_SIZE = 100_000
PRIMING_SIZE = 2_000
INCREMENTAL_RUNS = 10
AGREEMENT_YEAR = 2018

FLOOR_SQL = f"""
    SELECT activity_type_id, house_id, date_trunc('month', date) AS month,
           count(*), sum(quantity), count(DISTINCT firm_id)
    FROM {Activity._meta.db_table}
    WHERE agreement_id = %s AND status = 'approved' AND deleted_at IS NULL
    GROUP BY activity_type_id, house_id, month
"""

DISTINCT_FLOOR_TABLE = "bench_distinct_floor"


def distinct_floor_sql(agreement):
    """Return the SQL of the distinct floor and its parameters: one statement that counts,
    per distinct-firm target, per house and for all houses, per month, the firms counted
    for the first time that month (an of-which target's firm only where and from when its
    parent counts it), into a temporary table; no Python in the loop."""
    activity, target = Activity._meta.db_table, Target._meta.db_table
    types = Target.activity_types.through._meta.db_table
    sql = f"""
        CREATE TEMP TABLE {DISTINCT_FLOOR_TABLE} AS
        WITH firsts AS (
            SELECT t.id AS target_id, t.parent_id, a.house_id, a.firm_id,
                   MIN(a.date) FILTER (WHERE a.status = 'approved') AS approved_on
            FROM {target} t
            JOIN {types} tt ON tt.target_id = t.id
            JOIN {activity} a ON a.activity_type_id = tt.activitytype_id
                AND a.agreement_id = t.agreement_id
            WHERE t.agreement_id = %s AND t.kind = ANY(%s) AND a.deleted_at IS NULL
                AND a.status IN ('approved', 'submitted') AND a.firm_id IS NOT NULL
            GROUP BY GROUPING SETS (
                (t.id, t.parent_id, a.firm_id, a.house_id), (t.id, t.parent_id, a.firm_id)
            )
        )
        SELECT f.target_id, f.house_id, date_trunc('month', GREATEST(f.approved_on, p.approved_on))
               AS month, count(*) AS firms
        FROM firsts f
        LEFT JOIN firsts p ON p.target_id = f.parent_id AND p.firm_id = f.firm_id
            AND p.house_id IS NOT DISTINCT FROM f.house_id
        WHERE f.approved_on IS NOT NULL
            AND (f.parent_id IS NULL OR p.approved_on IS NOT NULL)
        GROUP BY 1, 2, 3
    """
    return sql, [agreement.pk, [str(kind) for kind in Target.FIRM_KINDS]]


ROLLUP_TABLES = [
    model._meta.db_table for model in (TargetFirm, TargetMonth, TargetMunicipality, TargetProgress)
]


def run(sizes=SIZES) -> dict[str, float]:
    """Benchmark the roll-ups on a generated log of each size; return the figures by name."""
    agreement = Agreement.objects.get(year=AGREEMENT_YEAR)
    _prime_statistics(agreement)
    results = {}
    login_ms = {}
    for size in sizes:
        figures, login_ms[size] = _run_size(agreement, size)
        results.update(figures)
    results.update(_dashboard_ratios(results, login_ms))
    logger.info("rollup bench: lag, %s writers for %s s", lag.WRITERS, lag.SECONDS)
    results.update(lag.run(agreement))
    return results


def label(size: int) -> str:
    """Return the size as the figures' names spell it: 10k, 1m."""
    if size % 1_000_000 == 0:
        return f"{size // 1_000_000}m"
    if size % 1_000 == 0:
        return f"{size // 1_000}k"
    return str(size)


def _run_size(agreement, size):
    """Return the size's figures, and the login page's ms measured beside its dashboard."""
    name = label(size)
    logger.info("rollup bench, %s activities: generating the log", f"{size:,}")
    data.clear()
    started = time.perf_counter()
    log = data.generate(agreement, size)
    generate_seconds = time.perf_counter() - started
    logger.info(
        "  %s activities, %s firms, %s goal links in %.1f s",
        f"{log.activities:,}",
        f"{log.firms:,}",
        f"{log.goal_links:,}",
        generate_seconds,
    )

    full = _best_of(
        lambda: rollups.rollup_full(agreement),
        before=_vacuum_rollup_tables,
        runs=2 if size >= LARGE_SIZE else 3,
    )
    logger.info("  rollup_full: best %.3f s", full)
    floor = _best_of(lambda: _floor(agreement))
    logger.info("  bare GROUP BY: best %.3f s", floor)
    distinct_floor = _best_of(lambda: _distinct_floor(agreement))
    logger.info("  distinct floor: best %.3f s", distinct_floor)
    noop_rows = rollups.rollup_full(agreement)
    logger.info("  rollup_full again with no change: %s rows written", noop_rows)
    incremental = _incremental_seconds(agreement)
    logger.info("  rollup_update: median %.1f ms", incremental * 1000)
    # The roll-up tables are current: the full roll-up's last run, kept so by rollup_update.
    pages = dashboard.measure(agreement)
    logger.info(
        "  dashboard: overview median %.1f ms, login median %.1f ms",
        pages["overview_ms"],
        pages["login_ms"],
    )

    headline = size == HEADLINE_SIZE
    suffix = "" if headline else f"_{name}"
    figures = {
        f"generate_seconds_{name}": generate_seconds,
        f"rollup_full_seconds_{name}": full,
        f"bare_groupby_seconds_{name}": floor,
        f"rollup_over_groupby_ratio{suffix}": full / floor,
        f"distinct_floor_seconds_{name}": distinct_floor,
        f"rollup_over_distinct_floor_ratio{suffix}": full / distinct_floor,
        f"rollup_full_noop_rows_written{suffix}": noop_rows,
        f"rollup_incremental_ms{suffix}": incremental * 1000,
        f"incremental_over_full_ratio{suffix}": incremental / full,
        f"dashboard_ms_{name}": pages["overview_ms"],
        f"api_progress_ms_{name}": pages["api_progress_ms"],
        f"api_progress_over_overview_ratio{suffix}": pages["api_progress_ms"]
        / pages["overview_ms"],
    }
    return figures, pages["login_ms"]


def _dashboard_ratios(results, login_ms):
    """Return the overview's growth from the smallest size to the largest, and its ratio to
    the login page at each size (suffixed as the other ratios, bare at HEADLINE_SIZE)."""
    ratios = {}
    measured = sorted(login_ms)
    if len(measured) > 1:
        small, large = label(measured[0]), label(measured[-1])
        ratios[f"dashboard_{large}_over_{small}_ratio"] = (
            results[f"dashboard_ms_{large}"] / results[f"dashboard_ms_{small}"]
        )
    for size in measured:
        suffix = "" if size == HEADLINE_SIZE else f"_{label(size)}"
        ratios[f"dashboard_over_login_ratio{suffix}"] = (
            results[f"dashboard_ms_{label(size)}"] / login_ms[size]
        )
    return ratios


def _prime_statistics(agreement):
    logger.info("rollup bench: priming the roll-up tables' statistics")
    data.clear()
    data.generate(agreement, PRIMING_SIZE)
    rollups.rollup_full(agreement)
    _vacuum_rollup_tables()


def _best_of(action, *, before=None, runs=3):
    """Return the shortest of `runs` timed runs of the action, after one untimed warm-up."""
    timings = []
    for attempt in range(runs + 1):
        if before is not None:
            before()
        started = time.perf_counter()
        action()
        elapsed = time.perf_counter() - started
        if attempt:
            timings.append(elapsed)
        logger.info("    %s %.3f s", "run" if attempt else "warm-up", elapsed)
    return min(timings)


def _floor(agreement):
    with connection.cursor() as cursor:
        cursor.execute(FLOOR_SQL, [agreement.pk])
        return cursor.fetchall()


def _distinct_floor(agreement):
    sql, params = distinct_floor_sql(agreement)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {DISTINCT_FLOOR_TABLE}")
        cursor.execute(sql, params)


def _vacuum_rollup_tables():
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM (ANALYZE) {', '.join(ROLLUP_TABLES)}")


def _incremental_seconds(agreement):
    """Return the median time of rollup_update for one moved guidance (after a warm-up)."""
    houses = agreement.growth_houses()
    guidance = ActivityType.objects.get(code="guidance")
    candidates = (
        Activity.objects.alive()
        .approved()
        .filter(agreement=agreement, activity_type=guidance)
        .order_by("pk")
    )
    count = candidates.count()
    step = max(count // (INCREMENTAL_RUNS + 2), 1)
    ids = [candidates.values_list("pk", flat=True)[step * n] for n in range(INCREMENTAL_RUNS + 1)]
    timings = []
    for attempt, pk in enumerate(ids):
        activity = Activity.objects.get(pk=pk)
        before = rollups.activity_key(activity)
        Activity.objects.filter(pk=pk).update(
            house=_other(houses, activity.house_id),
            date=_six_weeks_away(agreement, activity.date),
        )
        after = rollups.activity_key(Activity.objects.get(pk=pk))
        started = time.perf_counter()
        rollups.rollup_update(agreement, [before, after])
        elapsed = time.perf_counter() - started
        if attempt:
            timings.append(elapsed)
    return statistics.median(timings)


def _other(houses: list[Organisation], house_id: int) -> Organisation:
    return next(house for house in houses if house.pk != house_id)


def _six_weeks_away(agreement, day):
    later = day + timedelta(weeks=6)
    return later if later <= agreement.period_end else day - timedelta(weeks=6)
