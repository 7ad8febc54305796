"""A snapshot's figures in words a person understands, worded for the problem.

Pure functions over the entries of `aggregation.selectors` (plain dicts): no database, no
clock (`today` is passed in). Every sentence says what the figure rests on: how many
people, how many reports in the last 3 months, and the date of the latest.
"""

from __future__ import annotations

import datetime as dt

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

# What success means for each problem ("got their account back"): the figure reads as the
# person's own question. A problem missing here gets the generic wording.
SUCCESS = {
    "cannot-log-in": gettext_lazy("got back into their account"),
    "hacked-account": gettext_lazy("got their account back"),
    "disabled-account": gettext_lazy("had their account restored"),
    "monetization": gettext_lazy("had the monetization decision reviewed in their favour"),
    "registration": gettext_lazy("managed to create their account"),
    "ads-billing-refund": gettext_lazy("had their billing problem solved"),
    "impersonation": gettext_lazy("had the fake account taken down"),
    "harassment-report": gettext_lazy("saw their report acted on"),
}
GENERIC_SUCCESS = gettext_lazy("had their problem solved")

# Older than this, a snapshot is announced as old on the pages.
STALE_AFTER = dt.timedelta(days=1)


def percent(value: float) -> str:
    """71 % in French, 71% in English (the translators decide the spacing)."""
    return _("%(number)s%%") % {"number": round(value * 100)}


def success_phrase(problem_slug: str) -> str:
    return str(SUCCESS.get(problem_slug, GENERIC_SUCCESS))


def date_words(value: str | dt.date | None) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        value = dt.date.fromisoformat(value[:10])
    return formats.date_format(value, "DATE_FORMAT")


def days_words(days: float) -> str:
    if days < 1:
        return _("usually within a day")
    whole = round(days)
    return ngettext("usually within %(days)s day", "usually within %(days)s days", whole) % {
        "days": whole
    }


def basis_words(channel: dict) -> str:
    """What a figure rests on: people, recent reports, the latest report's date."""
    people = ngettext(
        "from %(count)s person's report",
        "from the reports of %(count)s people",
        channel["reporters"],
    ) % {"count": channel["reporters"]}
    recent = ngettext(
        "%(count)s report in the last 3 months",
        "%(count)s reports in the last 3 months",
        channel["reports_recent"],
    ) % {"count": channel["reports_recent"]}
    latest = _("latest on %(date)s") % {"date": date_words(channel["last_report_on"])}
    return _("%(people)s; %(recent)s, %(latest)s") % {
        "people": people,
        "recent": recent,
        "latest": latest,
    }


def _first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]


def figure_words(channel: dict, problem_slug: str) -> str:
    """The sentence under a ranked channel; counts only for a channel below the thresholds.

    "About 71% got their account back this way, likely between 67% and 74%; usually
    within 2 days. From the reports of 412 people; 62 reports in the last 3 months, latest
    on 28 November 2026."
    """
    if channel["rank"] is None:
        return not_enough_words(channel)
    low, high = channel["range"]
    sentence = _("About %(percent)s %(success)s this way, likely between %(low)s and %(high)s") % {
        "percent": percent(channel["estimate"]),
        "success": success_phrase(problem_slug),
        "low": percent(low),
        "high": percent(high),
    }
    if channel["median_days"] is not None:
        sentence = _("%(sentence)s; %(days)s") % {
            "sentence": sentence,
            "days": days_words(channel["median_days"]),
        }
    return _("%(sentence)s. %(basis)s.") % {
        "sentence": sentence,
        "basis": _first_upper(basis_words(channel)),
    }


def not_enough_words(channel: dict) -> str:
    reports = ngettext("%(count)s report", "%(count)s reports", channel["reports"]) % {
        "count": channel["reports"]
    }
    people = ngettext("%(count)s person", "%(count)s people", channel["reporters"]) % {
        "count": channel["reporters"]
    }
    return _("Not enough reports yet to give a figure (%(reports)s from %(people)s).") % {
        "reports": reports,
        "people": people,
    }


def trend_words(trend: str | None) -> str:
    """Only a change is worth a badge; "stable" and "too few to tell" say nothing."""
    return {"worse": _("Worse lately"), "better": _("Better lately")}.get(trend or "", "")


def warning_words(row: dict) -> str:
    """Under a dead or fake address: how many people reported being sent there."""
    if not row["reporters"]:
        return _("Known not to reach support.")
    return ngettext(
        "%(count)s person reported being sent here. It does not reach support.",
        "%(count)s people reported being sent here. It does not reach support.",
        row["reporters"],
    ) % {"count": row["reporters"]}


def snapshot_age(computed_at: str | None, now: dt.datetime) -> dt.timedelta | None:
    if computed_at is None:
        return None
    return now - dt.datetime.fromisoformat(computed_at)


def is_stale(computed_at: str | None, now: dt.datetime) -> bool:
    age = snapshot_age(computed_at, now)
    return age is not None and age > STALE_AFTER
