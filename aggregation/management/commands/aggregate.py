from django.core.management.base import BaseCommand, CommandError

from aggregation import services
from platforms.models import Platform


class Command(BaseCommand):
    help = (
        "Aggregate reports into ranked recommendations now, in this process: the platforms "
        "with new reports, every platform (--full) or one (--platform)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--platform", metavar="SLUG", help="only this platform")
        parser.add_argument(
            "--full", action="store_true", help="every active platform, not only changed ones"
        )
        parser.add_argument(
            "--no-tips", action="store_true", help="numbers only; keep the current tips"
        )

    def handle(self, *args, platform=None, full=False, no_tips=False, **options):
        if platform:
            found = Platform.objects.filter(slug=platform).first()
            if found is None:
                known = ", ".join(Platform.objects.order_by("slug").values_list("slug", flat=True))
                raise CommandError(f"Unknown platform {platform!r}. Known platforms: {known}.")
            targets = [found]
        elif full:
            targets = list(Platform.objects.active().order_by("slug"))
        else:
            dirty = services.platforms_dirty()
            targets = list(Platform.objects.filter(id__in=dirty).order_by("slug"))
            if not targets:
                self.stdout.write(
                    "Nothing to aggregate: no platform has new reports. "
                    "Use --full to recompute every platform."
                )
                return
        total = 0.0
        for number, target in enumerate(targets, start=1):
            prefix = f"[{number}/{len(targets)}] {target.slug}:"
            self.stdout.write(f"{prefix} aggregating...", ending="")
            self.stdout.flush()
            try:
                result = services.snapshot_refresh(platform_id=target.pk, tips=not no_tips)
            except Exception as error:
                self.stdout.write("")
                raise CommandError(
                    f"{target.slug}: aggregation failed, its previous snapshot stays current "
                    f"({type(error).__name__}: {error})"
                ) from error
            if result.status == "busy":
                self.stdout.write(" skipped: another run holds its lease")
                continue
            seconds = result.timings.get("total", 0.0)
            total += seconds
            self.stdout.write(
                f" {result.reports} reports, {result.tips} tips -> snapshot {result.run_id}"
                f" in {seconds:.2f} s"
            )
        self.stdout.write(self.style.SUCCESS(f"Done: {len(targets)} platform(s), {total:.2f} s."))
