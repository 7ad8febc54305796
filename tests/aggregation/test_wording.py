"""The figures in words: what they say, what they rest on, in both languages."""

import datetime as dt

from django.utils import translation

from aggregation import wording


def ranked(**changes) -> dict:
    channel = {
        "rank": 1,
        "estimate": 0.712,
        "range": [0.668, 0.741],
        "median_days": 2.0,
        "reports": 450,
        "reporters": 412,
        "reports_recent": 62,
        "last_report_on": "2026-11-28",
        "trend": "stable",
    }
    return {**channel, **changes}


def test_a_ranked_figure_reads_as_the_persons_question_with_what_it_rests_on():
    with translation.override("en"):
        text = wording.figure_words(ranked(), "hacked-account")
    assert text == (
        "About 71% got their account back this way, likely between 67% and 74%; usually "
        "within 2 days. From the reports of 412 people; 62 reports in the last 3 months, "
        "latest on Nov. 28, 2026."
    )


def test_the_same_figure_in_french_spaces_the_percent_sign():
    with translation.override("fr"):
        text = wording.figure_words(ranked(), "hacked-account")
    assert text.startswith("Environ 71 % ont récupéré leur compte par ce moyen")
    assert "entre 67 % et 74 %" in text
    assert "d'après les signalements de 412 personnes" in text.lower()


def test_a_figure_without_a_delay_leaves_the_delay_out():
    with translation.override("en"):
        text = wording.figure_words(ranked(median_days=None), "disabled-account")
    assert "usually" not in text
    assert "had their account restored" in text


def test_a_delay_under_a_day_is_said_so():
    with translation.override("en"):
        assert wording.days_words(0.4) == "usually within a day"
        assert wording.days_words(1.0) == "usually within 1 day"


def test_an_unranked_channel_gets_counts_and_no_percentage():
    with translation.override("en"):
        text = wording.figure_words(ranked(rank=None, reports=3, reporters=1), "hacked-account")
    assert text == "Not enough reports yet to give a figure (3 reports from 1 person)."


def test_an_unknown_problem_gets_the_generic_wording():
    with translation.override("en"):
        assert "had their problem solved" in wording.figure_words(ranked(), "brand-new")


def test_only_a_change_gets_a_trend_badge():
    with translation.override("en"):
        assert wording.trend_words("worse") == "Worse lately"
        assert wording.trend_words("better") == "Better lately"
        assert wording.trend_words("stable") == ""
        assert wording.trend_words(None) == ""


def test_a_snapshot_older_than_a_day_is_stale():
    now = dt.datetime(2026, 12, 2, 12, tzinfo=dt.UTC)
    assert not wording.is_stale("2026-12-02T01:00:00+00:00", now)
    assert wording.is_stale("2026-12-01T11:00:00+00:00", now)
    assert not wording.is_stale(None, now)
