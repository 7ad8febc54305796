"""Production settings pass Django's deployment checklist (`manage.py check --deploy`) and
do what it asks of them: HTTPS behind the proxy's header, HSTS, the security headers.

Each test starts Python afresh with an operator's environment (the README's "Production"),
as the settings are read once, at start-up. Refusing to start without a SECRET_KEY is
tested with the other settings (tests/test_settings.py).
"""

import json
import secrets
import subprocess
import sys
from pathlib import Path

from tests.services import environ_without_settings

ROOT = Path(__file__).resolve().parent.parent
HOST = "whatworked.example"
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": HOST,
    "SECURE_PROXY_SSL_HEADER": "1",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_PRELOAD": "1",
    "DATABASE_URL": "",
}
REQUESTS = f"""
import json, django
django.setup()
from django.test import Client

client = Client(HTTP_HOST={HOST!r})
plain_page = client.get("/")
plain_probe = client.get("/healthz")
https_probe = client.get("/healthz", HTTP_X_FORWARDED_PROTO="https")
print(json.dumps({{
    "plain_page": [plain_page.status_code, plain_page.get("Location")],
    "plain_probe": plain_probe.status_code,
    "https_probe": https_probe.status_code,
    "https_headers": dict(https_probe.headers),
}}))
"""


def python(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = environ_without_settings()
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_deployment_checklist_passes_with_production_settings():
    run = python("manage.py", "check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "System check identified no issues" in run.stdout, run.stdout + run.stderr


def test_the_checklist_reminds_an_operator_who_has_not_set_hsts_yet():
    without_hsts = {key: value for key, value in PRODUCTION.items() if "HSTS" not in key}
    run = python("manage.py", "check", "--deploy", "--fail-level", "WARNING", **without_hsts)
    assert run.returncode != 0
    assert "security.W004" in run.stdout + run.stderr


def test_https_is_enforced_behind_the_proxy_except_for_the_load_balancers_probe(tmp_path):
    database = f"sqlite:///{tmp_path / 'production.sqlite3'}"
    run = python("-c", REQUESTS, **(PRODUCTION | {"DATABASE_URL": database}))
    assert run.returncode == 0, run.stderr
    seen = json.loads(run.stdout)
    assert seen["plain_page"] == [301, f"https://{HOST}/"]
    assert seen["plain_probe"] == 200  # load balancers often probe over plain HTTP
    assert seen["https_probe"] == 200
    headers = seen["https_headers"]
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert "script-src 'self'" in headers["Content-Security-Policy"]
