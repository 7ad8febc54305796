"""No secret and no personal data in error pages or logs.

With DEBUG off, a view that breaks answers the site's plain 500 page: no traceback, no
setting, no SECRET_KEY, nothing of the request. Django then logs the failure with the
request's path, and a private link's path holds its token: the log record of that request
names neither the token (config/logfilters.py redacts it), nor the client's address, nor a
cookie. The broken view sits in this module's own URLconf, shaped like a private link.
"""

import logging

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import HttpRequest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, include, path

from config.logfilters import REDACTED, PrivatePathFilter, redact

TOKEN = "Priv4teT0ken-abcdefghijklmnopqrstuv"
SESSION = "sessionvalue0123456789abcdefghij"
COOKIE = "privatecookie-0123456789abcdefghij"
CLIENT_ADDRESS = "203.0.113.77"


def broken(request: HttpRequest, token: str):
    # An error whose message repeats the address, as careless code or a library may.
    raise RuntimeError(f"could not open {request.path} for {request.COOKIES.get('x', '')}")


def suspicious(request: HttpRequest, token: str):
    raise SuspiciousOperation(f"odd request for {request.path}")


def denied(request: HttpRequest, token: str):
    raise PermissionDenied


urlpatterns = [
    path("report/edit/<str:token>/", broken),
    path("circle/results/<str:token>/", suspicious),
    path("circle/answer/<str:token>/", denied),
    path("", include("config.urls")),
]

pytestmark = pytest.mark.django_db


@pytest.fixture
def production(settings):
    settings.DEBUG = False
    settings.DEBUG_PROPAGATE_EXCEPTIONS = False


def visitor() -> Client:
    """A browser with a session, a private link's cookie and an address of its own."""
    client = Client(raise_request_exception=False, REMOTE_ADDR=CLIENT_ADDRESS)
    client.cookies["sessionid"] = SESSION
    client.cookies["whatworked_private"] = COOKIE
    return client


def logged(caplog) -> str:
    """Every record as a console handler would write it, with each one's traceback."""
    formatter = logging.Formatter("%(levelname)s %(name)s %(message)s")
    return "\n".join(formatter.format(record) for record in caplog.records)


SECRETS = {
    "the token": TOKEN,
    "the session cookie": SESSION,
    "the private cookie": COOKIE,
    "the client address": CLIENT_ADDRESS,
}


def leaks(text: str) -> list[str]:
    found = [name for name, value in SECRETS.items() if value in text]
    return found + (["SECRET_KEY"] if django_settings.SECRET_KEY in text else [])


@pytest.mark.urls(__name__)
def test_a_server_error_shows_the_plain_500_page_and_nothing_of_the_request(production):
    reply = visitor().get(f"/report/edit/{TOKEN}/", HTTP_X_EDIT_TOKEN=TOKEN)
    assert reply.status_code == 500
    body = reply.content.decode()
    assert "Server Error" in body
    for telltale in ("Traceback", "RuntimeError", "could not open", "SECRET_KEY", "settings"):
        assert telltale not in body
    assert leaks(body) == []
    assert "X-Edit-Token" not in str(reply.headers)


@pytest.mark.urls(__name__)
def test_the_log_of_a_server_error_names_no_token_address_or_cookie(production, caplog):
    caplog.set_level(logging.INFO)
    visitor().get(f"/report/edit/{TOKEN}/?next=/circle/answer/{TOKEN}/")
    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert record.levelno == logging.ERROR
    assert record.getMessage() == f"Internal Server Error: /report/edit/{REDACTED}/"
    text = logged(caplog)
    assert "RuntimeError: could not open /report/edit/[redacted]/" in text  # the traceback
    assert leaks(text) == []


@pytest.mark.urls(__name__)
def test_a_suspicious_request_is_a_400_logged_without_its_token(production, caplog):
    caplog.set_level(logging.INFO)
    reply = visitor().get(f"/circle/results/{TOKEN}/")
    assert reply.status_code == 400
    assert leaks(reply.content.decode()) == []
    assert caplog.records, "nothing was logged: the check below would prove nothing"
    assert leaks(logged(caplog)) == []


@pytest.mark.urls(__name__)
def test_a_refusal_is_a_403_logged_without_its_token(production, caplog):
    caplog.set_level(logging.INFO)
    reply = visitor().get(f"/circle/answer/{TOKEN}/")
    assert reply.status_code == 403
    assert leaks(reply.content.decode()) == []
    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert record.getMessage() == f"Forbidden (Permission denied): /circle/answer/{REDACTED}/"
    assert leaks(logged(caplog)) == []


@pytest.mark.parametrize(
    "address",
    [
        f"/report/edit/{TOKEN}/",
        f"/report/edit/{TOKEN}/delete/",
        f"/circle/results/{TOKEN}/",
        f"/circle/answer/{TOKEN}/",
        f"/circle/{TOKEN}/results/",
        f"/api/circles/{TOKEN}/",
    ],
)
def test_a_wrong_private_link_is_a_404_logged_without_its_token(production, caplog, address):
    """The real pages: a link that opens nothing is "Not Found", and Django logs its path."""
    caplog.set_level(logging.INFO)
    reply = visitor().get(address)
    assert reply.status_code in (403, 404)
    assert leaks(reply.content.decode()) == []
    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert REDACTED in record.getMessage()
    assert leaks(logged(caplog)) == []


def test_a_forged_post_is_logged_without_its_token(production, caplog):
    """The CSRF refusal is logged by django.security.csrf, with the path."""
    caplog.set_level(logging.INFO)
    client = Client(enforce_csrf_checks=True, REMOTE_ADDR=CLIENT_ADDRESS)
    reply = client.post(f"/circle/{TOKEN}/results/close/")
    assert reply.status_code == 403
    [record] = [r for r in caplog.records if r.name == "django.security.csrf"]
    assert REDACTED in record.getMessage()
    assert leaks(logged(caplog)) == []


# --- the patterns cover every private link -------------------------------------------------


def _routes(resolver: URLResolver, prefix: str = "") -> list[str]:
    routes = []
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            routes += _routes(pattern, route)
        elif isinstance(pattern, URLPattern):
            routes.append(route)
    return routes


def _token_routes() -> list[str]:
    """Every route of the site with a token in it (`<str:token>`, `<str:share_token>`...)."""
    return sorted({route for route in _routes(get_resolver()) if "token>" in route})


def test_the_site_has_private_links():
    routes = _token_routes()
    assert "report/edit/<str:token>/" in routes
    assert "circle/results/<str:owner_token>/" in routes
    assert len(routes) >= 10


@pytest.mark.parametrize("route", _token_routes())
def test_every_address_with_a_token_is_redacted(route):
    """A new URL with a token in it fails here until config/logfilters.py knows it."""
    import re

    def sample(match: re.Match) -> str:
        return f"{match[1]}-{TOKEN}" if "token" in match[1] else match[1]

    address = "/" + re.sub(r"<(?:\w+:)?(\w+)>", sample, route)
    line = f'Not Found: {address} "GET {address}?next={address} HTTP/1.1"'
    assert TOKEN not in redact(line), f"{address} keeps its token: add it to PRIVATE_PATHS"


@pytest.mark.parametrize(
    "address",
    [
        "/report/edit/",
        "/report/edit/delete/",
        "/circle/new/",
        "/circle/deleted/",
        "/accounts/reset/done/",
        "/api/circles/",
        "/platforms/instagram/hacked-account/",
    ],
)
def test_an_address_without_a_token_is_left_as_it_is(address):
    assert redact(f"Not Found: {address}") == f"Not Found: {address}"


def test_the_filter_rewrites_the_message_and_the_traceback():
    try:
        raise ValueError(f"/circle/answer/{TOKEN}/")
    except ValueError:
        import sys

        exc_info = sys.exc_info()
    record = logging.LogRecord(
        "django.request",
        logging.ERROR,
        __file__,
        1,
        "%s: %s",
        ("Oops", f"/report/edit/{TOKEN}/"),
        exc_info,
    )
    assert PrivatePathFilter().filter(record) is True
    text = logging.Formatter().format(record)
    assert TOKEN not in text
    assert f"Oops: /report/edit/{REDACTED}/" in text
    assert f"ValueError: /circle/answer/{REDACTED}/" in text
