from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from platforms.catalog_file import DEFAULT_CATALOG, CatalogError
from platforms.services import catalog_load


class Command(BaseCommand):
    help = "Load the platform catalog file (idempotent: only differences are written)."

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, default=DEFAULT_CATALOG, help="catalog YAML file")

    def handle(self, *args, file: Path, **options):
        try:
            result = catalog_load(path=file)
        except CatalogError as error:
            raise CommandError(error.report("catalog")) from None
        for kind in ("problem", "platform", "channel"):
            self.stdout.write(
                f"{kind}s: {result.created[kind]} created, {result.updated[kind]} updated"
            )
        self.stdout.write(f"channels retired: {result.retired}")
        self.stdout.write(
            self.style.SUCCESS("catalog loaded" if result.changed else "catalog already up to date")
        )
