"""Open data around the pages: the methodology, the sitemap and robots.txt.

The methodology's numbers are those the site runs with: the settings, and the engine's
defaults from `aggregation.params` (not `aggregation.compute`, which loads SciPy).
"""

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from aggregation import params
from aggregation.selectors import recommendations_get
from platforms.models import ContactChannel, Platform, ProblemType
from surveys.services import REPEAT_WINDOW

ROBOTS_DISALLOW = ("/admin/", "/report/edit/", "/api/")


def _plain(value: float) -> float | int:
    """180.0 reads 180 on the page; 0.5 stays 0.5."""
    return int(value) if float(value).is_integer() else value


def _percent(fraction: float) -> int:
    return round(fraction * 100)


def methodology_numbers() -> dict:
    """Every number the methodology page states, from the running configuration."""
    low, high = params.RANGE_QUANTILES
    return {
        "half_life": _plain(params.HALF_LIFE_DAYS),
        "global_rate": _plain(params.GLOBAL_RATE),
        "platform_strength": _plain(params.PLATFORM_PRIOR_STRENGTH),
        "default_strength": _plain(params.DEFAULT_PRIOR_STRENGTH),
        "min_strength": _plain(params.MIN_PRIOR_STRENGTH),
        "max_strength": _plain(params.MAX_PRIOR_STRENGTH),
        "prior_count_floor": _plain(params.PRIOR_COUNT_FLOOR),
        "score_percent": _percent(params.SCORE_QUANTILE),
        "range_low_percent": _percent(low),
        "range_high_percent": _percent(high),
        "min_effective": _plain(params.MIN_EFFECTIVE_REPORTS),
        "min_people": params.MIN_REPORTERS,
        "low_confidence_below": _plain(params.LOW_CONFIDENCE_BELOW),
        "min_resolved_for_days": params.MIN_RESOLVED_FOR_DAYS,
        "horizon": settings.AGGREGATION_WAITING_HORIZON_DAYS,
        "tie_band": _plain(params.TIE_BAND),
        "tie_points": _percent(params.TIE_BAND),
        "recent_days": params.RECENT_DAYS,
        "trend_recent_days": params.TREND_RECENT_DAYS,
        "trend_baseline_days": params.TREND_BASELINE_DAYS,
        "trend_points": _percent(params.TREND_DROP),
        "trend_percent": _percent(params.TREND_PROBABILITY),
        "trend_min_recent": params.TREND_MIN_RECENT,
        "trend_min_baseline": params.TREND_MIN_BASELINE,
        "tip_min_people": settings.AGGREGATION_TIP_MIN_PEOPLE,
        "repeat_days": REPEAT_WINDOW.days,
    }


def methodology(request: HttpRequest) -> HttpResponse:
    return render(request, "methodology.html", methodology_numbers())


def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in ROBOTS_DISALLOW)]
    lines += ["", f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def _platforms():
    """Active platforms, with the time their current snapshot was published (or None)."""
    published = F("currentsnapshot__published_at")
    return Platform.objects.active().annotate(published_at=published).order_by("slug")


class _Bilingual(Sitemap):
    """Each page once, its versions in every language as hreflang alternates.

    A language other than the default is the same URL with `?lang=<code>`, which
    `django.contrib.sitemaps` cannot announce by itself (its alternates need
    `i18n_patterns`): they are added to the URLs it builds.
    """

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        for url in urls:
            location = url["location"]
            url["alternates"] = [
                {
                    "lang_code": code,
                    "location": location
                    if code == settings.LANGUAGE_CODE
                    else f"{location}?lang={code}",
                }
                for code, _name in settings.LANGUAGES
            ] + [{"lang_code": "x-default", "location": location}]
        return urls


class PageSitemap(_Bilingual):
    def items(self):
        return ["answers:home", "platforms:platform_list", "methodology", "privacy"]

    def location(self, item):
        return reverse(item)


class PlatformSitemap(_Bilingual):
    def items(self):
        return list(_platforms())

    def location(self, item):
        return reverse("answers:platform_detail", kwargs={"slug": item.slug})

    def lastmod(self, item):
        return item.published_at


class AnswerSitemap(_Bilingual):
    """Every platform and problem with something to show: a listed channel, or figures."""

    def items(self):
        problems = list(ProblemType.objects.all())
        listed = set(ContactChannel.objects.usable().values_list("platform_id", "problems"))
        pages = []
        for platform in _platforms():
            with_figures = set()
            if platform.published_at is not None:
                entries = recommendations_get(platform=platform, problem=None, language="en")
                with_figures = {entry["problem"] for entry in entries if entry["channels"]}
            pages += [
                (platform, problem)
                for problem in problems
                if (platform.pk, problem.pk) in listed or problem.slug in with_figures
            ]
        return pages

    def location(self, item):
        platform, problem = item
        return reverse(
            "answers:answer_detail", kwargs={"slug": platform.slug, "problem": problem.slug}
        )

    def lastmod(self, item):
        return item[0].published_at


SITEMAPS = {"pages": PageSitemap, "platforms": PlatformSitemap, "answers": AnswerSitemap}
