"""The privacy page: what the site keeps, for how long, the cookies it sets, how to delete.

Every number and cookie name on it is read from the settings and from the views that set
the cookies, so the page says what the running site does, not what it did when written.
"""

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from aggregation.feedback import NOTE_MAX
from circles.views import ANSWER_COOKIE, COOKIE_MAX_AGE, OWNER_COOKIE
from surveys.services import REPEAT_WINDOW
from surveys.views import PRIVATE_COOKIE, PRIVATE_COOKIE_MAX_AGE

HOUR = 60 * 60
DAY = 24 * HOUR


def _days(days: int) -> str:
    return ngettext("%(count)s day", "%(count)s days", days) % {"count": days}


def _minutes(minutes: int) -> str:
    return ngettext("%(count)s minute", "%(count)s minutes", minutes) % {"count": minutes}


def _lifetime(seconds: int | None) -> str:
    """A lifetime in seconds as a reader says it: "24 hours", "14 days", "15 minutes"."""
    if seconds is None:
        return _("until you close your browser")
    if seconds % DAY == 0 and seconds > DAY:
        return _days(seconds // DAY)
    if seconds % HOUR == 0:
        hours = seconds // HOUR
        return ngettext("%(count)s hour", "%(count)s hours", hours) % {"count": hours}
    return _minutes(max(1, -(-seconds // 60)))


def _session_lifetime() -> str:
    if settings.SESSION_EXPIRE_AT_BROWSER_CLOSE:
        return _lifetime(None)
    return _lifetime(settings.SESSION_COOKIE_AGE)


def privacy_facts() -> dict:
    """Every name and number the privacy page states, from the running configuration."""
    rate_limited = settings.SURVEYS_RATE_LIMIT > 0 and settings.SURVEYS_RATE_WINDOW > 0
    return {
        "repeat_days": _days(REPEAT_WINDOW.days),
        "rate_window": _lifetime(settings.SURVEYS_RATE_WINDOW) if rate_limited else "",
        "circles_open": _days(settings.CIRCLES_OPEN_DAYS),
        "circles_keep": _days(settings.CIRCLES_KEEP_DAYS),
        "raw_keep": _days(settings.SURVEYS_KEEP_RAW_DAYS),
        "flag_note_max": NOTE_MAX,
        "login_failure_limit": settings.LOGIN_FAILURE_LIMIT,
        "login_cooloff": _minutes(settings.LOGIN_COOLOFF_MINUTES),
        "private_cookie": PRIVATE_COOKIE,
        "private_cookie_path": reverse("surveys:response_create"),
        "private_cookie_lifetime": _lifetime(PRIVATE_COOKIE_MAX_AGE),
        "circle_owner_cookie": OWNER_COOKIE,
        "circle_answer_cookie": ANSWER_COOKIE,
        "circle_cookie_lifetime": _lifetime(COOKIE_MAX_AGE),
        "csrf_cookie": settings.CSRF_COOKIE_NAME,
        "csrf_cookie_lifetime": _lifetime(settings.CSRF_COOKIE_AGE),
        "language_cookie": settings.LANGUAGE_COOKIE_NAME,
        "language_cookie_lifetime": _lifetime(settings.LANGUAGE_COOKIE_AGE),
        "session_cookie": settings.SESSION_COOKIE_NAME,
        "session_cookie_lifetime": _session_lifetime(),
        "messages_cookie": CookieStorage.cookie_name,
    }


def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "privacy.html", privacy_facts())
