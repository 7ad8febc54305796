import pytest
from django.core.cache import cache
from django.db import connection
from django.db.backends.base.creation import TEST_DATABASE_PREFIX

from platforms.services import catalog_load
from surveys.services import questionnaire_sync
from tests.services import redis_reachable, redis_url, skip_or_fail


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test database starts with the shipped catalog and questionnaire."""
    name = str(connection.settings_dict["NAME"])
    if not (name.startswith(TEST_DATABASE_PREFIX) or "mode=memory" in name):
        return  # no test of this run uses the database: it was not created
    with django_db_blocker.unblock():
        catalog_load()
        questionnaire_sync()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Cached pages and snapshots must not leak from one test into the next."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _needs_services(request):
    if request.node.get_closest_marker("postgres") and connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: runs in the PostgreSQL pass of make test")
    if request.node.get_closest_marker("fault") and connection.vendor != "postgresql":
        pytest.skip("a fault test (private servers, slow): runs in the PostgreSQL pass")
    if request.node.get_closest_marker("load") and connection.vendor != "postgresql":
        pytest.skip("a load run (slow): runs in the PostgreSQL pass of make test")
    if request.node.get_closest_marker("schemathesis") and connection.vendor != "postgresql":
        pytest.skip("slow: the schemathesis run is in the PostgreSQL pass of make test")
    if request.node.get_closest_marker("services"):
        if connection.vendor != "postgresql":
            pytest.skip("needs PostgreSQL, Redis and a worker: runs in the PostgreSQL pass")
        if not redis_reachable(redis_url()):
            skip_or_fail(f"Redis is unreachable at {redis_url()}")


@pytest.fixture
def catalog(django_db_blocker):
    """The shipped catalog, reloaded for tests whose transactions empty the tables."""
    with django_db_blocker.unblock():
        catalog_load()


@pytest.fixture
def questionnaire(django_db_blocker):
    """The shipped questionnaire, reloaded for tests whose transactions empty the tables."""
    with django_db_blocker.unblock():
        return questionnaire_sync().version


@pytest.fixture
def surveys_open(settings):
    """Generous survey limits and no catalog memo: tests send many reports at once."""
    from surveys.selectors import memo_clear

    settings.SURVEYS_RATE_LIMIT = 1000
    settings.SURVEYS_MIN_SECONDS = 0
    settings.SURVEYS_BURST_REPORTS = 1000
    settings.SURVEYS_CATALOG_CACHE_SECONDS = 0
    yield
    memo_clear()
