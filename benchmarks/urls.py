"""Benchmark-only routes, beside the whole site (`benchmarks/settings.py` selects them)."""

import os

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import include, path

from aggregation import page_cache
from aggregation.views import answers
from config.urls import urlpatterns as site


def ok(request: HttpRequest) -> HttpResponse:
    """The baseline: a plain view through the same middleware, no query, no template."""
    return HttpResponse("ok", content_type="text/plain")


def page_cache_stats(request: HttpRequest) -> JsonResponse:
    """This worker's page-cache counters (each worker has its own)."""
    return JsonResponse({"pid": os.getpid(), **page_cache.stats})


# After the site's routes, so resolving /bench/ok/ walks the same list a page's path does.
urlpatterns = [
    *site,
    path("bench/ok/", ok),
    # The answer page without its cache: what every request would cost.
    path("bench/uncached/<slug:slug>/<slug:problem>/", answers.answer_detail),
    path("bench/page-cache/", page_cache_stats),
    path("bench/", include("benchmarks.bare.urls")),
]
