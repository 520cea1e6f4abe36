from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("offers", "0004_search_vector"),
    ]

    operations = [
        migrations.AddField(
            model_name="offer",
            name="scoring_queued_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
    ]
