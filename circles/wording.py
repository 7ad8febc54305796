"""The circle's figures in words, each saying what it rests on: so many friends, so many
people in the crowd, how recently."""

from __future__ import annotations

from urllib.parse import quote, urlencode

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from aggregation.wording import date_words, not_enough_words, percent, success_phrase
from circles.models import Circle


def circle_words(channel, problem_slug: str) -> str:
    """ "Your circle: 3 of 4 got their account back this way"."""
    return ngettext(
        "Your circle: %(resolved)s of %(count)s friend %(success)s this way",
        "Your circle: %(resolved)s of %(count)s friends %(success)s this way",
        channel.named_by,
    ) % {
        "resolved": channel.resolved,
        "count": channel.named_by,
        "success": success_phrase(problem_slug),
    }


def crowd_words(channel, problem_slug: str, computed_at: str | None) -> str:
    """The crowd's figure from the current snapshot, with its basis; counts only below
    the ranking thresholds, as on the answer pages."""
    crowd = channel.crowd
    if channel.do_not_use:
        return _(
            "Everyone: we do not list this contact, it is known not to reach support or is "
            "meant for officials only."
        )
    if crowd is None and computed_at is None:
        return _("Everyone: no figures yet, the first count has not run.")
    if crowd is None:
        return _(
            "Everyone: nobody had reported this channel for this problem at the last count, "
            "on %(date)s."
        ) % {"date": date_words(computed_at)}
    if crowd["rank"] is None or crowd["estimate"] is None:
        counts = {"reports": crowd["reports"], "reporters": crowd["people"]}
        return _("Everyone: %(words)s") % {"words": not_enough_words(counts)}
    people = ngettext(
        "about %(percent)s of %(count)s person %(success)s this way",
        "about %(percent)s of %(count)s people %(success)s this way",
        crowd["people"],
    ) % {
        "percent": percent(crowd["estimate"]),
        "count": crowd["people"],
        "success": success_phrase(problem_slug),
    }
    recent = ngettext(
        "%(count)s report in the last 3 months",
        "%(count)s reports in the last 3 months",
        crowd["reports_recent"],
    ) % {"count": crowd["reports_recent"]}
    return _("Everyone: %(people)s (%(recent)s, latest on %(date)s).") % {
        "people": people,
        "recent": recent,
        "date": date_words(crowd["last_report_on"]),
    }


def answers_summary(results) -> str:
    """How many friends answered, how many never had the problem, and the latest date."""
    rows = results.rows
    if not rows:
        return _("Nobody has answered yet. Send the share link to a few friends.")
    summary = ngettext("%(count)s answer so far", "%(count)s answers so far", len(rows)) % {
        "count": len(rows)
    }
    if results.never_had_it:
        summary = ngettext(
            "%(summary)s, %(count)s from someone who never had this problem",
            "%(summary)s, %(count)s from people who never had this problem",
            results.never_had_it,
        ) % {"summary": summary, "count": results.never_had_it}
    latest = max(row.answer.created_at for row in rows).date()
    return _("%(summary)s; the latest on %(date)s.") % {
        "summary": summary,
        "date": date_words(latest),
    }


def share_message(circle: Circle, share_url: str) -> tuple[str, str]:
    """A ready subject and message to send the share link with."""
    subject = _("Did you ever have this problem on %(platform)s?") % {
        "platform": circle.platform.name
    }
    body = _(
        "Hello,\n\nI have a problem with %(platform)s: %(problem)s. Did it ever happen to you, "
        "and what worked? Two minutes, no account needed:\n%(url)s\n\nThank you!"
    ) % {"platform": circle.platform.name, "problem": circle.problem.name.lower(), "url": share_url}
    if circle.asker_name:
        body = f"{body}\n{circle.asker_name}"
    return subject, body


def share_mailto(circle: Circle, share_url: str) -> str:
    subject, body = share_message(circle, share_url)
    return "mailto:?" + urlencode({"subject": subject, "body": body}, quote_via=quote)
