from django.apps import AppConfig


class BareConfig(AppConfig):
    """Benchmark-only: installed when BENCHMARK_VIEWS=1 (benchmarks/submissions.py)."""

    name = "benchmarks.bare"
    label = "bench_bare"
