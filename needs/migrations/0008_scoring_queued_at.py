from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("needs", "0007_search_vector"),
    ]

    operations = [
        migrations.AddField(
            model_name="capabilityrequest",
            name="scoring_queued_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
    ]
