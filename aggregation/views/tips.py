""" "Worked for me too": the small uncached step behind the cached answer page's button.

The answer page is the same for everyone, so its button is a plain link here; this page
carries the CSRF token and the POST. It works without JavaScript.
"""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from aggregation.confirmations import shown_tip, tip_confirm
from surveys.clients import client_address, client_hash
from surveys.ratelimit import rate_limit_hit


@never_cache
@require_http_methods(["GET", "POST"])
def tip_confirm_page(request: HttpRequest, key: str) -> HttpResponse:
    tip = shown_tip(key)
    if tip is None:
        raise Http404(_("This tip is no longer shown."))
    answer_url = reverse(
        "answers:answer_detail", kwargs={"slug": tip.platform_slug, "problem": tip.problem_slug}
    )
    context = {"tip": tip, "answer_url": f"{answer_url}#tip-{tip.key}", "done": None}
    if request.method == "GET":
        return render(request, "aggregation/tip_confirm.html", context)
    visitor = client_hash(client_address(request))
    wait = rate_limit_hit(scope="confirm", client_hash=visitor)
    if wait:
        context["message"] = _("Too many clicks from your network. Try again later.")
        page = render(request, "aggregation/tip_confirm.html", context, status=429)
        page["Retry-After"] = str(wait)
        return page
    context["done"] = "counted" if tip_confirm(tip=tip, client_hash=visitor) else "already"
    return render(request, "aggregation/tip_confirm.html", context)
