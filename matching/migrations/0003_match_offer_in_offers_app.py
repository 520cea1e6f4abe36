"""Match.offer points at the Offer model in its new app; the column and its constraint do not change."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("matching", "0002_curation"),
        ("offers", "0001_initial"),
    ]
    run_before = [("profiles", "0004_offer_leaves_profiles")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="match",
                    name="offer",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="matches", to="offers.offer"
                    ),
                ),
            ],
        ),
    ]
