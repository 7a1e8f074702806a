from django.core.management.base import BaseCommand, CommandError

from agreement.models import Agreement
from reporting.rollups import services as rollups


class Command(BaseCommand):
    help = "Recompute the progress of every target from the activity log (all open agreements)."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, help="Only the agreement of this year.")

    def handle(self, *args, year=None, **options):
        agreements = Agreement.objects.exclude(status=Agreement.Status.CLOSED)
        if year is not None:
            agreements = Agreement.objects.filter(year=year)
            if not agreements:
                raise CommandError(f"There is no agreement for {year}.")
        for agreement in agreements:
            rollups.rollup_full(agreement)
            self.stdout.write(f"Recomputed {agreement}.")
