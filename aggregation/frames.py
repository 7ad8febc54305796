"""The one seam where the database becomes DataFrames with fixed, named integer columns.

Rows are filtered in SQL (platform, approved, counted) and never become ORM instances.
PostgreSQL: ADBC (Arrow over binary COPY) on a connection kept per process, the fastest
loader measured (benchmarks/README.md); inside an open transaction, whose rows another
connection cannot see (the tests' own transactions), a `COPY (SELECT ...) TO STDOUT` on
Django's connection parsed by pyarrow's CSV reader instead. SQLite: one `read_sql` over
Django's connection (a one-machine install has few reports; ADBC SQLite would not see an
open transaction either).
"""

from __future__ import annotations

import io
import threading

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv
from adbc_driver_postgresql import dbapi as adbc_postgresql
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper
from psycopg.conninfo import make_conninfo

from platforms.models import ContactChannel
from surveys.models import Report

APPROVED = Report.Status.APPROVED.value
KNOWN_DEAD = ContactChannel.Verification.KNOWN_DEAD.value

# Days since 1970-01-01 (UTC) of when the attempt happened, else of the report date.
_DAY = {
    "postgresql": (
        "COALESCE(r.occurred_on, (r.reported_at AT TIME ZONE 'UTC')::date) - DATE '1970-01-01'"
    ),
    "sqlite": (
        "CAST(julianday(COALESCE(r.occurred_on, substr(r.reported_at, 1, 10))) - 2440587.5"
        " AS INTEGER)"
    ),
}
# An integer per reporter key is all the distinct-reporter count needs; PostgreSQL hashes
# in the server (4 bytes on the wire), SQLite's keys are factorized in pandas.
_REPORTER = {"postgresql": "hashtext(r.reporter_key)", "sqlite": "r.reporter_key"}

REPORT_COLUMNS = ["problem_id", "channel_id", "outcome", "day", "days", "reporter", "account"]
# The account type as a small integer (`compute.segments.SEGMENTS`); 0 when not given.
_ACCOUNT = (
    "CASE r.account_type WHEN 'personal' THEN 1 WHEN 'creator' THEN 2"
    " WHEN 'business' THEN 3 ELSE 0 END"
)
TIP_COLUMNS = ["problem_id", "language", "text", "reporter"]


def _vendor() -> str:
    if connection.vendor not in _DAY:
        raise ImproperlyConfigured(
            f"aggregation reads PostgreSQL or SQLite, not {connection.vendor}: set DATABASE_URL"
        )
    return connection.vendor


def reports_sql(vendor: str, *, platform_filter: bool = True) -> str:
    """The counted, approved reports; channel 0 stands for "other"."""
    where = "r.platform_id = {platform_id:d} AND " if platform_filter else ""
    return (
        "SELECT r.problem_id, COALESCE(r.channel_id, 0) AS channel_id, r.outcome,"
        f" {_DAY[vendor]} AS day, COALESCE(r.days_to_resolution, -1) AS days,"
        f" {_REPORTER[vendor]} AS reporter, {_ACCOUNT} AS account"
        f" FROM surveys_report r WHERE {where}r.status = {APPROVED} AND r.counted"
    )


def tips_sql(vendor: str) -> str:
    """Approved tips; a tip merged into another report's counts as its (approved) target's
    text, one merged into a recurring tip (`tip_merged_key`) not at all.

    Tips of reports on a known-dead or fake channel are left out: whoever was sent to a
    fake number must not be able to advise the next visitor to call it.
    """
    return (
        "SELECT COALESCE(t.problem_id, r.problem_id) AS problem_id,"
        " COALESCE(t.language, r.language) AS language,"
        " COALESCE(t.tip_text, r.tip_text) AS text,"
        f" {_REPORTER[vendor]} AS reporter"
        " FROM surveys_report r"
        f" LEFT JOIN surveys_report t ON t.id = r.tip_merged_into_id AND t.status = {APPROVED}"
        " LEFT JOIN platforms_contactchannel c ON c.id = r.channel_id"
        f" WHERE r.platform_id = {{platform_id:d}} AND r.status = {APPROVED} AND r.counted"
        " AND (r.tip_merged_into_id IS NULL OR t.id IS NOT NULL)"
        # Merged into a recurring tip by its identity: a confirmation of it, not a tip.
        " AND r.tip_merged_key = ''"
        f" AND (c.id IS NULL OR c.verification <> '{KNOWN_DEAD}')"
        " AND COALESCE(t.tip_text, r.tip_text) <> ''"
    )


def _copy_csv(sql: str, column_types: dict[str, pa.DataType]) -> pd.DataFrame:
    """PostgreSQL: COPY the query's rows out as CSV and parse them with pyarrow."""
    buffer = io.BytesIO()
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg 3 cursor under Django's wrapper
        with raw.copy(f"COPY ({sql}) TO STDOUT (FORMAT csv)") as copy:
            for block in copy:
                buffer.write(block)
    if not buffer.tell():  # no rows: pyarrow refuses an empty file
        return pa.schema(list(column_types.items())).empty_table().to_pandas()
    buffer.seek(0)
    table = pa_csv.read_csv(
        buffer,
        read_options=pa_csv.ReadOptions(column_names=list(column_types)),
        parse_options=pa_csv.ParseOptions(newlines_in_values=True),
        convert_options=pa_csv.ConvertOptions(column_types=column_types, strings_can_be_null=False),
    )
    return table.to_pandas()


# One ADBC connection per thread and database: a libpq connection used by two threads at
# once hangs both (a threaded web server aggregating inline in eager mode does that).
_adbc: dict[tuple[int, str], adbc_postgresql.Connection] = {}
_adbc_lock = threading.Lock()


# Keys of Django's connection parameters meant for psycopg itself, not for libpq.
_PSYCOPG_ONLY = {"cursor_factory", "context", "prepare_threshold", "row_factory", "autocommit"}


def adbc_conninfo(db: BaseDatabaseWrapper = connection) -> str:
    """libpq's connection string for the database `db` uses, every setting included.

    Built from the backend's own connection parameters, so whatever Django passes to libpq
    the loader passes too: a password, a socket directory as HOST, a service, and OPTIONS
    such as `sslmode`, `sslrootcert`, `connect_timeout` or `options` (`-c search_path=...`).
    Django's `assume_role` becomes a `-c role=...` option, the SET ROLE Django runs.
    """
    params = db.get_connection_params()
    libpq = {
        key: value
        for key, value in params.items()
        if key not in _PSYCOPG_ONLY and value is not None
    }
    role = db.settings_dict["OPTIONS"].get("assume_role")
    if role:
        # libpq's options are split on spaces; a backslash keeps one inside a value.
        escaped = str(role).replace("\\", "\\\\").replace(" ", "\\ ")
        libpq["options"] = f"{libpq.get('options', '')} -c role={escaped}".strip()
    return make_conninfo("", **libpq)


def _adbc_fetch(sql: str) -> pd.DataFrame:
    """PostgreSQL: the query's rows as Arrow, on this process's ADBC connection."""
    key = (threading.get_ident(), adbc_conninfo())
    for attempt in (1, 2):
        with _adbc_lock:
            if key not in _adbc:
                _adbc[key] = adbc_postgresql.connect(key[1])
            connection_ = _adbc[key]
        try:
            with connection_.cursor() as cursor:
                cursor.execute(sql)
                table = cursor.fetch_arrow_table()
            connection_.commit()  # end the read transaction: the next load sees new rows
            return table.to_pandas()
        except adbc_postgresql.Error:
            # A connection broken by a server restart: reconnect once, then give up.
            with _adbc_lock:
                _adbc.pop(key, None)
            connection_.close()
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def connections_close() -> None:
    """Close this process's ADBC connections (a test database cannot be dropped while open)."""
    with _adbc_lock:
        connections = list(_adbc.values())
        _adbc.clear()
    for connection_ in connections:
        connection_.close()


def _postgres(sql: str, column_types: dict[str, pa.DataType]) -> pd.DataFrame:
    if connection.in_atomic_block:
        return _copy_csv(sql, column_types)
    return _adbc_fetch(sql)


def _read_sql(sql: str) -> pd.DataFrame:
    """SQLite: one read_sql over Django's own sqlite3 connection."""
    connection.ensure_connection()
    return pd.read_sql(sql, connection.connection)


def reports_frame(platform_id: int | None) -> pd.DataFrame:
    """One platform's counted reports (all platforms with None, plus a platform_id column)."""
    vendor = _vendor()
    sql = reports_sql(vendor, platform_filter=platform_id is not None)
    if platform_id is not None:
        sql = sql.format(platform_id=int(platform_id))
    columns = REPORT_COLUMNS
    if platform_id is None:
        sql = sql.replace("SELECT ", "SELECT r.platform_id, ", 1)
        columns = ["platform_id", *REPORT_COLUMNS]
    if vendor == "postgresql":
        types = {name: pa.int64() for name in columns}
        types["reporter"] = pa.int32()
        frame = _postgres(sql, types)
    else:
        frame = _read_sql(sql)
        frame.columns = columns
        frame["reporter"] = pd.factorize(frame["reporter"])[0]
    return frame.astype({name: np.int64 for name in columns})


def tips_frame(platform_id: int) -> pd.DataFrame:
    """One platform's approved tips: problem_id, language, text, reporter."""
    vendor = _vendor()
    sql = tips_sql(vendor).format(platform_id=int(platform_id))
    if vendor == "postgresql":
        types = {
            "problem_id": pa.int64(),
            "language": pa.string(),
            "text": pa.string(),
            "reporter": pa.int32(),
        }
        frame = _postgres(sql, types)
    else:
        frame = _read_sql(sql)
        frame.columns = TIP_COLUMNS
        frame["reporter"] = pd.factorize(frame["reporter"])[0]
    return frame.astype({"problem_id": np.int64, "reporter": np.int64})
