"""The "what worked" pages: they read the catalog and the current snapshots, never reports."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from platforms.selectors import channels_by_problem, dead_channels, platform_get


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "aggregation/home.html")


def platform_detail(request: HttpRequest, slug: str) -> HttpResponse:
    platform = platform_get(slug)
    context = {
        "platform": platform,
        "groups": channels_by_problem(platform),
        "dead_channels": dead_channels(platform),
    }
    return render(request, "aggregation/platform_detail.html", context)
