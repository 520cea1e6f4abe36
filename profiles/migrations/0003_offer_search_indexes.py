"""GIN indexes for full-text search over offers (PostgreSQL only)."""

from django.db import migrations

from innovation_office.search import gin_index_sql, run_on_postgresql

CREATE, DROP = gin_index_sql("profiles_offer", ("title", "summary", "description"))


class Migration(migrations.Migration):
    dependencies = [("profiles", "0002_organisation_logo_offer")]
    operations = [migrations.RunPython(run_on_postgresql(CREATE), run_on_postgresql(DROP))]
