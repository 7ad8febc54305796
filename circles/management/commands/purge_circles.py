from django.core.management.base import BaseCommand
from django.utils import timezone

from circles.services import circles_purge


class Command(BaseCommand):
    help = (
        "Delete the circles that stopped taking answers more than CIRCLES_KEEP_DAYS ago, "
        "with their answers (reports friends made public stay). The beat schedule runs it daily."
    )

    def handle(self, *args, **options):
        deleted = circles_purge(now=timezone.now())
        self.stdout.write(f"{deleted} circles deleted")
