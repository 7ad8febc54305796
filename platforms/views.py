from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from platforms.selectors import channels_by_problem, dead_channels, platform_get, platform_list


def platform_index(request: HttpRequest) -> HttpResponse:
    return render(request, "platforms/platform_list.html", {"platforms": platform_list()})


def platform_detail(request: HttpRequest, slug: str) -> HttpResponse:
    platform = platform_get(slug)
    context = {
        "platform": platform,
        "groups": channels_by_problem(platform),
        "dead_channels": dead_channels(platform),
    }
    return render(request, "platforms/platform_detail.html", context)
