from django.core.management.base import BaseCommand, CommandError, no_translations

from goals.agreement_file import MAX_PROBLEMS, AgreementFileError, read_agreement_file
from goals.agreement_file.loading import LoggedDataWouldBeLost, agreement_load


class Command(BaseCommand):
    help = (
        "Load an agreement year from a YAML file (agreement/data/FORMAT.md). "
        "The whole file is checked first; if anything is wrong, nothing changes."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file", help="the agreement file, e.g. agreement/data/regional_aftale_2018.yaml"
        )
        parser.add_argument(
            "--allow-data-loss",
            action="store_true",
            help=(
                "remove the goals and targets the file drops even where activities, status "
                "texts, effect measurements or milestone completions point to them: the "
                "activities lose the link, the others are deleted"
            ),
        )

    @no_translations  # the problems name models (status texts, ...) in English, as the rest
    def handle(self, *args, file, allow_data_loss, **options):
        try:
            content = read_agreement_file(file)
            loaded = agreement_load(
                content=content, source=str(file), allow_data_loss=allow_data_loss
            )
        except AgreementFileError as error:
            for problem in error.errors:
                self.stderr.write(problem)
            if error.more:
                self.stderr.write("… and more problems; fix these first.")
                count = f"more than {MAX_PROBLEMS} problems"
            else:
                count = f"{len(error.errors)} problem{'s' if len(error.errors) != 1 else ''}"
            message = f"{file}: {count}; nothing was changed."
            if isinstance(error, LoggedDataWouldBeLost):
                message += " Load it with --allow-data-loss to remove them all the same."
            raise CommandError(message) from error
        self.stdout.write(loaded.summary())
