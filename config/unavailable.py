"""A database that is down or restarting is a 503 to wait out, not a 500.

Pages get a short page in the visitor's language, /api/ paths `{"detail": ...}`; both say
when to try again (Retry-After) and are never cached. Django hands this middleware what a
view raised, and what rendering its template response raised; DRF views re-raise the
exceptions their handler does not know (these), so API views come here too. The broken
connection is not reused: Django closes it once the request ends, and with
CONN_HEALTH_CHECKS the next request opens a new one, so the site recovers by itself.
"""

import logging

import psycopg
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

# Django wraps the driver's errors in its own; code that talks to psycopg directly does not.
OUTAGE_ERRORS = (OperationalError, InterfaceError, psycopg.OperationalError, psycopg.InterfaceError)
# A restart takes a few seconds; clients that honour the header come back after it.
RETRY_AFTER_SECONDS = 10


class DatabaseUnavailableMiddleware:
    """Turns a lost or refused database connection into a 503 page or JSON answer."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, OUTAGE_ERRORS):
            return None  # a bug stays a 500, with its traceback in the log
        # The view's name, not the path (a private link's holds its token), and the error,
        # which names the database server: never the client's address.
        match = request.resolver_match
        logger.warning(
            "database unavailable, answered 503 to %s %s: %s: %s",
            request.method,
            match.view_name if match else "an unresolved path",
            type(exception).__name__,
            (str(exception).strip().splitlines() or [""])[0],
        )
        if request.path.startswith("/api/"):
            response = JsonResponse(
                {"detail": _("The service is temporarily unavailable. Try again in a minute.")},
                status=503,
            )
        else:
            response = render(request, "503.html", status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        add_never_cache_headers(response)
        return response
