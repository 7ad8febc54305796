from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from platforms.links import links_check

NETWORK_OFF = (
    "check_links sends a request to every catalog address, so it is off unless you allow "
    "it: pass --allow-network, or set LINK_CHECK_ALLOW_NETWORK=1 in the environment. "
    "Run it only on a machine allowed to reach the real sites. Nothing was sent."
)


class Command(BaseCommand):
    help = (
        "Check that the catalog's web addresses still answer and record what each one did "
        "(sends requests to the real sites: needs --allow-network)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-network",
            action="store_true",
            help="send the requests (or set LINK_CHECK_ALLOW_NETWORK=1)",
        )
        parser.add_argument(
            "--timeout",
            type=float,
            help="seconds to wait for each address (default LINK_CHECK_TIMEOUT_SECONDS)",
        )
        parser.add_argument(
            "--url",
            action="append",
            dest="urls",
            metavar="URL",
            help="check only this address (repeatable)",
        )

    def handle(self, *args, allow_network: bool, timeout: float | None, urls, **options):
        if not (allow_network or settings.LINK_CHECK_ALLOW_NETWORK):
            raise CommandError(NETWORK_OFF)
        timeout = settings.LINK_CHECK_TIMEOUT_SECONDS if timeout is None else timeout
        if timeout <= 0:
            raise CommandError("--timeout must be more than 0 seconds")
        if urls and not all(url.startswith(("https://", "http://")) for url in urls):
            raise CommandError("--url takes http:// or https:// addresses only")
        summary = links_check(
            urls=urls,
            timeout=timeout,
            failures_before_look=settings.LINK_CHECK_FAILURES_BEFORE_LOOK,
            now=timezone.now(),
            progress=self.stdout.write,
        )
        self.stdout.write(summary.describe())
