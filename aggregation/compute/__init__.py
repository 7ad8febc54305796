"""Pure computation: report rows in, ranked channel statistics and recurring tips out.

No Django, no clock: callers pass `as_of_day` (days since 1970-01-01, UTC), so every
function is tested with literal DataFrames. One module per sub-domain: `channels` (the
figures per contact channel), `tips` (recurring tips), `warnings` (reports that name a
known-dead or fake address). The methodology is written down in
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
from aggregation.compute.monthly import MONTHLY_COLUMNS, monthly_success
from aggregation.compute.segments import SEGMENTS, segment_stats
from aggregation.compute.tips import (
    DEFAULT_TIP_PARAMS,
    TipParams,
    normalize_tips,
    tip_groups,
    tip_identities,
)
from aggregation.compute.warnings import WARNING_COLUMNS, warning_stats, warnings_split

# Bump when a formula or default changes: every snapshot records the version it came from.
# 2: known-dead channels are warnings, not evidence; consistent prior strength; exact
#    trend; waiting reports past the horizon count as not resolved, younger ones censored
#    (Kaplan-Meier days); recurring tips counted in people, shown by a wording whose every
#    word several people wrote.
# 3: each side of the prior weighs at least half a report; monthly series and figures
#    per account type; tips carry a key that survives from one snapshot to the next.
# 4: a tip a moderator merged into a recurring tip (by its key) is left out of the tip
#    groups: it counts as a confirmation of that tip, not as one more person giving it.
COMPUTE_VERSION = "4"

__all__ = [
    "COMPUTE_VERSION",
    "MONTHLY_COLUMNS",
    "DEFAULT_PARAMS",
    "DEFAULT_TIP_PARAMS",
    "OTHER_CHANNEL",
    "SEGMENTS",
    "STAT_COLUMNS",
    "Params",
    "TipParams",
    "WARNING_COLUMNS",
    "channel_stats",
    "decay_weights",
    "monthly_success",
    "normalize_tips",
    "segment_stats",
    "tip_groups",
    "tip_identities",
    "warning_stats",
    "warnings_split",
]
