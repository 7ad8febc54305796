"""The benchmarks' server: the site's settings (from the environment, as in production) with
the benchmark-only routes of `benchmarks/urls.py`. The site itself never loads them."""

from config.settings import *  # noqa: F403
from config.settings import BASE_DIR, INSTALLED_APPS

ROOT_URLCONF = "benchmarks.urls"
# The bare one-row insert that benchmarks/submissions.py compares submissions with.
INSTALLED_APPS = [*INSTALLED_APPS, "benchmarks.bare"]
# With DEBUG off the pages need collected static files (their manifest names the hashed
# files); benchmarks collect them here, out of the project's own STATIC_ROOT.
STATIC_ROOT = BASE_DIR / "benchmarks" / "out" / "static"
