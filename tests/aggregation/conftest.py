import pytest

from aggregation import frames


@pytest.fixture(scope="session", autouse=True)
def _close_loader_connections(django_db_setup):
    """Torn down before the test database is dropped, which an open connection would block."""
    yield
    frames.connections_close()
