"""An optional English title for a request, searched like the rest of its text (the search indexes follow)."""

from django.db import migrations, models

from innovation_office.search import gin_index_sql, run_on_postgresql

OLD_CREATE, OLD_DROP = gin_index_sql("needs_capabilityrequest", ("title", "description", "summary_en"))
NEW_CREATE, NEW_DROP = gin_index_sql("needs_capabilityrequest", ("title", "title_en", "description", "summary_en"))


class Migration(migrations.Migration):
    dependencies = [("needs", "0004_restricted_reads_in_audit_trail")]

    operations = [
        migrations.AddField(
            model_name="capabilityrequest",
            name="title_en",
            field=models.CharField(blank=True, max_length=200, verbose_name="English title"),
        ),
        migrations.RunPython(run_on_postgresql(OLD_DROP), run_on_postgresql(OLD_CREATE)),
        migrations.RunPython(run_on_postgresql(NEW_CREATE), run_on_postgresql(NEW_DROP)),
    ]
