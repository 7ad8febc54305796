"""Pure computation: report rows in, ranked channel statistics and recurring tips out.

No Django, no clock: callers pass `as_of_day` (days since 1970-01-01, UTC), so every
function is tested with literal DataFrames. One module per sub-domain: `channels` (the
figures per contact channel), `tips` (recurring tips). The methodology is written down in
aggregation/README.md.
"""

from aggregation.compute.channels import (
    DEFAULT_PARAMS,
    OTHER_CHANNEL,
    STAT_COLUMNS,
    Params,
    channel_stats,
    decay_weights,
)
from aggregation.compute.tips import DEFAULT_TIP_PARAMS, TipParams, normalize_tips, tip_groups

# Bump when a formula or default changes: every snapshot records the version it came from.
COMPUTE_VERSION = "1"

__all__ = [
    "COMPUTE_VERSION",
    "DEFAULT_PARAMS",
    "DEFAULT_TIP_PARAMS",
    "OTHER_CHANNEL",
    "STAT_COLUMNS",
    "Params",
    "TipParams",
    "channel_stats",
    "decay_weights",
    "normalize_tips",
    "tip_groups",
]
