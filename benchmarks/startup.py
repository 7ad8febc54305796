"""A web worker's start-up: time to its first answer and its memory, with and without the
aggregation engine.

    .venv/bin/python -m benchmarks.startup [--runs 7]

Each run is a fresh Python process doing what a gunicorn worker does when it boots:
`import config.wsgi`, then a first request through the WSGI application (`GET /healthz`,
which reaches the database and the cache). "light" is the site as it is; "engine" also
imports `aggregation.services` (pandas, NumPy, SciPy, scikit-learn, pyarrow, ADBC) before
the request, as every worker did while surveys imported it (aggregation/dirty.py is what
web code imports now). Production settings, a throwaway SQLite file, tasks in-process.
The two kinds alternate, so a busy moment of the machine weighs on both. It prints every
run, the medians and the ratio engine / light.
"""

import argparse
import json
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.common import PYTHON, ROOT

ENGINE = ["pandas", "numpy", "scipy", "sklearn", "pyarrow", "adbc_driver_postgresql"]

# Run in the child: boot, answer once, report what it holds.
PROBE = """
import io, json, sys
import config.wsgi
if sys.argv[1] == "engine":
    import aggregation.services
answer = []
environ = {
    "REQUEST_METHOD": "GET", "PATH_INFO": "/healthz", "QUERY_STRING": "",
    "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "8000", "SERVER_PROTOCOL": "HTTP/1.1",
    "HTTP_HOST": "127.0.0.1", "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(),
    "wsgi.errors": sys.stderr, "wsgi.multithread": False, "wsgi.multiprocess": True,
    "wsgi.run_once": False, "wsgi.version": (1, 0),
}
body = b"".join(config.wsgi.application(environ, lambda status, headers: answer.append(status)))
status = dict(line.split(":", 1) for line in open("/proc/self/status"))
print(json.dumps({
    "status": answer[0],
    "rss_kib": int(status["VmRSS"].split()[0]),
    "loaded": [name for name in %r if name in sys.modules],
}), flush=True)
"""


def one_run(kind: str, env: dict[str, str]) -> dict:
    """Seconds from the process's start to its first answer, its RSS, what it loaded."""
    started = time.perf_counter()
    child = subprocess.Popen(
        [PYTHON, "-c", PROBE % ENGINE, kind],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    line = child.stdout.readline()
    seconds = time.perf_counter() - started
    if child.wait(timeout=60) or not line:
        raise RuntimeError(f"the {kind} probe failed (exit {child.returncode})")
    result = json.loads(line)
    if not result["status"].startswith("200"):
        raise RuntimeError(f"the {kind} probe's /healthz answered {result['status']}")
    return {"seconds": seconds, **result}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="runs of each kind (default 7)")
    runs = parser.parse_args().runs

    with tempfile.TemporaryDirectory() as scratch:
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DATABASE_URL", "CACHE_URL", "CELERY_", "DEBUG"))
        } | {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "0",
            "DATABASE_URL": f"sqlite:///{Path(scratch) / 'startup.sqlite3'}",
        }
        one_run("light", env)  # warms the file cache and the bytecode for both kinds
        one_run("engine", env)
        results: dict[str, list[dict]] = {"light": [], "engine": []}
        for number in range(1, runs + 1):
            for kind in ("light", "engine"):
                result = one_run(kind, env)
                results[kind].append(result)
                print(
                    f"run {number} {kind:6}: {result['seconds']:.2f} s, "
                    f"{result['rss_kib'] / 1024:.0f} MiB, loaded: "
                    f"{', '.join(result['loaded']) or 'none of the engine'}",
                    flush=True,
                )

    medians = {
        kind: (
            statistics.median(r["seconds"] for r in rows),
            statistics.median(r["rss_kib"] for r in rows) / 1024,
        )
        for kind, rows in results.items()
    }
    (light_s, light_mib), (engine_s, engine_mib) = medians["light"], medians["engine"]
    print(f"\nmedian of {runs} runs | start-up to first answer | RSS")
    print(f"light (the site)      | {light_s:.2f} s | {light_mib:.0f} MiB")
    print(f"engine (before fix)   | {engine_s:.2f} s | {engine_mib:.0f} MiB")
    print(f"ratio engine / light  | {engine_s / light_s:.2f} | {engine_mib / light_mib:.2f}")


if __name__ == "__main__":
    sys.exit(main())
