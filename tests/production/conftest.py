# The aggregation loader's connections, closed before the test database is dropped.
from tests.aggregation.conftest import _close_loader_connections  # noqa: F401
