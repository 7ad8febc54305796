"""GET /healthz: what a load balancer asks before it sends a machine traffic. 200 when the
database, the cache and the broker answer; 503 naming the one that does not, and nothing
more: no exception text, which can carry a host, a user or a password."""

import logging
import socket
import threading
import time
from collections.abc import Iterator
from unittest import mock

import pytest
from django.db import OperationalError, connections

from tests.services import redis_url

pytestmark = pytest.mark.django_db

PASSWORD = "hunter2-not-for-your-eyes"
# Far below any load balancer's probe timeout: a dead service must not make the probe hang.
PROMPTLY = 8.0


def closed_port() -> int:
    """A 127.0.0.1 port nothing listens on (the OS picked it free a moment ago)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A 127.0.0.1 port that accepts connections and never answers (a stuck service)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(server.accept()[0])
            except TimeoutError:
                continue
            except OSError:
                return

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join(2)
    for client in accepted:
        client.close()
    server.close()


def probe(client):
    """The load balancer's GET, and how long it took."""
    started = time.monotonic()
    response = client.get("/healthz")
    return response, time.monotonic() - started


def test_everything_up_is_a_200_naming_each_component(client):
    response, _ = probe(client)
    assert response.status_code == 200
    # Tasks run in-process (no broker): there is no broker to check.
    assert response.json() == {"database": "ok", "cache": "ok"}


def test_the_answer_is_never_cached_and_is_json(client):
    response, _ = probe(client)
    assert response["Content-Type"] == "application/json"
    assert "no-store" in response["Cache-Control"]
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405


def test_a_cache_that_refuses_connections_is_a_503_naming_the_cache(client, settings, caplog):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://:{PASSWORD}@127.0.0.1:{closed_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    with caplog.at_level(logging.WARNING):
        response, seconds = probe(client)
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "cache": "unavailable"}
    assert seconds < PROMPTLY
    assert PASSWORD not in response.text and PASSWORD not in caplog.text


def test_a_database_that_fails_is_a_503_naming_the_database(client, caplog):
    failure = OperationalError(
        f'connection to server at "db.internal" failed: password "{PASSWORD}" refused'
    )
    # The check opens a connection of its own, in a worker thread: patch the class.
    wrapper = type(connections["default"])
    with (
        mock.patch.object(wrapper, "temporary_connection", side_effect=failure),
        caplog.at_level(logging.WARNING),
    ):
        response, _ = probe(client)
    assert response.status_code == 503
    assert response.json() == {"database": "unavailable", "cache": "ok"}
    assert PASSWORD not in response.text and "db.internal" not in response.text
    assert "Traceback" not in response.text


@pytest.mark.parametrize("scheme", ["redis", "amqp"])
def test_a_broker_on_a_closed_port_is_a_prompt_503_naming_the_broker(
    client, settings, caplog, scheme
):
    settings.CELERY_BROKER_URL = f"{scheme}://guest:{PASSWORD}@127.0.0.1:{closed_port()}/"
    with caplog.at_level(logging.WARNING):
        response, seconds = probe(client)
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "cache": "ok", "broker": "unavailable"}
    assert seconds < PROMPTLY
    assert PASSWORD not in response.text and PASSWORD not in caplog.text


@pytest.mark.parametrize("scheme", ["redis", "amqp"])
def test_a_broker_that_never_answers_does_not_make_the_probe_hang(
    client, settings, silent_port, scheme
):
    settings.CELERY_BROKER_URL = f"{scheme}://127.0.0.1:{silent_port}/"
    response, seconds = probe(client)
    assert response.status_code == 503
    assert response.json()["broker"] == "unavailable"
    assert seconds < PROMPTLY


def test_an_in_memory_broker_is_not_checked(client, settings):
    settings.CELERY_BROKER_URL = "memory://localhost/"
    response, _ = probe(client)
    assert response.status_code == 200
    assert "broker" not in response.json()


@pytest.mark.services
def test_the_real_redis_as_cache_and_broker_is_a_200(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url(),
        }
    }
    settings.CELERY_BROKER_URL = redis_url()
    response, seconds = probe(client)
    assert response.status_code == 200, response.content
    assert response.json() == {"database": "ok", "cache": "ok", "broker": "ok"}
    assert seconds < PROMPTLY
