"""A web worker booted as gunicorn boots it, then sent a request for every page, never loads
the aggregation engine: each gunicorn worker stays light (benchmarks/startup.py).

tests/aggregation/test_dirty.py imports the web modules and sends a nudge; this one goes
through `config.wsgi.application` itself, as requests do: a report and a circle through
the API, their private links, every URL without parameters and the pages with them.
"""

import json
import subprocess
import sys
from pathlib import Path

from tests.aggregation.test_dirty import ENGINE
from tests.production.support import operator_env
from tests.surveys.conftest import SUBMIT_URL, valid_answers

ROOT = Path(__file__).resolve().parents[2]
NOT_LOADED = [*ENGINE, "pandas"]

PROBE = """
import io, json, re, sys
import config.wsgi
from django.urls import URLResolver, get_resolver


def call(method, path, body=None, cookie=""):
    path, _, query = path.partition("?")
    data = json.dumps(body).encode() if body is not None else b""
    environ = {
        "REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "8000", "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "127.0.0.1", "REMOTE_ADDR": "203.0.113.5", "HTTP_COOKIE": cookie,
        "CONTENT_TYPE": "application/json", "CONTENT_LENGTH": str(len(data)),
        "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(data), "wsgi.errors": sys.stderr,
        "wsgi.multithread": False, "wsgi.multiprocess": True, "wsgi.run_once": False,
        "wsgi.version": (1, 0),
    }
    started = []
    content = b"".join(config.wsgi.application(environ, lambda s, h: started.append((s, h))))
    status, headers = started[0]
    cookies = "; ".join(v.split(";")[0] for k, v in headers if k.lower() == "set-cookie")
    return int(status.split()[0]), content, cookies


def plain_paths(patterns, prefix=""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern).removeprefix("^")
        if isinstance(pattern, URLResolver):
            yield from plain_paths(pattern.url_patterns, route)
        elif not re.search(r"[<(\\\\[*+?|]", route.removesuffix("$").removesuffix("\\\\Z")):
            yield "/" + route.removesuffix("$").removesuffix("\\\\Z")


statuses = {}
status, content, _ = call("POST", %(submit)r, {"language": "en", "answers": %(answers)r})
statuses["report"] = status
token = json.loads(content)["edit_token"]
circle_start = {"platform": "instagram", "problem": "hacked-account", "language": "en"}
status, content, _ = call("POST", "/api/circles/", circle_start)
statuses["circle"] = status
circle = json.loads(content)
pages = [
    *plain_paths(get_resolver().url_patterns),
    "/platforms/instagram/", "/platforms/instagram/hacked-account/",
    "/platforms/instagram/hacked-account/draft/", "/api/platforms/instagram/",
    "/api/platforms/instagram/recommendations/?problem=hacked-account",
    "/api/questionnaires/what-worked/", "/circle/" + circle["share_token"] + "/",
    "/api/circles/" + circle["share_token"] + "/", "/search/?q=hacked",
]
for page in pages:
    statuses[page] = call("GET", page)[0]
# The private links trade their token for a cookie, then show the report and the results.
status, _, cookie = call("GET", "/report/edit/" + token + "/")
statuses["report link"] = status
statuses["/report/edit/"] = call("GET", "/report/edit/", cookie=cookie)[0]
status, _, cookie = call("GET", "/circle/results/" + circle["owner_token"] + "/")
statuses["results link"] = status
results = "/circle/" + circle["share_token"] + "/results/"
statuses["results"] = call("GET", results, cookie=cookie)[0]
print(json.dumps({"statuses": statuses, "loaded": [m for m in %(engine)r if m in sys.modules]}))
"""


def run_python(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_a_web_worker_answers_every_page_without_loading_the_aggregation_engine(tmp_path):
    env = operator_env(
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="0",
        SECRET_KEY="light-web-" + "x" * 50,
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        DATABASE_URL=f"sqlite:///{tmp_path / 'light.sqlite3'}",
        # A broker, so the report's nudge is sent by name (nothing listens on memory://).
        CELERY_BROKER_URL="memory://",
        SURVEYS_RATE_LIMIT="0",
    )
    # With DEBUG off the pages name their static files from collectstatic's manifest, as in
    # production (into the checkout's STATIC_ROOT, which git ignores).
    steps = (["migrate"], ["load_catalog"], ["load_questionnaires"], ["collectstatic", "--noinput"])
    for command in steps:
        done = run_python(["manage.py", *command, "--verbosity", "0"], env)
        assert done.returncode == 0, done.stderr
    probe = PROBE % {"submit": SUBMIT_URL, "answers": valid_answers(), "engine": NOT_LOADED}

    done = run_python(["-c", probe], env)

    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    statuses = result["statuses"]
    assert (statuses["report"], statuses["circle"]) == (201, 201)
    assert (statuses["report link"], statuses["results link"]) == (302, 302)
    for page in ("/", "/report/", "/platforms/instagram/hacked-account/", "/report/edit/"):
        assert statuses[page] == 200, page
    assert statuses["results"] == 200
    assert len(statuses) > 30
    assert not {page: code for page, code in statuses.items() if code >= 500}
    assert result["loaded"] == []
