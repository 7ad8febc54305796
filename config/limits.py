"""A request body larger than DATA_UPLOAD_MAX_MEMORY_SIZE is refused with a 413 and a short
message, before anything reads it.

Django itself answers such a body with a bare 400 (RequestDataTooBig, logged as a
suspicious operation) once a view or the CSRF check reads the form. The site takes no file
uploads, so the whole body is held to the limit, from its Content-Length (a body without
one is empty to Django's WSGI request).
"""

import json
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.html import escape
from django.utils.translation import gettext as _

TOO_LARGE = 413


def _declared_length(request: HttpRequest) -> int:
    try:
        return max(0, int(request.META.get("CONTENT_LENGTH") or 0))
    except ValueError:
        return 0


def too_large_response(request: HttpRequest, limit: int) -> HttpResponse:
    """JSON for the API (and clients that ask for it), a small page for everyone else."""
    message = _("The request is too large: send at most %(size)s kB.") % {
        "size": max(1, limit // 1024)
    }
    accept = request.headers.get("Accept", "")
    if request.path.startswith("/api/") or "application/json" in accept:
        body = json.dumps({"detail": message})
        reply = HttpResponse(body, status=TOO_LARGE, content_type="application/json")
    else:
        title = escape(_("Request too large"))
        page = (
            f'<!doctype html>\n<html lang="{escape(getattr(request, "LANGUAGE_CODE", "en"))}">'
            f"<head><meta charset=utf-8><title>{title}</title></head>"
            f"<body><h1>{title}</h1><p>{escape(message)}</p></body></html>\n"
        )
        reply = HttpResponse(page, status=TOO_LARGE, content_type="text/html; charset=utf-8")
    # Answered before XFrameOptionsMiddleware, which would otherwise add this.
    reply["X-Frame-Options"] = settings.X_FRAME_OPTIONS
    return reply


class RequestSizeLimitMiddleware:
    """Answers 413 to a body over DATA_UPLOAD_MAX_MEMORY_SIZE (None: no limit here)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if limit is not None and _declared_length(request) > limit:
            return too_large_response(request, limit)
        return self.get_response(request)
