"""The default parameters of the channel figures, as plain constants.

`compute.channels.Params` takes its defaults from here, and the methodology page reads
them here, so what the page says and what the engine does agree by construction. No
numpy, SciPy or pandas: web code imports this module, never the engine.
"""

HALF_LIFE_DAYS = 180.0
GLOBAL_RATE = 0.5
PLATFORM_PRIOR_STRENGTH = 20.0
DEFAULT_PRIOR_STRENGTH = 10.0
PRIOR_STRENGTH_SPREAD = 4.0
MIN_PRIOR_STRENGTH = 0.5
MAX_PRIOR_STRENGTH = 1e4
# Neither side of the prior weighs less than half a report (as Jeffreys' prior): when a lone
# channel's reports all succeeded, the estimated strength falls to its minimum and the
# range would otherwise claim near certainty ("between 99.5 % and 100 %" from 33 reports).
PRIOR_COUNT_FLOOR = 0.5
SCORE_QUANTILE = 0.10
RANGE_QUANTILES = (0.05, 0.95)
MIN_EFFECTIVE_REPORTS = 5.0
MIN_REPORTERS = 3
LOW_CONFIDENCE_BELOW = 30.0
MIN_RESOLVED_FOR_DAYS = 5
# The engine is given the AGGREGATION_WAITING_HORIZON_DAYS setting; this is its fallback.
WAITING_HORIZON_DAYS = 30
TIE_BAND = 0.05
RECENT_DAYS = 90
TREND_RECENT_DAYS = 14
TREND_BASELINE_DAYS = 90
TREND_DROP = 0.15
TREND_PROBABILITY = 0.95
TREND_MIN_RECENT = 10
TREND_MIN_BASELINE = 20
