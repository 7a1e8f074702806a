from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from agreement.models import Agreement
from reporting.workbook.writer import write_workbook


class Command(BaseCommand):
    help = (
        "Write the year-end workbook of an agreement (the KKRs' document for revising it) "
        "to an .xlsx file. Progress goes to stderr, a summary line to stdout."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="The agreement's year.")
        parser.add_argument("--out", required=True, help="The .xlsx file to write.")
        parser.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            default="da",
            help="The language of the sheet names and headers (default: %(default)s).",
        )

    def handle(self, *args, year, out, language, **options):
        agreement = Agreement.objects.filter(year=year).first()
        if agreement is None:
            years = ", ".join(
                str(each) for each in Agreement.objects.values_list("year", flat=True)
            )
            raise CommandError(f"There is no agreement for {year}. Agreements: {years or 'none'}.")

        folder = Path(out).resolve().parent
        if not folder.is_dir():
            # Found out before the export, not after it.
            raise CommandError(f"Cannot write {out}: there is no folder {folder}.")

        def report(written, total):
            share = written / total if total else 1
            self.stderr.write(f"{written:,} of {total:,} rows ({share:.0%})")
            self.stderr.flush()

        try:
            rows = write_workbook(agreement, out, language=language, progress=report)
        except OSError as error:
            raise CommandError(f"Cannot write {out}: {error.strerror or error}.") from error
        self.stdout.write(f"Wrote {rows:,} rows of {agreement} to {out}.")
