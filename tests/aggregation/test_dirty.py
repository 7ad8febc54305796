"""The dirty mark is all web code needs of aggregation: it must not load the engine."""

import json
import os
import subprocess
import sys
from pathlib import Path

ENGINE = ["sklearn", "scipy", "pyarrow", "adbc_driver_postgresql"]

# Imports every web module, then nudges a platform as a report would with a broker.
PROBE = """
import json, sys
from unittest import mock
import django
django.setup()
import config.urls, surveys.admin, surveys.apis, surveys.services, surveys.views
import circles.apis, circles.services, circles.views
from aggregation import dirty
sent = []
with mock.patch.object(dirty.DirtyPlatform.objects, "filter") as rows, \\
        mock.patch.object(dirty.celery_app, "send_task", lambda *a, **k: sent.append(a)):
    rows.return_value.exists.return_value = True
    dirty._nudge(1)
print(json.dumps({"sent": sent, "loaded": [m for m in %r if m in sys.modules]}))
"""


def test_web_code_and_the_nudge_through_a_broker_do_not_import_the_engine():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": "",
        "CELERY_BROKER_URL": "memory://",
    }
    done = subprocess.run(
        [sys.executable, "-c", PROBE % ENGINE],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["sent"] == [["aggregation.tasks.aggregate_platform"]]
    assert result["loaded"] == []
