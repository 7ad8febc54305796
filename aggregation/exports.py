"""Open data: the current snapshots of every active platform, as rows and entries.

Built only from `selectors.recommendations_get`, so an export says exactly what the pages
say: the same snapshot, the same thresholds, the same recurring tips. Nothing about a
person leaves: no reporter key, no report, no tip below the recurring threshold.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from aggregation.selectors import recommendations_get
from platforms.models import Platform

# One CSV row per platform, problem and channel (ranked or not); the JSON channels carry
# the same fields, under their entry.
CHANNEL_FIELDS = [
    "channel",
    "rank",
    "estimate",
    "range_low",
    "range_high",
    "people",
    "effective_reports",
    "reports_last_90_days",
    "median_days",
    "trend",
]
CSV_FIELDS = ["platform", "problem", *CHANNEL_FIELDS, "snapshot_time"]
LANGUAGES = ("en", "fr")

# A spreadsheet runs a text cell starting with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _channel(channel: dict) -> dict:
    low, high = channel["range"] or (None, None)
    return {
        "channel": channel["channel"],
        "rank": channel["rank"],
        "estimate": channel["estimate"],
        "range_low": low,
        "range_high": high,
        "people": channel["reporters"],
        "effective_reports": channel["effective_reports"],
        "reports_last_90_days": channel["reports_recent"],
        "median_days": channel["median_days"],
        "trend": channel["trend"],
    }


def _warning(warning: dict) -> dict:
    """A known-dead or fake address, with how many people reported being sent there."""
    return {
        "channel": warning["channel"],
        "kind": warning["kind"],
        "address": warning["address"],
        "people": warning["reporters"],
        "reports": warning["reports"],
        "reports_last_90_days": warning["reports_recent"],
        "last_report_on": warning["last_report_on"],
    }


def _tips(entry: dict) -> list[dict]:
    return [{"text": tip["text"], "people": tip["reporters"]} for tip in entry["tips"]]


def _platforms() -> Iterable[Platform]:
    return Platform.objects.active().order_by("slug")


def export_rows() -> list[dict]:
    """One row per active platform, problem and channel of its current snapshot."""
    rows = []
    for platform in _platforms():
        for entry in recommendations_get(platform=platform, problem=None, language="en"):
            for channel in entry["channels"]:
                rows.append(
                    {
                        "platform": entry["platform"],
                        "problem": entry["problem"],
                        **_channel(channel),
                        "snapshot_time": entry["computed_at"],
                    }
                )
    return rows


def export_entries() -> list[dict]:
    """One entry per active platform and problem that has something to say.

    Channels, the dead addresses (`do_not_use`, kept so that the data stays honest about
    where people were sent) and the recurring tips in English and in French.
    """
    entries = []
    for platform in _platforms():
        by_language = {
            language: recommendations_get(platform=platform, problem=None, language=language)
            for language in LANGUAGES
        }
        translated = {
            language: {entry["problem"]: entry for entry in by_language[language]}
            for language in LANGUAGES
        }
        for entry in by_language["en"]:
            tips = {
                language: _tips(translated[language][entry["problem"]]) for language in LANGUAGES
            }
            if not (entry["channels"] or entry["do_not_use"] or any(tips.values())):
                continue
            entries.append(
                {
                    "platform": entry["platform"],
                    "problem": entry["problem"],
                    "snapshot_time": entry["computed_at"],
                    "as_of": entry["as_of"],
                    "channels": [_channel(channel) for channel in entry["channels"]],
                    "do_not_use": [_warning(warning) for warning in entry["do_not_use"]],
                    "tips": tips,
                }
            )
    return entries


def spreadsheet_safe(value):
    """A text cell a spreadsheet would run as a formula, prefixed with ' (numbers kept)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_bytes(rows: Iterable[dict], fields: list[str]) -> bytes:
    """UTF-8 with a byte-order mark (spreadsheets then read accents right), a header row."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.DictWriter(buffer, fieldnames=fields, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({name: spreadsheet_safe(value) for name, value in row.items()})
    return buffer.getvalue().encode("utf-8")
