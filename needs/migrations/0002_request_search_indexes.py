"""GIN indexes for full-text search over capability requests (PostgreSQL only)."""

from django.db import migrations

from innovation_office.search import gin_index_sql, run_on_postgresql

CREATE, DROP = gin_index_sql("needs_capabilityrequest", ("title", "description", "summary_en"))


class Migration(migrations.Migration):
    dependencies = [("needs", "0001_initial")]
    operations = [migrations.RunPython(run_on_postgresql(CREATE), run_on_postgresql(DROP))]
