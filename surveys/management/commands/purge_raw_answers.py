from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from surveys.retention import raw_purge


class Command(BaseCommand):
    help = (
        "Purge what is older than SURVEYS_KEEP_RAW_DAYS: the responses' answers, address "
        "hashes and completion times, the reporter keys (once all their reports are that "
        "old) and the address hashes of reported addresses and tip signals. Reports stay, "
        "so the figures do not change. The beat schedule runs it daily; safe to run again."
    )

    def handle(self, *args, **options):
        result = raw_purge(now=timezone.now())
        self.stdout.write(
            f"Older than {settings.SURVEYS_KEEP_RAW_DAYS} days: "
            f"{result.responses} responses purged ({result.answers} answers deleted), "
            f"{result.reporter_keys} reporter keys replaced on {result.reports} reports, "
            f"{result.address_reporters} address reporters forgotten, "
            f"{result.signals} tip signals made anonymous"
        )
