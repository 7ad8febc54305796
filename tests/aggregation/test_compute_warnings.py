"""warnings_split and warning_stats with literal DataFrames."""

import pandas as pd

from aggregation.compute import warning_stats, warnings_split

AS_OF = 20_000


def rows(*reports):
    columns = ["problem_id", "channel_id", "outcome", "day", "days", "reporter"]
    return pd.DataFrame(list(reports), columns=columns)


def test_reports_of_dead_channels_are_split_off_whatever_their_outcome():
    frame = rows(
        (1, 10, 1, AS_OF, 2, 1),
        (1, 66, 1, AS_OF, 1, 2),
        (1, 66, 3, AS_OF, -1, 3),
        (2, 0, 1, AS_OF, 1, 4),
    )
    evidence, warned = warnings_split(frame, dead_channels={66})
    assert evidence["channel_id"].tolist() == [10, 0]
    assert warned["channel_id"].tolist() == [66, 66]


def test_without_dead_channels_every_report_is_evidence():
    frame = rows((1, 10, 1, AS_OF, 2, 1))
    evidence, warned = warnings_split(frame, dead_channels=frozenset())
    assert len(evidence) == 1 and warned.empty


def test_a_warning_counts_reports_people_recent_reports_and_the_last_day():
    frame = rows(
        (1, 66, 1, AS_OF - 200, 1, 7),
        (1, 66, 1, AS_OF - 5, 1, 7),
        (1, 66, 3, AS_OF - 2, -1, 8),
        (2, 66, 4, AS_OF - 1, -1, 9),
    )
    stats = warning_stats(frame, as_of_day=AS_OF, recent_days=90)
    assert stats.to_dict("records") == [
        {"problem_id": 1, "channel_id": 66, "reports": 3, "reporters": 2, "reports_recent": 2,
         "last_day": AS_OF - 2},
        {"problem_id": 2, "channel_id": 66, "reports": 1, "reporters": 1, "reports_recent": 1,
         "last_day": AS_OF - 1},
    ]  # fmt: skip
