"""The "what worked" pages: they read the catalog and the current snapshots, never reports."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language

from aggregation.pages import (
    answer_get,
    home_figures,
    platform_channels,
    platform_summary,
    scam_addresses,
    search,
)
from platforms.models import ProblemType
from platforms.selectors import channels_by_problem, dead_channels, platform_get, platform_list


def _language() -> str:
    return (get_language() or "en")[:2]


def home(request: HttpRequest) -> HttpResponse:
    context = {
        "platforms": platform_list(),
        "problems": ProblemType.objects.all(),
        "figures": home_figures(language=_language()),
    }
    return render(request, "aggregation/home.html", context)


def answer_search(request: HttpRequest) -> HttpResponse:
    """The home page's search box, without JavaScript: one platform and one problem found
    go straight to their answer; otherwise the matches are listed."""
    query = request.GET.get("q", "")[:200].strip()
    result = search(query)
    if len(result.platforms) == 1 and len(result.problems) == 1:
        return redirect(
            "answers:answer_detail", slug=result.platforms[0].slug, problem=result.problems[0].slug
        )
    if len(result.platforms) == 1 and not result.problems:
        return redirect("answers:platform_detail", slug=result.platforms[0].slug)
    context = {
        "query": query,
        "result": result,
        "problems": ProblemType.objects.all(),
        "platforms": platform_list(),
    }
    return render(request, "aggregation/search.html", context)


def platform_detail(request: HttpRequest, slug: str) -> HttpResponse:
    platform = platform_get(slug)
    groups = channels_by_problem(platform)
    official, outside = platform_channels(platform)
    context = {
        "platform": platform,
        "groups": groups,
        "summaries": platform_summary(platform=platform, groups=groups, language=_language()),
        # Each official channel once, with the problems it serves; then the outside bodies.
        "official": official,
        "outside": outside,
        "dead_channels": dead_channels(platform),
        "scams": scam_addresses(platform),
    }
    return render(request, "aggregation/platform_detail.html", context)


def answer_detail(request: HttpRequest, slug: str, problem: str) -> HttpResponse:
    platform = platform_get(slug)
    problem_type = ProblemType.objects.filter(slug=problem).first()
    if problem_type is None:
        raise Http404("No such problem.")
    answer = answer_get(
        platform=platform,
        problem=problem_type,
        language=_language(),
        now=timezone.now(),
        segment=request.GET.get("account", "")[:20],
    )
    report_url = reverse("surveys:response_create") + f"?platform={slug}&problem={problem}"
    context = {
        "platform": platform,
        "answer": answer,
        "report_url": report_url,
        "monetization": platform.monetization_facts if problem == "monetization" else [],
    }
    return render(request, "aggregation/answer_detail.html", context)
