"""Synthetic activity logs for the benchmarks: the demo year's shape at any size.

The mix is devtools.demo's, scaled: each house's firms (in its own region's
municipalities, weighted as in the demo), each firm guided once, some guided
again in other months or by the other house too, growth mappings of distinct
firms, growth courses (a few delivered in the other house's region), and the
rare types (events, collaborations, cases, press...) linked to their goals
through the m2m table. Days are working days weighted by month like the demo's;
status follows the date: a few percent submitted or draft, more near the year's
end, and a few returned and deleted entries.

PostgreSQL only, and fast: every table is filled by INSERT ... SELECT over
generate_series with explicit ids, in one transaction; no model instances, no
history rows. The same seed gives the same log.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.core.management.color import no_style
from django.db import connection, transaction

from agreement.models import Agreement, Municipality, Organisation, User
from devtools.bench import database, streams
from devtools.demo import texts as demo_texts
from devtools.demo.volumes import MONTH_WEIGHTS, MUNICIPALITY_WEIGHTS, VOLUMES
from goals.models import ActivityType, Goal
from reporting.models import (
    Activity,
    Evidence,
    Firm,
    TargetFirm,
    TargetMonth,
    TargetMunicipality,
    TargetProgress,
)

logger = logging.getLogger(__name__)

ACTIVITIES = Activity._meta.db_table
ACTIVITY_GOALS = Activity.goals.through._meta.db_table
FIRMS = Firm._meta.db_table

# Multiplied by the candidate's number, modulo the 9,000,000 seven-digit prefixes:
# a prime, so different numbers give different CVR numbers in a scattered order.
CVR_STRIDE = 7919


@dataclass
class Log:
    """What generate() wrote."""

    activities: int
    firms: int
    goal_links: int


def clear() -> None:
    """Empty the activity log, its firms and the roll-up tables (ids start again at 1)."""
    tables = [
        model._meta.db_table
        for model in (TargetFirm, TargetMonth, TargetMunicipality, TargetProgress, Evidence)
    ]
    with connection.cursor() as cursor:
        cursor.execute(
            f"TRUNCATE {', '.join([*tables, ACTIVITY_GOALS, ACTIVITIES, FIRMS])} RESTART IDENTITY"
        )


def generate(agreement: Agreement, activities: int, *, seed: float = 0.2018) -> Log:
    """Log that many activities for the agreement's two growth houses, with their firms.

    The log must be empty (see clear()). Tables are vacuumed and analysed afterwards,
    as autovacuum would have them after a year of logging.
    """
    if Activity.objects.exists() or Firm.objects.exists():
        raise ValueError("The bench log is generated into an empty activity log: clear() first.")
    plan = _Plan(agreement, activities)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL synchronous_commit = off")
        cursor.execute("SET LOCAL work_mem = '256MB'")
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        cursor.execute("SELECT setseed(%s)", [seed])
        with database.bulk_load(cursor, [FIRMS, ACTIVITIES, ACTIVITY_GOALS]):
            firms = plan.write_firms(cursor)
            plan.write_activities(cursor)
        cursor.execute(f"SELECT count(*) FROM {ACTIVITY_GOALS}")
        goal_links = cursor.fetchone()[0]
        # Ids were given explicitly: the next one Django asks for follows them.
        for sql in connection.ops.sequence_reset_sql(
            no_style(), [Firm, Activity, Activity.goals.through]
        ):
            cursor.execute(sql)
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM (ANALYZE) {FIRMS}, {ACTIVITIES}, {ACTIVITY_GOALS}")
    return Log(activities=activities, firms=firms, goal_links=goal_links)


class _Plan:
    """How many of each stream each house logs, and the SQL that writes them."""

    def __init__(self, agreement, activities):
        self.agreement = agreement
        self.houses = list(
            agreement.parties.filter(kind=Organisation.Kind.GROWTH_HOUSE, key__in=VOLUMES).order_by(
                "key"
            )
        )
        if len(self.houses) != 2:
            raise ValueError(f"{agreement} needs the two growth houses of devtools.demo.")
        self.types = {t.code: t.pk for t in ActivityType.objects.all()}
        self.goals = {
            goal.code: goal.pk for goal in Goal.objects.filter(focus_area__agreement=agreement)
        }
        self.authors = {house.pk: bench_users(house) for house in self.houses}
        self.places = {house.pk: _weighted_places(house) for house in self.houses}
        self.days = _weighted_days(agreement)
        self.counts = streams.scaled_counts(self.houses, activities)
        # Each house's firms are numbered in one block: its first guidances.
        self.pools, start = {}, 0
        for house in self.houses:
            size = self.counts[(house.pk, "first_guidance")]
            self.pools[house.pk] = (start + 1, start + size)
            start += size

    def write_firms(self, cursor):
        """Write every house's pool of firms, with valid CVR numbers; return how many."""
        total = sum(last - first + 1 for first, last in self.pools.values())
        # About one seven-digit prefix in eleven has no check digit: draw enough of them.
        candidates = total + total // 8 + 100
        prefix, digits = _cvr_sql()
        cursor.execute(
            f"""
            INSERT INTO {FIRMS}
                (id, cvr, name, sector, municipality_id, created_at, updated_at, version)
            SELECT n, cvr,
                   (%(names)s::text[])[1 + floor(random() * %(name_count)s)::int] || ' '
                       || (%(trades)s::text[])[trade] || ' '
                       || (%(forms)s::text[])[1 + floor(random() * %(form_count)s)::int],
                   (%(sectors)s::text[])[trade],
                   CASE WHEN n <= %(first_last)s
                        THEN (%(first_places)s::bigint[])[
                            1 + floor(random() * %(first_place_count)s)::int]
                        ELSE (%(second_places)s::bigint[])[
                            1 + floor(random() * %(second_place_count)s)::int]
                   END,
                   now(), now(), 1
            FROM (
                SELECT row_number() OVER (ORDER BY i) AS n,
                       (prefix * 10 + check_digit)::text AS cvr,
                       1 + floor(random() * %(trade_count)s)::int AS trade
                FROM (
                    SELECT i, {prefix} AS prefix, (11 - ({digits}) %% 11) %% 11 AS check_digit
                    FROM generate_series(0::bigint, %(candidates)s) AS i
                ) AS drawn
                WHERE check_digit < 10
            ) AS numbered
            WHERE n <= %(total)s
            """,
            {**self._firm_params(), "candidates": candidates, "total": total},
        )
        if cursor.rowcount != total:
            raise RuntimeError(f"Drew {cursor.rowcount} CVR numbers, not {total}.")
        return total

    def _firm_params(self):
        """Return what firm names are made of, and where each house's firms are."""
        first_house, second_house = self.houses
        names = list(demo_texts.NAME_WORDS)
        trades = list(demo_texts.TRADES)
        forms = [form for form, weight in demo_texts.LEGAL_FORMS.items() for _ in range(weight)]
        return {
            "names": names,
            "name_count": len(names),
            "trades": trades,
            "sectors": [demo_texts.TRADES[trade] for trade in trades],
            "trade_count": len(trades),
            "forms": forms,
            "form_count": len(forms),
            "first_last": self.pools[first_house.pk][1],
            "first_places": self.places[first_house.pk],
            "first_place_count": len(self.places[first_house.pk]),
            "second_places": self.places[second_house.pk],
            "second_place_count": len(self.places[second_house.pk]),
        }

    def write_activities(self, cursor):
        """Write every house's entries of every stream, in date order, with their goals."""
        self._write_entries(cursor)
        self._write_log(cursor)

    def _write_entries(self, cursor):
        """Write the entries into a temporary table, bench_activity, numbered by date."""
        cursor.execute(
            """
            CREATE TEMPORARY TABLE bench_entry (
                activity_type_id bigint, house_id bigint, delivered_in_id bigint,
                firm_id bigint, municipality_id bigint, date date, goal_id bigint,
                participants integer, description text, author_id bigint, tiebreak float8
            ) ON COMMIT DROP
            """
        )
        for house in self.houses:
            for stream in streams.STREAMS:
                count = self.counts[(house.pk, stream.name)]
                if count:
                    cursor.execute(*self._entries_sql(stream, house, count))
        # Ids in date order, as a year of logging gives them.
        cursor.execute(
            """
            CREATE TEMPORARY TABLE bench_activity ON COMMIT DROP AS
            SELECT row_number() OVER (ORDER BY date, tiebreak) AS id, *,
                   random() AS status_draw, random() AS fate_draw
            FROM bench_entry
            """
        )

    def _write_log(self, cursor):
        """Write the activities from bench_activity, their status drawn by date, and goals."""
        end = self.agreement.period_end
        cursor.execute(
            f"""
            INSERT INTO {ACTIVITIES} (
                id, agreement_id, house_id, delivered_in_id, activity_type_id, date, firm_id,
                municipality_id, quantity, participants, description, status, return_reason,
                author_id, created_at, updated_at, deleted_at, erp_id, import_batch_id, version
            )
            SELECT id, %(agreement)s, house_id, delivered_in_id, activity_type_id, date, firm_id,
                   municipality_id, 1, participants, description,
                   CASE WHEN fate_draw < 0.003 THEN 'returned'
                        WHEN %(end)s - date < 21 THEN
                            CASE WHEN status_draw < 0.2 THEN 'approved'
                                 WHEN status_draw < 0.7 THEN 'submitted' ELSE 'draft' END
                        WHEN %(end)s - date < 56 THEN
                            CASE WHEN status_draw < 0.6 THEN 'approved'
                                 WHEN status_draw < 0.9 THEN 'submitted' ELSE 'draft' END
                        ELSE CASE WHEN status_draw < 0.97 THEN 'approved' ELSE 'submitted' END
                   END,
                   CASE WHEN fate_draw < 0.003 THEN 'Beskrivelsen er for kort.' ELSE '' END,
                   author_id,
                   (date + time '12:00') AT TIME ZONE 'UTC',
                   (date + time '12:00') AT TIME ZONE 'UTC',
                   CASE WHEN fate_draw > 0.998 THEN (date + time '15:00') AT TIME ZONE 'UTC' END,
                   '', NULL, 1
            FROM bench_activity
            ORDER BY id
            """,
            {"agreement": self.agreement.pk, "end": end},
        )
        expected = sum(self.counts.values())
        if cursor.rowcount != expected:
            raise RuntimeError(f"Wrote {cursor.rowcount} activities, not {expected}.")
        cursor.execute(
            f"INSERT INTO {ACTIVITY_GOALS} (activity_id, goal_id) "
            "SELECT id, goal_id FROM bench_activity WHERE goal_id IS NOT NULL ORDER BY id"
        )

    def _entries_sql(self, stream, house, count):
        """Return the INSERT of one stream's entries for one house into bench_entry."""
        other = next(h for h in self.houses if h.pk != house.pk)
        # A stream "by the other house" is this house's firms served by the other one.
        logged_by = other if stream.other_house else house
        staff, manager = self.authors[logged_by.pk]
        first, last = self.pools[house.pk]
        params = {
            "type": self.types[stream.type_code],
            "house": logged_by.pk,
            "delivered_in": house.pk if stream.delivered_in_firm_house else None,
            "days": self.days,
            "day_count": len(self.days),
            "goals": [self.goals.get(code) for code in stream.goals] or [None],
            "goal_count": max(len(stream.goals), 1),
            "texts": list(stream.texts),
            "text_count": len(stream.texts),
            "author": manager.pk if stream.by_manager else staff.pk,
            "low": (stream.participants or (0, 0))[0],
            "high": (stream.participants or (0, 0))[1],
            "count": count,
            "first": first,
            "last": last,
            "places": self.places[house.pk],
            "place_count": len(self.places[house.pk]),
            "place_share": stream.municipality_share,
        }
        source = _FIRM_SOURCES[stream.firms]
        participants = (
            "%(low)s + floor(random() * (%(high)s - %(low)s + 1))::int"
            if stream.participants
            else "NULL"
        )
        sql = f"""
            INSERT INTO bench_entry
            SELECT %(type)s, %(house)s, %(delivered_in)s, chosen.id, chosen.municipality_id,
                   (%(days)s::date[])[1 + floor(random() * %(day_count)s)::int],
                   (%(goals)s::bigint[])[1 + floor(random() * %(goal_count)s)::int],
                   {participants},
                   (%(texts)s::text[])[1 + floor(random() * %(text_count)s)::int],
                   %(author)s, random()
            FROM {source} AS chosen
        """
        return sql, params


def _cvr_sql():
    """Return the SQL of candidate i's seven-digit CVR prefix, and of its weighted digit sum.

    The check digit makes the sum a multiple of 11; a prefix that would need a check
    digit of 10 has none, and is left out.
    """
    prefix = f"(1000000 + (i * {CVR_STRIDE}) %% 9000000)"
    digits = " + ".join(
        f"{weight} * ({prefix} / {10**power} %% 10)"
        for weight, power in zip((2, 7, 6, 5, 4, 3, 2), range(6, -1, -1), strict=True)
    )
    return prefix, digits


# Where a stream's entries take their firms from (see Stream.firms): each (id, municipality).
_FIRM_SOURCES = {
    "each": f"(SELECT id, municipality_id FROM {FIRMS} WHERE id BETWEEN %(first)s AND %(last)s)",
    "distinct": (
        f"(SELECT id, municipality_id FROM {FIRMS} WHERE id BETWEEN %(first)s AND %(last)s "
        "ORDER BY random() LIMIT %(count)s)"
    ),
    "any": (
        f"(SELECT firm.id, firm.municipality_id FROM ("
        "SELECT %(first)s + floor(random() * (%(last)s - %(first)s + 1))::bigint AS id "
        "FROM generate_series(1, %(count)s) OFFSET 0"
        f") AS drawn JOIN {FIRMS} AS firm ON firm.id = drawn.id)"
    ),
    None: (
        "(SELECT NULL::bigint AS id, CASE WHEN random() < %(place_share)s THEN "
        "(%(places)s::bigint[])[1 + floor(random() * %(place_count)s)::int] "
        "END AS municipality_id FROM generate_series(1, %(count)s))"
    ),
}


def bench_users(house):
    """Return the house's bench staff and manager, made once."""
    users = []
    for role in (User.Role.STAFF, User.Role.MANAGER):
        user, created = User.objects.get_or_create(
            username=f"bench.{role}.{house.key}",
            defaults={"role": role, "organisation": house},
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        users.append(user)
    return users


def _weighted_places(house):
    """Return the ids of the house's region's municipalities, each as often as its weight."""
    municipalities = Municipality.objects.filter(
        kkr__kind=Organisation.Kind.KKR, kkr__region=house.region_id
    ).order_by("code")
    return [
        municipality.pk
        for municipality in municipalities
        for _ in range(MUNICIPALITY_WEIGHTS.get(municipality.code, 1))
    ]


def _weighted_days(agreement):
    """Return the period's working days, each as often as its month's weight."""
    days, day = [], agreement.period_start
    while day <= agreement.period_end:
        holiday = (day.month, day.day) >= (12, 24) or (day.month, day.day) == (1, 1)
        if day.weekday() < 5 and not holiday:
            days += [day] * MONTH_WEIGHTS[day.month]
        day += timedelta(days=1)
    return days
