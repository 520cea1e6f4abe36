"""The Offer model now lives in the offers app: removed from profiles' state only, its table stays."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("profiles", "0003_offer_search_indexes"),
        ("offers", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel(name="Offer")]),
    ]
