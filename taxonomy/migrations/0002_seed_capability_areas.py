"""Seeds the capability-area tree shipped with the application."""

from django.db import migrations

from taxonomy.seed import load_area_records, upsert_areas


def seed(apps, schema_editor):
    upsert_areas(apps.get_model("taxonomy", "CapabilityArea"), load_area_records())


class Migration(migrations.Migration):
    dependencies = [("taxonomy", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
