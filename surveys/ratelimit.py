"""A fixed-window rate limit per client hash, shared by the report page and the API.

Atomic on every cache backend Django ships: `cache.add` creates the window's counter
only if it is missing, and `cache.incr` increments it in one step (Redis INCR).
"""

import math
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from surveys.clients import client_address, client_hash


def rate_limit_hit(*, scope: str, client_hash: str) -> int | None:
    """Count one attempt; return the seconds to wait when over the limit, else None."""
    limit = settings.SURVEYS_RATE_LIMIT
    window = settings.SURVEYS_RATE_WINDOW
    if limit <= 0 or window <= 0:
        return None
    now = time.time()
    bucket = int(now // window)
    key = f"surveys:rate:{scope}:{client_hash}:{bucket}"
    cache.add(key, 0, timeout=window + 1)
    try:
        count = cache.incr(key)
    except ValueError:
        # The counter expired between add and incr: this attempt opens a new one.
        cache.add(key, 1, timeout=window + 1)
        count = 1
    if count > limit:
        return max(1, math.ceil((bucket + 1) * window - now))
    return None


def changes_wait(request: HttpRequest) -> int | None:
    """Count one change through a private link (an outcome, a tip sent again, a delete, a
    circle closed or deleted: one limit for pages and API); the seconds to wait when over
    it. Callers count it before they check the link, so guessing links is limited too."""
    return rate_limit_hit(scope="edit", client_hash=client_hash(client_address(request)))


def changes_limited(request: HttpRequest) -> HttpResponse | None:
    """The pages' 429 once `changes_wait` says wait, else None."""
    wait = changes_wait(request)
    if not wait:
        return None
    page = HttpResponse(_("Too many changes from your network. Try again later."), status=429)
    page["Retry-After"] = str(wait)
    return page
