"""Drop and create the bench's own PostgreSQL database: `python -m devtools.bench.database URL`.

Run by `make bench` before the bench itself. Only a database whose name says
"bench" is dropped, so a mistyped BENCH_DATABASE_URL cannot take the portal's own.
"""

import sys

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


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: python -m devtools.bench.database postgres://.../portal_bench")
    print(f"Created an empty {recreate(sys.argv[1])}.", file=sys.stderr)
