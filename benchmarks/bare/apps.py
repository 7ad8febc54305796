from django.apps import AppConfig


class BareConfig(AppConfig):
    """Benchmark-only: installed by benchmarks/settings.py only (benchmarks/submissions.py)."""

    name = "benchmarks.bare"
    label = "bench_bare"
