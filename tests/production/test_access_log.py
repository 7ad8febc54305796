"""Gunicorn's access log (config/gunicorn_logging.py, config/gunicorn.conf.py) shows no
client address, no query string and no private link's token."""

import io
import logging
import re
import runpy
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.urls import URLResolver, get_resolver
from gunicorn.config import Config

from config.gunicorn_logging import ClientAddressFilter, RedactingLogger, logged_path

ROOT = Path(__file__).resolve().parents[2]
# URL parameters that name public things: catalog slugs, tip keys, the ids behind a
# moderator's or an admin's sign-in, a password reset's user id, what a catch-all for
# unknown addresses was asked (the private ones' patterns still apply). Any other one is
# taken for a secret, which config/logfilters.py must hide.
PUBLIC_PARAMETERS = {
    "address_id",
    "app_label",
    "channel",
    "content_type_id",
    "key",
    "id",
    "object_id",
    "path",
    "pk",
    "problem",
    "report_id",
    "response_id",
    "slug",
    "uidb64",
    "url",
}
PRIVATE_LINKS = [
    "/report/edit/{secret}/",
    "/report/edit/{secret}/delete/",
    "/report/edit/{secret}",
    "/circle/results/{secret}/",
    "/circle/answer/{secret}/",
    "/circle/{secret}/",
    "/circle/{secret}/results/export.csv",
    "/api/circles/{secret}/answers/",
    "/accounts/reset/MQ/{secret}/",
]
SECRET = "Zq9-SecretToken_123"


def routes(patterns=None, prefix=""):
    """Every route of the site, with its parameters' names."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern).removeprefix("^")
        if isinstance(pattern, URLResolver):
            yield from routes(pattern.url_patterns, route)
        else:
            yield (
                route,
                set(re.compile(route).groupindex) | set(re.findall(r"<(?:\w+:)?(\w+)>", route)),
            )


def sample_path(route: str) -> str:
    """The route's path with each private parameter given SECRET, each public one a word."""

    def value(name: str) -> str:
        return "sample" if name in PUBLIC_PARAMETERS else SECRET

    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: value(m[1]), route)
    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: value(m[1]), path)
    return "/" + path.removesuffix("$").removesuffix(r"\Z")


def environ(path: str, **extra: str) -> dict:
    return {"PATH_INFO": path, "SCRIPT_NAME": "", **extra}


def test_every_url_with_a_private_parameter_has_its_token_redacted():
    private = [route for route, names in routes() if names - PUBLIC_PARAMETERS]
    assert len(private) >= 10  # the report's, the circles' and the password reset's
    leaks = [route for route in private if SECRET in logged_path(environ(sample_path(route)))]
    assert leaks == [], "add a pattern to config/logfilters.py for these URLs"


@pytest.mark.parametrize("link", PRIVATE_LINKS)
def test_each_private_link_is_logged_without_its_token(link):
    logged = logged_path(environ(link.format(secret=SECRET)))
    assert SECRET not in logged
    assert "[redacted]" in logged


@pytest.mark.parametrize(
    "path",
    ["/platforms/instagram/hacked-account/", "/circle/new/", "/report/edit/", "/healthz"],
)
def test_public_paths_are_logged_as_they_are(path):
    assert logged_path(environ(path)) == path


def test_a_decoded_path_cannot_forge_a_log_line():
    assert (
        logged_path(environ("/search/\n[fake] GET /admin/"))
        == "/search/%0A%5Bfake%5D%20GET%20/admin/"
    )


def access_line(path: str, query: str = "", **headers: str) -> str:
    """What RedactingLogger writes for one request, with config/gunicorn.conf.py's format."""
    cfg = Config()
    for name, value in runpy.run_path(str(ROOT / "config" / "gunicorn.conf.py")).items():
        if name in cfg.settings:
            cfg.set(name, value)
    logger = RedactingLogger(cfg)
    out = io.StringIO()
    logger.access_log.handlers = [logging.StreamHandler(out)]
    request_headers = [(name.replace("_", "-").upper(), value) for name, value in headers.items()]
    logger.access(
        SimpleNamespace(status="302 Found", sent=0, headers=[("Set-Cookie", "private=abc")]),
        SimpleNamespace(headers=request_headers),
        environ(
            path,
            REQUEST_METHOD="GET",
            RAW_URI=f"{path}?{query}",
            QUERY_STRING=query,
            SERVER_PROTOCOL="HTTP/1.1",
            REMOTE_ADDR="203.0.113.77",
            **{f"HTTP_{name.upper()}": value for name, value in headers.items()},
        ),
        timedelta(milliseconds=12),
    )
    return out.getvalue()


def test_the_access_log_leaves_out_the_client_the_query_and_the_referrer():
    line = access_line(
        f"/report/edit/{SECRET}/",
        query=f"next=/circle/{SECRET}/&q=my+phone",
        referer=f"https://whatworked.example/circle/{SECRET}/",
        user_agent="Mozilla/5.0 (Private Browser)",
        x_forwarded_for="198.51.100.4",
        cookie="whatworked_private=abc",
    )
    assert re.fullmatch(
        r'\[\d\d/\w{3}/\d{4}:\d\d:\d\d:\d\d [+-]\d{4}\] "GET /report/edit/\[redacted\]/ '
        r'HTTP/1.1" 302 0 12ms\n',
        line,
    ), line
    for kept_out in (SECRET, "203.0.113.77", "198.51.100.4", "phone", "Mozilla", "abc"):
        assert kept_out not in line


def test_a_format_asking_for_the_address_or_headers_gets_dashes():
    cfg = Config()
    cfg.set("accesslog", "-")
    cfg.set("access_log_format", '%(h)s %({x-forwarded-for}i)s %(f)s %({remote_addr}e)s "%(r)s"')
    logger = RedactingLogger(cfg)
    out = io.StringIO()
    logger.access_log.handlers = [logging.StreamHandler(out)]
    logger.access(
        SimpleNamespace(status="200 OK", sent=10, headers=[]),
        SimpleNamespace(headers=[("X-FORWARDED-FOR", "198.51.100.4")]),
        environ(
            "/",
            REQUEST_METHOD="GET",
            RAW_URI="/?q=x",
            SERVER_PROTOCOL="HTTP/1.1",
            REMOTE_ADDR="203.0.113.77",
            HTTP_REFERER="https://whatworked.example/",
        ),
        timedelta(milliseconds=1),
    )
    assert out.getvalue() == '- - - - "GET / HTTP/1.1"\n'


def test_the_error_log_names_no_client_of_a_malformed_request():
    record = logging.LogRecord(
        "gunicorn.error",
        logging.WARNING,
        __file__,
        1,
        "Invalid request from ip=%s: %s",
        ("2001:db8::7", "Invalid HTTP request line: 'GET /x HTTP/9'"),
        None,
    )
    ClientAddressFilter().filter(record)
    assert (
        record.getMessage()
        == "Invalid request from ip=-: Invalid HTTP request line: 'GET /x HTTP/9'"
    )
