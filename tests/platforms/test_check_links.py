"""The link checker, against a local HTTP server: nothing here reaches beyond 127.0.0.1."""

import ipaddress
import json
import os
import socket
import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings as live_settings
from django.core.management import CommandError, call_command

from platforms import links
from platforms.models import AddressCheck, Confidence, ContactChannel, Platform
from platforms.tasks import check_links

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2025, 3, 3, 4, 0, tzinfo=UTC)
TIMEOUT = 0.5
Outcome = AddressCheck.Outcome


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/ok":
            self._answer(200)
        elif self.path == "/missing":
            self._answer(404)
        elif self.path == "/moved":
            self._answer(302, location="/ok")
        elif self.path == "/loop":
            self._answer(302, location="/loop")
        elif self.path == "/slow":
            # Far longer than the checker's timeout; released at teardown.
            self.server.release.wait(5)
            self._answer(200)
        elif self.path == "/flaky":
            self._answer(self.server.flaky_status)
        else:
            self._answer(404)

    def _answer(self, status: int, location: str = "") -> None:
        self.send_response(status)
        if location:
            self.send_header("Location", location)
        self.send_header("Content-Length", "5")
        self.end_headers()
        self.wfile.write(b"hello")

    def log_message(self, *args):
        pass


class Server(ThreadingHTTPServer):
    # The slow path's thread is released at teardown; closing need not wait for it.
    block_on_close = False

    def __init__(self):
        super().__init__(("127.0.0.1", 0), Handler)
        self.connections = 0
        self.release = threading.Event()
        self.flaky_status = 500

    def process_request(self, request, client_address):
        self.connections += 1
        super().process_request(request, client_address)

    def handle_error(self, request, client_address):
        pass  # the checker hangs up on the slow path and the TLS one: that is expected

    def url(self, path: str, scheme: str = "http") -> str:
        return f"{scheme}://127.0.0.1:{self.server_address[1]}{path}"


@pytest.fixture(autouse=True)
def local_only(monkeypatch):
    """Refuse any connection or name lookup beyond 127.0.0.1, and ignore proxies."""
    for name in list(os.environ):
        if name.lower().endswith("_proxy"):
            monkeypatch.delenv(name)
    connect, getaddrinfo = socket.socket.connect, socket.getaddrinfo

    def local(host) -> bool:
        try:
            return ipaddress.ip_address(host).is_loopback
        except ValueError:
            return host == "localhost"

    def guarded_connect(sock, address):
        if sock.family in (socket.AF_INET, socket.AF_INET6) and not local(address[0]):
            raise OSError(f"test refused a connection to {address[0]}")
        return connect(sock, address)

    def guarded_getaddrinfo(host, *args, **kwargs):
        if not local(host):
            raise OSError(f"test refused a name lookup of {host}")
        return getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    monkeypatch.setattr(socket, "getaddrinfo", guarded_getaddrinfo)


@pytest.fixture
def server():
    server = Server()
    # A short poll: shutting the server down waits for one.
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield server
    server.release.set()
    server.shutdown()
    server.server_close()
    thread.join(5)


@pytest.fixture
def closed_port() -> int:
    """A port nothing listens on: connecting is refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def check(*urls: str, now: datetime = NOW, **kwargs) -> links.LinksCheckSummary:
    return links.links_check(urls=urls, timeout=TIMEOUT, failures_before_look=3, now=now, **kwargs)


def run_command(*args: str) -> str:
    out = StringIO()
    call_command("check_links", *args, stdout=out)
    return out.getvalue()


def recorded(url: str) -> AddressCheck:
    return AddressCheck.objects.get(address=url)


# The probe


def test_an_answering_page_is_ok_with_its_status(server):
    result = links.address_probe(server.url("/ok"), timeout=TIMEOUT)
    assert result == links.ProbeResult(Outcome.OK, 200, server.url("/ok"))


def test_a_redirect_is_followed_to_the_page_it_lands_on(server):
    result = links.address_probe(server.url("/moved"), timeout=TIMEOUT)
    assert (result.outcome, result.status_code, result.final_url) == (
        Outcome.OK,
        200,
        server.url("/ok"),
    )


def test_an_error_status_is_an_http_error_with_its_code(server):
    result = links.address_probe(server.url("/missing"), timeout=TIMEOUT)
    assert (result.outcome, result.status_code) == (Outcome.HTTP_ERROR, 404)


def test_a_redirect_loop_is_named_as_one(server):
    assert links.address_probe(server.url("/loop"), timeout=TIMEOUT).outcome == (
        Outcome.REDIRECT_LOOP
    )


def test_a_page_slower_than_the_timeout_is_a_timeout(server):
    result = links.address_probe(server.url("/slow"), timeout=TIMEOUT)
    assert (result.outcome, result.status_code) == (Outcome.TIMEOUT, None)


def test_a_failed_secure_handshake_is_a_tls_error(server):
    result = links.address_probe(server.url("/ok", scheme="https"), timeout=TIMEOUT)
    assert result.outcome == Outcome.TLS_ERROR
    assert result.error


def test_a_refused_connection_is_unreachable(closed_port):
    result = links.address_probe(f"http://127.0.0.1:{closed_port}/", timeout=TIMEOUT)
    assert result.outcome == Outcome.UNREACHABLE


@pytest.mark.parametrize("url", ["http://", "http://[::1", "file:///etc/passwd"])
def test_the_probe_never_raises_and_opens_only_web_addresses(url):
    assert links.address_probe(url, timeout=TIMEOUT).outcome == Outcome.UNREACHABLE


def test_the_probe_names_itself_and_copes_with_a_large_page(server, monkeypatch):
    seen = {}

    def do_GET(handler):
        seen["agent"] = handler.headers["User-Agent"]
        handler.send_response(200)
        handler.end_headers()
        handler.wfile.write(b"x" * 100_000)

    monkeypatch.setattr(Handler, "do_GET", do_GET)
    assert links.address_probe(server.url("/big"), timeout=TIMEOUT).ok
    assert seen["agent"] == "WhatWorked link checker"


# Recording the checks


def test_every_outcome_is_recorded_with_status_final_address_and_date(server, closed_port):
    refused = f"http://127.0.0.1:{closed_port}/"
    tls = server.url("/ok", scheme="https")
    urls = [server.url(path) for path in ("/ok", "/missing", "/moved", "/loop", "/slow")]
    summary = check(*urls, tls, refused)

    assert {url: recorded(url).outcome for url in [*urls, tls, refused]} == {
        server.url("/ok"): Outcome.OK,
        server.url("/missing"): Outcome.HTTP_ERROR,
        server.url("/moved"): Outcome.OK,
        server.url("/loop"): Outcome.REDIRECT_LOOP,
        server.url("/slow"): Outcome.TIMEOUT,
        tls: Outcome.TLS_ERROR,
        refused: Outcome.UNREACHABLE,
    }
    moved = recorded(server.url("/moved"))
    assert (moved.status_code, moved.final_url) == (200, server.url("/ok"))
    assert (moved.checked_at, moved.last_ok_at, moved.failures_in_row) == (NOW, NOW, 0)
    missing = recorded(server.url("/missing"))
    assert (missing.status_code, missing.checked_at, missing.last_ok_at) == (404, NOW, None)
    assert missing.failures_in_row == 1
    assert not missing.needs_look
    assert summary.outcomes == {
        "ok": 2,
        "http_error": 1,
        "redirect_loop": 1,
        "timeout": 1,
        "tls_error": 1,
        "unreachable": 1,
    }


def test_three_failures_in_a_row_ask_for_a_look_and_an_answer_clears_it(server):
    url = server.url("/flaky")
    for day in range(2):
        assert check(url, now=NOW + timedelta(days=day)).newly_needing_look == []
    assert not recorded(url).needs_look

    assert check(url, now=NOW + timedelta(days=2)).newly_needing_look == [url]
    assert (recorded(url).failures_in_row, recorded(url).needs_look) == (3, True)
    fourth = check(url, now=NOW + timedelta(days=3))
    assert (fourth.needing_look, fourth.newly_needing_look) == ([url], [])

    server.flaky_status = 200
    check(url, now=NOW + timedelta(days=4))
    after = recorded(url)
    assert (after.failures_in_row, after.needs_look, after.outcome) == (0, False, Outcome.OK)
    assert after.last_ok_at == NOW + timedelta(days=4)


def test_the_errors_kept_are_cut_to_fit(server, monkeypatch):
    monkeypatch.setattr(
        links,
        "address_probe",
        lambda url, timeout: links.ProbeResult(Outcome.UNREACHABLE, error="e" * 1000),
    )
    check(server.url("/ok"))
    assert len(recorded(server.url("/ok")).error) == 300


# What it leaves alone


def local_platform(server) -> Platform:
    """A platform of our own whose addresses all point at the local server."""
    platform = Platform.objects.create(
        slug="local", name="Local", website=server.url("/ok"), help_center_url=server.url("/moved")
    )
    ContactChannel.objects.create(
        platform=platform,
        slug="form",
        kind=ContactChannel.Kind.WEB_FORM,
        label_en="Form",
        label_fr="Formulaire",
        address=server.url("/missing"),
        department=ContactChannel.Department.SUPPORT,
        audience=ContactChannel.Audience.EVERYONE,
        source_url=server.url("/ok"),
        sourced_on=NOW.date(),
        confidence=Confidence.HIGH,
        verification=ContactChannel.Verification.VERIFIED,
    )
    ContactChannel.objects.create(
        platform=platform,
        slug="mail",
        kind=ContactChannel.Kind.EMAIL,
        label_en="Mail",
        label_fr="Courriel",
        address="help@example.org",
        department=ContactChannel.Department.SUPPORT,
        audience=ContactChannel.Audience.EVERYONE,
        source_url=server.url("/ok"),
    )
    ContactChannel.objects.create(
        platform=platform,
        slug="retired",
        kind=ContactChannel.Kind.WEB_FORM,
        label_en="Old form",
        label_fr="Ancien formulaire",
        address=server.url("/retired"),
        department=ContactChannel.Department.SUPPORT,
        audience=ContactChannel.Audience.EVERYONE,
        source_url=server.url("/ok"),
        active=False,
    )
    return platform


def test_it_checks_the_web_addresses_of_active_channels_and_platforms_once_each(server):
    local_platform(server)
    addresses = links.addresses_to_check()
    assert addresses == sorted(set(addresses))
    ours = [url for url in addresses if url.startswith(server.url(""))]
    assert ours == sorted([server.url("/missing"), server.url("/moved"), server.url("/ok")])
    assert all(url.startswith(("https://", "http://")) for url in addresses)


def test_it_leaves_out_the_addresses_of_an_inactive_platform(server):
    platform = local_platform(server)
    Platform.objects.filter(pk=platform.pk).update(active=False)
    assert not [url for url in links.addresses_to_check() if url.startswith(server.url(""))]


def test_failing_checks_never_change_a_channel(server):
    local_platform(server)
    before = list(ContactChannel.objects.order_by("pk").values())
    for day in range(4):
        check(server.url("/missing"), now=NOW + timedelta(days=day))
    assert recorded(server.url("/missing")).needs_look
    assert list(ContactChannel.objects.order_by("pk").values()) == before
    form = ContactChannel.objects.get(platform__slug="local", slug="form")
    assert form.verification == ContactChannel.Verification.VERIFIED


def test_loading_the_catalog_keeps_the_checks(server):
    check(server.url("/ok"), server.url("/missing"))
    before = list(AddressCheck.objects.values())
    call_command("load_catalog", stdout=StringIO())
    assert list(AddressCheck.objects.values()) == before


# The command


def test_without_the_flag_it_sends_nothing_and_says_how_to_turn_it_on(server, settings):
    settings.LINK_CHECK_ALLOW_NETWORK = False
    with pytest.raises(CommandError) as raised:
        run_command("--url", server.url("/ok"))
    message = str(raised.value)
    assert "--allow-network" in message
    assert "LINK_CHECK_ALLOW_NETWORK=1" in message
    assert "allowed to reach the real sites" in message
    assert server.connections == 0
    assert not AddressCheck.objects.exists()


def test_without_the_flag_it_does_not_check_the_catalog_either(settings):
    settings.LINK_CHECK_ALLOW_NETWORK = False
    with pytest.raises(CommandError, match="--allow-network"):
        run_command()
    assert not AddressCheck.objects.exists()


def test_the_command_prints_a_line_per_address_and_a_summary(server):
    urls = [server.url(path) for path in ("/ok", "/missing", "/moved", "/slow")]
    out = run_command("--allow-network", "--timeout", str(TIMEOUT), *_urls(urls))
    lines = out.splitlines()
    assert lines[:4] == [
        f"[1/4] http_error 404 {server.url('/missing')}",
        f"[2/4] ok 200 {server.url('/moved')} -> {server.url('/ok')}",
        f"[3/4] ok 200 {server.url('/ok')}",
        f"[4/4] timeout {server.url('/slow')} (timed out)",
    ]
    assert lines[4] == "4 addresses: 2 ok, 1 http_error, 1 timeout; none needs a look"
    assert AddressCheck.objects.count() == 4


def test_the_summary_names_the_addresses_needing_a_look(server, settings):
    settings.LINK_CHECK_FAILURES_BEFORE_LOOK = 1
    out = run_command("--allow-network", *_urls([server.url("/ok"), server.url("/missing")]))
    assert out.splitlines()[-1] == (
        f"2 addresses: 1 ok, 1 http_error; 1 needs a look: {server.url('/missing')} (new)"
    )


def test_the_setting_allows_it_without_the_flag(server, settings):
    settings.LINK_CHECK_ALLOW_NETWORK = True
    run_command("--url", server.url("/ok"))
    assert recorded(server.url("/ok")).outcome == Outcome.OK


def test_the_timeout_comes_from_the_settings_unless_given(server, settings):
    settings.LINK_CHECK_TIMEOUT_SECONDS = TIMEOUT
    run_command("--allow-network", "--url", server.url("/slow"))
    assert recorded(server.url("/slow")).outcome == Outcome.TIMEOUT


def test_it_refuses_an_address_that_is_not_a_web_page(server):
    with pytest.raises(CommandError, match="http"):
        run_command("--allow-network", "--url", "file:///etc/passwd")
    assert not AddressCheck.objects.exists()


def _urls(urls: list[str]) -> list[str]:
    return [arg for url in urls for arg in ("--url", url)]


# The weekly task


def test_the_task_does_nothing_unless_the_setting_allows_it(server, settings, monkeypatch):
    settings.LINK_CHECK_ALLOW_NETWORK = False
    monkeypatch.setattr(links, "addresses_to_check", lambda: [server.url("/ok")])
    assert check_links.delay().get() is None
    assert server.connections == 0
    assert not AddressCheck.objects.exists()


def test_the_task_checks_the_addresses_when_allowed(server, settings, monkeypatch):
    settings.LINK_CHECK_ALLOW_NETWORK = True
    settings.LINK_CHECK_TIMEOUT_SECONDS = TIMEOUT
    monkeypatch.setattr(links, "addresses_to_check", lambda: [server.url("/ok")])
    assert check_links.delay().get()["outcomes"] == {"ok": 1}
    assert recorded(server.url("/ok")).outcome == Outcome.OK


def test_there_is_no_weekly_run_by_default():
    assert not [key for key in live_settings.CELERY_BEAT_SCHEDULE if "link" in key]
    assert live_settings.LINK_CHECK_ALLOW_NETWORK is False


def beat_keys(**env: str) -> list[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("LINK_CHECK_")}
    run = subprocess.run(
        [
            sys.executable,
            "-c",
            "import json, django; from django.conf import settings; django.setup(); "
            "print(json.dumps(list(settings.CELERY_BEAT_SCHEDULE)))",
        ],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def test_the_weekly_run_needs_both_switches():
    assert "check-catalog-links-weekly" not in beat_keys(LINK_CHECK_WEEKLY="1")
    assert "check-catalog-links-weekly" in beat_keys(
        LINK_CHECK_WEEKLY="1", LINK_CHECK_ALLOW_NETWORK="1"
    )
