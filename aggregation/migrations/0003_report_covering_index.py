"""A covering index for the aggregation loader, on PostgreSQL only.

Each platform task reads one platform's counted reports. Without this index that is a
bitmap heap scan touching nearly every page of the report table (reports of all
platforms are interleaved), twelve times per full run; with it, an index-only scan of the
platform's slice. It lives here because aggregation is its only reader; it belongs in
`Report.Meta.indexes` (models.Index(fields=["platform"], include=[...], condition=...))
once surveys/ takes it over.
"""

from django.db import migrations

INDEX = "aggregation_report_covering"
CREATE = (
    f"CREATE INDEX IF NOT EXISTS {INDEX} ON surveys_report (platform_id) "
    "INCLUDE (problem_id, channel_id, outcome, occurred_on, reported_at, "
    "days_to_resolution, reporter_key) WHERE status = 1 AND counted"
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("aggregation", "0002_snapshots"),
        ("surveys", "0001_initial"),
    ]

    operations = [migrations.RunPython(create, drop)]
