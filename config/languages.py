"""Each language has an address of its own: the same path with `?lang=en` or `?lang=fr`.

Search engines need one URL per language for their `hreflang` alternates, and a shared link
should open in the language it was sent in. The parameter sets nothing: the visitor's own
choice (the switcher's cookie, or the browser's Accept-Language) applies everywhere else.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponseRedirect
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

PARAMETER = "lang"


class LanguageFromQueryMiddleware:
    """After LocaleMiddleware: `?lang=<code>` overrides the negotiated language."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        code = request.GET.get(PARAMETER)
        if code in dict(settings.LANGUAGES):
            translation.activate(code)
            request.LANGUAGE_CODE = code
        return self.get_response(request)


def _without_language(request) -> str:
    query = request.GET.copy()
    query.pop(PARAMETER, None)
    encoded = query.urlencode()
    return f"{request.path}?{encoded}" if encoded else request.path


def alternates(request) -> dict:
    """Template context: the page's address in each language, and without the parameter
    (the canonical one, and where the language switcher sends the visitor back)."""
    plain = _without_language(request)
    match = getattr(request, "resolver_match", None)
    if match is None or any(key.endswith("token") for key in match.kwargs):
        # Private pages (their address holds a token: a report's, a circle's) are not
        # indexed: no alternates.
        return {"page_path": plain, "language_alternates": [], "canonical_url": ""}
    joiner = "&" if "?" in plain else "?"
    urls = {
        code: request.build_absolute_uri(f"{plain}{joiner}{urlencode({PARAMETER: code})}")
        for code, _ in settings.LANGUAGES
    }
    return {
        "page_path": plain,
        "language_alternates": list(urls.items()),
        # Each language version is its own canonical page; the plain address negotiates.
        "canonical_url": urls.get(translation.get_language() or "", ""),
        "default_url": request.build_absolute_uri(plain),
    }


@never_cache
@require_GET
def language_choose(request):
    """The header's language switcher, as a GET: the pages it sits on are cached for
    everyone, so its form carries no CSRF token. Nothing is exempted from CSRF; the worst a
    forged link can do is change someone's language, which a `?lang=` link does anyway."""
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    code = request.GET.get("language")
    if code in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            code,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    return response
