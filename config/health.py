"""/healthz, for load balancers: the database, the cache and the broker, 200 or 503."""

import asyncio
import dataclasses
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from health_check.base import HealthCheck
from health_check.checks import Cache, Database
from health_check.exceptions import ServiceUnavailable

from config.celery import app as celery_app


@dataclasses.dataclass
class Broker(HealthCheck):
    """Celery's broker takes a connection: web processes hand it every task."""

    url: str = dataclasses.field(repr=False)  # may hold a password: kept out of the log
    timeout = timedelta(seconds=2)

    def run(self) -> None:
        seconds = self.timeout.total_seconds()
        # Each transport reads its own names (Redis, AMQP): a broker that accepts the
        # connection and then says nothing is given up on too.
        silence = {"socket_connect_timeout", "socket_timeout", "read_timeout", "write_timeout"}
        options = dict.fromkeys(silence, seconds)
        try:
            with celery_app.connection_for_write(
                self.url, connect_timeout=seconds, transport_options=options
            ) as connection:
                connection.ensure_connection(max_retries=0, timeout=seconds)
        except Exception as error:  # kombu's own, the transport's or the socket's
            raise ServiceUnavailable("unreachable") from error


# The blocking checks (database, broker) run in these threads, not in the event loop's
# default executor: the loop waits for that one's threads as it closes, so a check stuck
# past its timeout would hold the answer back; here it holds only its thread.
CHECK_THREADS = ThreadPoolExecutor(max_workers=4, thread_name_prefix="healthz")


def health_checks() -> dict[str, HealthCheck]:
    """The database, the cache and, unless tasks run in-process, the broker."""
    checks: dict[str, HealthCheck] = {"database": Database(), "cache": Cache()}
    broker_url = settings.CELERY_BROKER_URL
    if broker_url and not broker_url.startswith("memory://"):
        checks["broker"] = Broker(url=broker_url)
    return checks


@never_cache
@require_safe
async def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers: 200, or 503 naming what failed. Only the names: the errors, which
    can name hosts and users, go to the log (django-health-check logs each failure)."""
    checks = health_checks()
    results = await asyncio.gather(*(check.get_result(CHECK_THREADS) for check in checks.values()))
    states = {
        name: "ok" if result.error is None else "unavailable"
        for name, result in zip(checks, results, strict=True)
    }
    healthy = all(state == "ok" for state in states.values())
    return JsonResponse(states, status=200 if healthy else 503)
