from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0005_covering_account_type"),
    ]

    operations = [
        migrations.AddField(
            model_name="report",
            name="decision_message",
            field=models.TextField(blank=True, db_default="", default="", max_length=1000),
        ),
        migrations.AddField(
            model_name="report",
            name="decision_reason",
            field=models.CharField(
                blank=True,
                choices=[
                    ("spam", "Spam"),
                    ("scam", "Scam or fake support"),
                    ("off_topic", "Off topic"),
                    ("abusive", "Abusive"),
                    ("personal_data", "Personal data"),
                    ("duplicate", "Duplicate"),
                ],
                db_default="",
                default="",
                max_length=20,
            ),
        ),
    ]
