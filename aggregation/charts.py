"""Small charts drawn on the server as inline SVG: no external service, no JavaScript.

Colours come from the stylesheet (classes), never from style attributes: the site runs
under a Content-Security-Policy without inline styles. Every chart has a text alternative.
"""

from __future__ import annotations

import datetime as dt

from django.utils import formats
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from aggregation import wording

WIDTH, HEIGHT, GAP = 240, 60, 4


def month_label(month: str) -> str:
    """ "2026-03" in the reader's language: "Mar 2026", "mars 2026"."""
    return formats.date_format(dt.date.fromisoformat(month + "-01"), "YEAR_MONTH_FORMAT")


def monthly_bars(series: list, *, label_id: str) -> SafeString:
    """Bars of the success rate per month ([[month, reports, rate or None], ...]); a month
    without a rate (too few reports) is a short grey tick, not a zero bar."""
    if not series:
        return SafeString("")
    step = WIDTH / len(series)
    bars = []
    for index, (month, reports, rate) in enumerate(series):
        x = round(index * step + GAP / 2, 1)
        width = round(step - GAP, 1)
        if rate is None:
            title = _("%(month)s: too few reports (%(count)s)") % {
                "month": month_label(month),
                "count": reports,
            }
            bars.append(
                format_html(
                    '<rect class="bar-empty" x="{}" y="{}" width="{}" height="2">'
                    "<title>{}</title></rect>",
                    x,
                    HEIGHT - 2,
                    width,
                    title,
                )
            )
            continue
        height = max(1.0, round(rate * (HEIGHT - 4), 1))
        title = _("%(month)s: %(percent)s of %(count)s reports") % {
            "month": month_label(month),
            "percent": wording.percent(rate),
            "count": reports,
        }
        bars.append(
            format_html(
                '<rect class="bar" x="{}" y="{}" width="{}" height="{}"><title>{}</title></rect>',
                x,
                round(HEIGHT - height, 1),
                width,
                height,
                title,
            )
        )
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" width="{}" height="{}" role="img"'
        ' aria-labelledby="{}" focusable="false">'
        '<line class="axis" x1="0" y1="{}" x2="{}" y2="{}"></line>{}</svg>',
        WIDTH,
        HEIGHT,
        WIDTH,
        HEIGHT,
        label_id,
        HEIGHT - 0.5,
        WIDTH,
        HEIGHT - 0.5,
        format_html_join("", "{}", ((bar,) for bar in bars)),
    )


def monthly_rows(series: list) -> list[dict]:
    """The same series as table rows: the chart's text alternative."""
    return [
        {
            "month": month_label(month),
            "reports": reports,
            "rate": wording.percent(rate) if rate is not None else "",
        }
        for month, reports, rate in series
    ]
