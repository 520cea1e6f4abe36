"""Requests store their search terms (read as the matching engine reads text) in an indexed column, so
that a search no longer reads every row's text; the first search's expression indexes go."""

from django.db import migrations

import innovation_office.search
from innovation_office.search import gin_index_sql, run_on_postgresql
from taxonomy.reading import search_vector

TABLE = "needs_capabilityrequest"
OLD_CREATE, OLD_DROP = gin_index_sql(TABLE, ("title", "title_en", "description", "summary_en"))
INDEX = f"CREATE INDEX IF NOT EXISTS {TABLE}_search_vector ON {TABLE} USING gin (search_vector)"
NO_INDEX = f"DROP INDEX IF EXISTS {TABLE}_search_vector"
# The vector stays in the row, compressed, rather than in the TOAST table (see offers' 0004_search_vector).
IN_THE_ROW = [
    f"ALTER TABLE {TABLE} SET (toast_tuple_target = 8160)",
    f"ALTER TABLE {TABLE} ALTER COLUMN search_vector SET STORAGE MAIN",
]


def fill(apps, schema_editor):
    CapabilityRequest = apps.get_model("needs", "CapabilityRequest")
    requests = list(CapabilityRequest.objects.only("title", "title_en", "description", "summary_en"))
    for row in requests:
        row.search_vector = search_vector(row.title, row.title_en, row.description, row.summary_en)
    CapabilityRequest.objects.bulk_update(requests, ["search_vector"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("needs", "0006_language_names_translated")]

    operations = [
        migrations.AddField(
            model_name="capabilityrequest",
            name="search_vector",
            field=innovation_office.search.SearchVectorColumn(editable=False, null=True),
        ),
        migrations.RunPython(run_on_postgresql(IN_THE_ROW), migrations.RunPython.noop),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.RunPython(run_on_postgresql(OLD_DROP), run_on_postgresql(OLD_CREATE)),
        migrations.RunPython(run_on_postgresql([INDEX]), run_on_postgresql([NO_INDEX])),
    ]
