import math
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from devtools.bench import export, imports, rollup

AGREEMENT_FILE = Path(settings.BASE_DIR) / "agreement" / "data" / "regional_aftale_2018.yaml"

# Benchmarks beside the roll-up one, each with run().
MORE_BENCHES = [imports, export]


class Command(BaseCommand):
    help = (
        "Benchmark the roll-ups on synthetic activity logs and print one name=value per "
        "line. Needs an empty PostgreSQL database of its own, with DEBUG off: it migrates "
        "it, loads the 2018 agreement and writes up to a million activities. `make bench` "
        "creates one. Progress goes to stderr."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--sizes",
            type=int,
            nargs="+",
            default=list(rollup.SIZES),
            help="Activities in each generated log (default: %(default)s).",
        )

    def handle(self, *args, sizes, **options):
        if connection.vendor != "postgresql":
            raise CommandError(
                f"The bench runs on PostgreSQL only; DATABASE_URL points at {connection.vendor}. "
                "Run `make bench`, which creates a PostgreSQL database for it."
            )
        if settings.DEBUG:
            raise CommandError(
                "The bench needs DEBUG off, or logging every query skews the timings: "
                "set DEBUG=false."
            )
        database = connection.settings_dict["NAME"]
        if connection.introspection.table_names():
            raise CommandError(
                f"The database {database} is not empty. The bench writes and deletes a "
                "million activities, so it needs an empty database of its own: `make bench` "
                "creates one."
            )
        self.stderr.write(f"Migrating {database} and loading the 2018 agreement.")
        call_command("migrate", interactive=False, verbosity=0, stdout=self.stderr)
        call_command("load_agreement", str(AGREEMENT_FILE), stdout=self.stderr)

        self._print(rollup.run(sizes))
        for module in MORE_BENCHES:
            self.stderr.write(f"Running {module.__name__}.")
            self._print(module.run())

    def _print(self, results):
        # Each bench's figures as soon as it ends: a later bench that fails loses none.
        for name, value in results.items():
            self.stdout.write(f"{name}={format_value(value)}")
        self.stdout.flush()


def format_value(value) -> str:
    """Return the value with four significant digits, in plain notation (12.35, 0.001234)."""
    if isinstance(value, int) or value == 0 or not math.isfinite(value):
        return str(value)
    decimals = max(0, 3 - math.floor(math.log10(abs(value))))
    return f"{value:.{decimals}f}"
