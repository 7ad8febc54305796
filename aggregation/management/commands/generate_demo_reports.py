import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from aggregation import demo


class Command(BaseCommand):
    help = (
        "Write N synthetic reports across the catalog's platforms, problems and channels "
        "(for demos and benchmarks), then mark every platform for aggregation."
    )

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, required=True, help="how many reports")
        parser.add_argument("--seed", type=int, default=0, help="same seed, same reports")
        parser.add_argument(
            "--if-empty", action="store_true", help="do nothing when reports already exist"
        )

    def handle(self, *args, count, seed, if_empty, **options):
        if count < 1:
            raise CommandError("--count must be at least 1.")
        if if_empty and demo.demo_reports_exist():
            self.stdout.write("Reports already exist: no demo reports written.")
            return
        started = time.perf_counter()
        try:
            demo.demo_reports_generate(count=count, seed=seed, now=timezone.now())
        except ValueError as error:
            raise CommandError(str(error)) from error
        seconds = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(f"Wrote {count} demo reports in {seconds:.1f} s (seed {seed}).")
        )
