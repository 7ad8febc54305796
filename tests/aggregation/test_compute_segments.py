"""Per account type figures: each segment ranks from its own reports, with the same
thresholds. Property: a channel that works for creators and fails for personal accounts
is ranked high for one and low for the other, and a segment with too few reports of a
channel leaves it unranked there."""

import pandas as pd

from aggregation.compute import segment_stats
from aggregation.compute.channels import NOT_RESOLVED, RESOLVED

AS_OF = 20_000


def rows(channel: int, account: int, resolved: int, failed: int, start: int):
    outcomes = [RESOLVED] * resolved + [NOT_RESOLVED] * failed
    return [
        (1, channel, outcome, AS_OF - 3, 2, start + index, account)
        for index, outcome in enumerate(outcomes)
    ]


def frame(*parts) -> pd.DataFrame:
    data = [row for part in parts for row in part]
    columns = ["problem_id", "channel_id", "outcome", "day", "days", "reporter", "account"]
    return pd.DataFrame(data, columns=columns)


def test_a_channel_can_rank_first_for_one_account_type_and_last_for_another():
    reports = frame(
        rows(7, 2, 40, 5, 0),  # creators: the partner form works
        rows(8, 2, 10, 35, 100),
        rows(7, 1, 5, 40, 200),  # personal accounts: it does not
        rows(8, 1, 35, 10, 300),
    )
    stats = segment_stats(reports, as_of_day=AS_OF).set_index(["segment", "channel_id"])
    assert stats.loc[("creator", 7), "rank"] == 1
    assert stats.loc[("creator", 8), "rank"] == 2
    assert stats.loc[("personal", 8), "rank"] == 1
    assert stats.loc[("personal", 7), "rank"] == 2
    assert "business" not in stats.index.get_level_values("segment")


def test_a_segment_with_too_few_reports_leaves_the_channel_unranked_there():
    reports = frame(rows(7, 3, 2, 0, 0), rows(7, 1, 30, 5, 100))
    stats = segment_stats(reports, as_of_day=AS_OF).set_index(["segment", "channel_id"])
    assert pd.isna(stats.loc[("business", 7), "rank"])
    assert stats.loc[("personal", 7), "rank"] == 1


def test_reports_without_an_account_type_belong_to_no_segment():
    stats = segment_stats(frame(rows(7, 0, 30, 5, 0)), as_of_day=AS_OF)
    assert stats.empty
