"""The README's backup and restore commands give back the same reports and snapshots.

Only in the PostgreSQL pass; needs `pg_dump` and `pg_restore` (the postgresql-client
package) of the server's major version or newer.
"""

import secrets
import shutil
import subprocess

import psycopg
import pytest
from django.db import connection

from aggregation import services
from platforms.models import Platform
from tests.aggregation.factories import reports
from tests.production.support import database_url
from tests.surveys.conftest import api_submit, valid_answers

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

# What a restore must bring back: the reports and what they stand on, the raw answers, and
# the published snapshots with the pointers readers go through.
TABLES = [
    "surveys_response",
    "surveys_answer",
    "surveys_report",
    "platforms_platform",
    "platforms_contactchannel",
    "aggregation_aggregationrun",
    "aggregation_channelstat",
    "aggregation_currentsnapshot",
]


def contents(url: str) -> dict[str, tuple[int, str]]:
    """Each table's row count and a checksum of all its rows, in a fixed order."""
    with psycopg.connect(url) as db:
        return {
            table: db.execute(
                f"SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), ''))"
                f" FROM {table} t"
            ).fetchone()
            for table in TABLES
        }


@pytest.fixture
def fresh_database():
    """An empty database beside the test database, dropped afterwards."""
    name = f"{connection.settings_dict['NAME']}_restore_{secrets.token_hex(3)}"
    url = database_url().rsplit("/", 1)[0]
    with psycopg.connect(f"{url}/postgres", autocommit=True) as db:
        db.execute(f'CREATE DATABASE "{name}"')
    yield f"{url}/{name}"
    with psycopg.connect(f"{url}/postgres", autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_dump_restored_into_a_fresh_database_has_the_same_reports_and_snapshots(
    tmp_path, fresh_database, catalog, questionnaire, surveys_open, client
):
    if not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        pytest.fail("pg_dump and pg_restore are not installed (apt-get install postgresql-client)")
    assert api_submit(client, valid_answers()).status_code == 201
    reports(12)
    reports(4, platform="facebook", problem="hacked-account")
    for slug in ("instagram", "facebook"):
        services.snapshot_refresh(platform_id=Platform.objects.get(slug=slug).pk)
    before = contents(database_url())
    assert before["surveys_report"][0] == 17
    assert before["aggregation_currentsnapshot"][0] == 2
    assert before["aggregation_channelstat"][0] > 0

    dump = tmp_path / "whatworked.dump"
    subprocess.run(["pg_dump", "-Fc", "-f", str(dump), database_url()], check=True, timeout=120)
    subprocess.run(
        ["pg_restore", "--no-owner", "-d", fresh_database, str(dump)], check=True, timeout=120
    )

    assert contents(fresh_database) == before
