from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from platforms.drafts import draft_attachments, draft_mailto, draft_write
from platforms.forms import DraftForm
from platforms.selectors import draft_channels, platform_get, platform_list, problem_get


def platform_index(request: HttpRequest) -> HttpResponse:
    return render(request, "platforms/platform_list.html", {"platforms": platform_list()})


def _private(page: HttpResponse) -> HttpResponse:
    """What the person typed is on the page: not indexed, and no referrer for other sites.

    `same-origin`, not `no-referrer`: under no-referrer browsers send `Origin: null` with
    the page's own form, and Django's CSRF check refuses it.
    """
    page["Referrer-Policy"] = "same-origin"
    page["X-Robots-Tag"] = "noindex"
    return page


@never_cache
@require_http_methods(["GET", "POST"])
def draft(request: HttpRequest, slug: str, problem: str) -> HttpResponse:
    """A message to the platform's support, written from a short form. Nothing is stored."""
    platform = platform_get(slug)
    problem_type = problem_get(problem)
    channels = draft_channels(platform=platform, problem=problem_type)
    page_language = (get_language() or "en")[:2]
    context = {"platform": platform, "problem": problem_type, "channels": channels}
    status = 200
    if request.method == "POST":
        form = DraftForm(request.POST, channels=channels)
        if form.is_valid():
            channel = form.channels[form.cleaned_data["channel"]]
            facts = form.facts()
            result = draft_write(
                platform=platform,
                problem=problem_type,
                channel=channel,
                facts=facts,
                language=form.cleaned_data["language"],
            )
            context |= {
                "draft": result,
                "channel": channel,
                "mailto": draft_mailto(result),
                "checklist": draft_attachments(
                    platform=platform,
                    problem=problem_type,
                    channel=channel,
                    facts=facts,
                    language=page_language,
                ),
            }
        else:
            status = 400
    else:
        initial = {"language": request.GET.get("language", page_language)}
        if len(channels) == 1:
            initial["channel"] = channels[0].slug
        if request.GET.get("channel"):
            initial["channel"] = request.GET["channel"]
        form = DraftForm(channels=channels, initial=initial)
    context["form"] = form
    return _private(render(request, "platforms/draft.html", context, status=status))
