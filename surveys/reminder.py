"""The calendar reminder offered at the private link: an iCalendar (RFC 5545) file.

Pure: no Django, no clock; the view passes the time, the texts and the link in.
"""

from datetime import UTC, date, datetime, timedelta

REMINDER_DAYS = 14
_ICS_LINE_OCTETS = 75


def _ics_text(text: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and newline escaped."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def _ics_fold(line: str) -> str:
    """A content line folded at 75 octets (RFC 5545 3.1), never inside a UTF-8 character;
    each continuation starts with a space, which counts in its 75."""
    pieces, current, size = [], [], 0
    for char in line:
        octets = len(char.encode())
        if size + octets > _ICS_LINE_OCTETS:
            pieces.append("".join(current))
            current, size = [" "], 1
        current.append(char)
        size += octets
    pieces.append("".join(current))
    return "\r\n".join(pieces)


def reminder_ics(
    *,
    uid: str,
    now: datetime,
    today: date,
    summary: str,
    description: str,
    url: str,
    language: str,
) -> str:
    """An iCalendar file with one all-day event REMINDER_DAYS after `today` and a display
    alarm at 9:00 that day."""
    start = today + timedelta(days=REMINDER_DAYS)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//WhatWorked//Report reminder//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{now.astimezone(UTC):%Y%m%dT%H%M%SZ}",
        f"DTSTART;VALUE=DATE:{start:%Y%m%d}",
        f"DTEND;VALUE=DATE:{start + timedelta(days=1):%Y%m%d}",
        f"SUMMARY;LANGUAGE={language}:{_ics_text(summary)}",
        f"DESCRIPTION;LANGUAGE={language}:{_ics_text(description)}",
        f"URL:{url}",
        "TRANSP:TRANSPARENT",
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        f"DESCRIPTION:{_ics_text(summary)}",
        "TRIGGER:PT9H",
        "END:VALARM",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "".join(_ics_fold(line) + "\r\n" for line in lines)
