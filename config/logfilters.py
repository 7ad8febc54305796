"""Private links out of the logs.

Django logs the path of every request that ends in an error ("Not Found: /report/edit/
<token>/", "Internal Server Error: ..."), and a private link's path holds its token: whoever
reads the logs could open the report or the circle. `redact` replaces each token in a text
with REDACTED; `PrivatePathFilter` applies it to log records (wired in LOGGING).

The patterns are plain regular expressions with no Django import, so the web server's
access log (config/gunicorn.conf.py) can use the same ones.
"""

import logging
import re

REDACTED = "[redacted]"
# A path separator, as typed or percent-encoded (a `?next=` parameter).
_SEP = r"(?:/|%2[Ff])"
# What a token may be made of: anything up to the next separator, query, fragment or quote.
_TOKEN = r"(?:(?!%2[Ff])[^/?#&\s\"'])+"

# Each pattern's first group is kept, the token that follows it replaced.
PRIVATE_PATHS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(pattern)
    for pattern in (
        # A report's private link (/report/edit/<token>/, .../delete/); not /edit/delete/.
        rf"({_SEP}report{_SEP}edit{_SEP})(?!delete{_SEP}|delete$){_TOKEN}",
        # The asker's results link and a friend's answer link.
        rf"({_SEP}circle{_SEP}(?:results|answer){_SEP}){_TOKEN}",
        # A circle's share token opens its questions and, with a cookie, its results.
        rf"({_SEP}circle{_SEP})(?!(?:new|deleted|results|answer)(?:{_SEP}|$)){_TOKEN}",
        rf"({_SEP}api{_SEP}circles{_SEP}){_TOKEN}",
        # A moderator's password reset link: the user's id, then the token.
        rf"({_SEP}accounts{_SEP}reset{_SEP}[^/?#\s]+?{_SEP})(?!set-password{_SEP}){_TOKEN}",
    )
)


def redact(text: str) -> str:
    """The text with the token of every private link in it replaced by REDACTED."""
    for pattern in PRIVATE_PATHS:
        text = pattern.sub(rf"\g<1>{REDACTED}", text)
    return text


class PrivatePathFilter(logging.Filter):
    """Rewrites a record's message and traceback without the tokens of private links."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True
