"""The bench's own PostgreSQL database: dropped and created again by
`python -m devtools.bench.database URL`, and loaded in bulk (bulk_load).

Run by `make bench` before the bench itself. Only a database whose name says
"bench" is dropped, so a mistyped BENCH_DATABASE_URL cannot take the portal's own.
"""

import sys
from contextlib import contextmanager

import environ
import psycopg2
from psycopg2 import sql


def recreate(url: str) -> str:
    """Drop the URL's database if it exists and create it empty; return its name."""
    config = environ.Env.db_url_config(url)
    name = config["NAME"]
    if config["ENGINE"] != "django.db.backends.postgresql":
        raise SystemExit(f"The bench database must be PostgreSQL, not {url}.")
    if "bench" not in name:
        raise SystemExit(f"Refusing to drop {name}: the bench database's name says 'bench'.")
    connection = psycopg2.connect(
        dbname="postgres",
        user=config["USER"] or None,
        password=config["PASSWORD"] or None,
        host=config["HOST"] or None,
        port=config["PORT"] or None,
    )
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            # FORCE: an interrupted run may have left a connection open.
            cursor.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    finally:
        connection.close()
    return name


@contextmanager
def bulk_load(cursor, tables):
    """Drop the tables' foreign keys and plain indexes, and make them again at the end.

    What pg_restore does: building an index or checking a foreign key once over the
    whole table is many times faster than keeping it row by row. Unique indexes stay.
    Inside the caller's transaction, so a failed load leaves the schema as it was.
    """
    cursor.execute(
        "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE contype = 'f' AND conrelid = ANY(%s::regclass[])",
        [tables],
    )
    foreign_keys = cursor.fetchall()
    cursor.execute(
        "SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index "
        "WHERE indrelid = ANY(%s::regclass[]) AND NOT indisunique AND NOT indisprimary",
        [tables],
    )
    indexes = cursor.fetchall()
    for table, name, _definition in foreign_keys:
        cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    for name, _definition in indexes:
        cursor.execute(f"DROP INDEX {name}")
    yield
    for _name, definition in indexes:
        cursor.execute(definition)
    for table, name, definition in foreign_keys:
        cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: python -m devtools.bench.database postgres://.../portal_bench")
    print(f"Created an empty {recreate(sys.argv[1])}.", file=sys.stderr)
