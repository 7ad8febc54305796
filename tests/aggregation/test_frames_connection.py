"""The loader's own PostgreSQL connection honours every database setting a managed
PostgreSQL needs: OPTIONS (sslmode, search_path through `options`, assume_role), a socket
HOST, a password. It used to build its own URI from NAME, USER, PASSWORD, HOST and PORT
and drop the rest, so aggregation failed on such deployments."""

from pathlib import Path

import psycopg
import pytest
from adbc_driver_postgresql import dbapi as adbc_postgresql
from django.db import connection
from django.db.backends.postgresql.base import DatabaseWrapper
from django.db.utils import ConnectionHandler
from psycopg.conninfo import conninfo_to_dict

from aggregation import frames
from platforms.models import Platform
from tests.aggregation.factories import reports


def postgres_wrapper(**settings):
    """A PostgreSQL connection object built from settings, never opened."""
    configured = ConnectionHandler().configure_settings(
        {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "ww", **settings}}
    )
    return DatabaseWrapper(configured["default"], alias="managed")


def test_every_libpq_setting_reaches_the_connection_string():
    db = postgres_wrapper(
        USER="reader",
        PASSWORD="p@ss word'",
        HOST="/var/run/postgresql",
        OPTIONS={
            "sslmode": "verify-full",
            "sslrootcert": "/etc/ssl/certs/provider.pem",
            "options": "-c search_path=whatworked,public",
            "connect_timeout": 5,
            "application_name": "whatworked-aggregation",
        },
    )
    info = conninfo_to_dict(frames.adbc_conninfo(db))
    assert info == {
        "dbname": "ww",
        "user": "reader",
        "password": "p@ss word'",
        "host": "/var/run/postgresql",
        "sslmode": "verify-full",
        "sslrootcert": "/etc/ssl/certs/provider.pem",
        "options": "-c search_path=whatworked,public",
        "connect_timeout": "5",
        "application_name": "whatworked-aggregation",
        "client_encoding": "UTF8",
    }


def test_django_only_options_stay_out_and_assume_role_becomes_a_role_option():
    db = postgres_wrapper(
        HOST="db.internal",
        PORT="6432",
        OPTIONS={
            "assume_role": "whatworked reader",
            "isolation_level": psycopg.IsolationLevel.SERIALIZABLE,
            "server_side_binding": True,
            "options": "-c statement_timeout=60000",
        },
    )
    info = conninfo_to_dict(frames.adbc_conninfo(db))
    assert info["options"] == r"-c statement_timeout=60000 -c role=whatworked\ reader"
    assert (info["host"], info["port"]) == ("db.internal", "6432")
    assert not {"assume_role", "isolation_level", "server_side_binding", "cursor_factory"} & set(
        info
    )


# --- against the test database: the loader's own connection (ADBC, outside transactions) ---


def instagram_id() -> int:
    return Platform.objects.get(slug="instagram").pk


@pytest.fixture
def loader_settings(monkeypatch):
    """Change the settings the loader reads, on a fresh loader connection each time."""
    frames.connections_close()

    def change(**settings):
        frames.connections_close()
        for key, value in settings.items():
            if key == "OPTIONS":
                monkeypatch.setitem(
                    connection.settings_dict, "OPTIONS", {**connection.settings_dict[key], **value}
                )
            else:
                monkeypatch.setitem(connection.settings_dict, key, value)

    yield change
    frames.connections_close()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_search_path_option_chooses_the_schema_the_loader_reads(catalog, loader_settings):
    reports(3)
    assert len(frames.reports_frame(instagram_id())) == 3
    with connection.cursor() as cursor:
        # A schema earlier in the path whose report table has no rows hides the real one.
        cursor.execute("CREATE SCHEMA ww_shadow")
        cursor.execute(
            "CREATE TABLE ww_shadow.surveys_report (LIKE public.surveys_report INCLUDING ALL)"
        )
    try:
        loader_settings(OPTIONS={"options": "-c search_path=ww_shadow,public"})
        assert len(frames.reports_frame(instagram_id())) == 0
    finally:
        loader_settings()
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA ww_shadow CASCADE")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_sslmode_is_passed_on(catalog, loader_settings):
    with connection.cursor() as cursor:
        cursor.execute("SHOW ssl")
        ssl_on = cursor.fetchone()[0] == "on"
    reports(2)
    loader_settings(OPTIONS={"sslmode": "require"})
    if ssl_on:
        assert len(frames.reports_frame(instagram_id())) == 2
        table = frames._adbc_fetch("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
        assert table["ssl"].tolist() == [True]
    else:
        # This server has no SSL: a loader that dropped the option would read the rows.
        with pytest.raises(adbc_postgresql.Error, match="SSL"):
            frames.reports_frame(instagram_id())


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_assume_role_is_the_role_the_loader_reads_as(catalog, loader_settings):
    reports(2)
    with connection.cursor() as cursor:
        cursor.execute("DROP ROLE IF EXISTS ww_no_grants")
        cursor.execute("CREATE ROLE ww_no_grants NOLOGIN")
    try:
        loader_settings(OPTIONS={"assume_role": "ww_no_grants"})
        with pytest.raises(adbc_postgresql.Error, match="permission denied"):
            frames.reports_frame(instagram_id())
    finally:
        loader_settings()
        with connection.cursor() as cursor:
            cursor.execute("DROP ROLE ww_no_grants")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_socket_directory_as_host_is_used(catalog, loader_settings):
    port = connection.settings_dict["PORT"] or 5432
    socket_dir = Path("/var/run/postgresql")
    if not (socket_dir / f".s.PGSQL.{port}").exists():
        pytest.skip("this PostgreSQL has no Unix socket in /var/run/postgresql")
    try:
        psycopg.connect(
            host=str(socket_dir),
            port=port,
            user=connection.settings_dict["USER"] or "postgres",
            dbname="postgres",
            connect_timeout=2,
        ).close()
    except psycopg.OperationalError:
        pytest.skip("the socket refuses this user (peer authentication)")
    reports(4)
    loader_settings(HOST=str(socket_dir))
    assert len(frames.reports_frame(instagram_id())) == 4
    table = frames._adbc_fetch("SELECT inet_server_addr() IS NULL AS on_socket")
    assert table["on_socket"].tolist() == [True]
