import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """Confirmations become one kind of tip signal (flags are the other), keeping their
    rows; hidden tips get a table of their own."""

    dependencies = [
        ("aggregation", "0005_segments_and_monthly"),
        ("platforms", "0002_provenance_and_ladder"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="tipconfirmation", name="one_confirmation_each"),
        migrations.RenameModel("TipConfirmation", "TipSignal"),
        migrations.AddField(
            model_name="tipsignal",
            name="kind",
            field=models.CharField(
                choices=[("confirm", "Worked for me too"), ("flag", "Flag")],
                default="confirm",
                max_length=10,
            ),
        ),
        migrations.AddField(
            model_name="tipsignal",
            name="reason",
            field=models.CharField(
                blank=True,
                choices=[
                    ("wrong", "It is wrong"),
                    ("scam", "It is a scam or sends people to one"),
                    ("outdated", "It no longer works"),
                    ("abusive", "It is abusive"),
                ],
                max_length=10,
            ),
        ),
        migrations.AddField(
            model_name="tipsignal",
            name="note",
            field=models.CharField(blank=True, max_length=200),
        ),
        migrations.AddField(
            model_name="tipsignal",
            name="resolved",
            field=models.BooleanField(default=False),
        ),
        migrations.AddIndex(
            model_name="tipsignal",
            index=models.Index(fields=["kind", "resolved", "key"], name="tip_signal_open"),
        ),
        migrations.AddConstraint(
            model_name="tipsignal",
            constraint=models.UniqueConstraint(
                fields=("key", "kind", "client_hash"), name="one_signal_per_kind_each"
            ),
        ),
        migrations.CreateModel(
            name="TipState",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("key", models.CharField(max_length=32, unique=True)),
                ("hidden", models.BooleanField(default=True)),
                (
                    "hidden_by",
                    models.CharField(
                        choices=[("flags", "Flags from visitors"), ("moderator", "A moderator")],
                        max_length=10,
                    ),
                ),
                ("note", models.CharField(blank=True, max_length=300)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "platform",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="platforms.platform",
                    ),
                ),
            ],
        ),
    ]
