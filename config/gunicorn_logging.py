"""Gunicorn's access log without what identifies a person or opens a private page.

Left out: the client address (`%(h)s`, and `X-Forwarded-For` behind a proxy), the query
string (a search, a `?next=`), the referrer (a private page's address: the site's own pages
refer to each other), the user agent, HTTP user names and every header, cookie and WSGI
variable. The tokens of private links in the path (`/report/edit/<token>/`,
`/circle/<share>/`...) are replaced by config/logfilters.py's patterns, the ones Django's
own log uses; tests/production/test_access_log.py fails when a URL with a token has none.
"""

from __future__ import annotations

import logging
import re
from urllib.parse import quote

from gunicorn.glogging import Logger

from config.logfilters import PrivatePathFilter, redact

# Characters left as they are in a logged path; the rest is percent-encoded, so a decoded
# path cannot write a line break (a forged log line) into the log.
PATH_SAFE = "/:@!$&'()*+,;="


def logged_path(environ: dict) -> str:
    """The request's path as the access log shows it: encoded, tokens redacted."""
    path = environ.get("SCRIPT_NAME", "") + (environ.get("PATH_INFO") or "/")
    return redact(quote(path, safe=PATH_SAFE))


class RedactingLogger(Logger):
    """Gunicorn's logger with the access log's atoms stripped (the module's docstring)."""

    def setup(self, cfg):
        super().setup(cfg)
        # Gunicorn's error log does not pass through Django's LOGGING filters.
        self.error_log.addFilter(ClientAddressFilter())
        self.error_log.addFilter(PrivatePathFilter())

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        path = logged_path(environ)
        kept = {key: value for key, value in atoms.items() if not key.startswith("{")}
        return kept | {
            "h": "-",
            "u": "-",
            "f": "-",
            "a": "-",
            "q": "",
            "U": path,
            "r": f"{atoms['m']} {path} {atoms['H']}",
        }


class ClientAddressFilter(logging.Filter):
    """Gunicorn names the client of a malformed request ("Invalid request from ip=...")."""

    ADDRESS = re.compile(r"\bip=\S+?: ")

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "ip=" in message:
            record.msg, record.args = self.ADDRESS.sub("ip=-: ", message), None
        return True
