from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from surveys.questionnaire_file import WHAT_WORKED, QuestionnaireFileError
from surveys.services import questionnaire_sync


class Command(BaseCommand):
    help = (
        "Load the shipped questionnaire file (idempotent: a new version is published only "
        "when the questions changed)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--file", type=Path, default=WHAT_WORKED, help="questionnaire YAML file"
        )

    def handle(self, *args, file: Path, **options):
        try:
            result = questionnaire_sync(path=file)
        except QuestionnaireFileError as error:
            raise CommandError(error.report("questionnaire")) from None
        slug, number = result.questionnaire.slug, result.version.number
        if result.created:
            self.stdout.write(self.style.SUCCESS(f"{slug}: version {number} published"))
        else:
            self.stdout.write(f"{slug}: already up to date (version {number})")
