from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from platforms.selectors import platform_list


def platform_index(request: HttpRequest) -> HttpResponse:
    return render(request, "platforms/platform_list.html", {"platforms": platform_list()})
