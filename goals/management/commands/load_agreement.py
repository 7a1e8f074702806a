from django.core.management.base import BaseCommand, CommandError

from goals.agreement_file import MAX_PROBLEMS, AgreementFileError, read_agreement_file
from goals.agreement_file.loading import agreement_load


class Command(BaseCommand):
    help = (
        "Load an agreement year from a YAML file (agreement/data/FORMAT.md). "
        "The whole file is checked first; if anything is wrong, nothing changes."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file", help="the agreement file, e.g. agreement/data/regional_aftale_2018.yaml"
        )

    def handle(self, *args, file, **options):
        try:
            content = read_agreement_file(file)
        except AgreementFileError as error:
            for problem in error.errors:
                self.stderr.write(problem)
            if error.more:
                self.stderr.write("… and more problems; fix these first.")
                count = f"more than {MAX_PROBLEMS} problems"
            else:
                count = f"{len(error.errors)} problem{'s' if len(error.errors) != 1 else ''}"
            raise CommandError(f"{file}: {count}; nothing was changed.") from error
        loaded = agreement_load(content=content, source=str(file))
        self.stdout.write(loaded.summary())
