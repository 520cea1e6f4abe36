from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("offers", "0003_language_names_translated"),
    ]

    operations = [
        migrations.AddField(
            model_name="offer",
            name="scoring_queued_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
    ]
