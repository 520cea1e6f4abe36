"""Offers store their search terms (read as the matching engine reads text) in an indexed column, so
that a search no longer reads every row's text; the first search's expression indexes go."""

from django.db import migrations

import innovation_office.search
from innovation_office.search import gin_index_sql, run_on_postgresql
from taxonomy.reading import search_vector

OLD_CREATE, OLD_DROP = gin_index_sql("profiles_offer", ("title", "summary", "description"))
INDEX = "CREATE INDEX IF NOT EXISTS profiles_offer_search_vector ON profiles_offer USING gin (search_vector)"
NO_INDEX = "DROP INDEX IF EXISTS profiles_offer_search_vector"
# The vector stays in the row, compressed, rather than in the TOAST table: a search reads it for many rows,
# and fetching each from TOAST cost nine times as long (5,000 offers: 72 ms against 8 ms).
IN_THE_ROW = [
    "ALTER TABLE profiles_offer SET (toast_tuple_target = 8160)",
    "ALTER TABLE profiles_offer ALTER COLUMN search_vector SET STORAGE MAIN",
]


def fill(apps, schema_editor):
    Offer = apps.get_model("offers", "Offer")
    offers = list(
        Offer.objects.select_related("organisation").only(
            "title", "summary", "description", "ml_category", "organisation__legal_name"
        )
    )
    for offer in offers:
        offer.search_vector = search_vector(
            offer.title, offer.summary, offer.description, offer.ml_category, offer.organisation.legal_name
        )
    Offer.objects.bulk_update(offers, ["search_vector"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("offers", "0003_language_names_translated"), ("profiles", "0003_offer_search_indexes")]

    operations = [
        migrations.AddField(
            model_name="offer",
            name="search_vector",
            field=innovation_office.search.SearchVectorColumn(editable=False, null=True),
        ),
        migrations.RunPython(run_on_postgresql(IN_THE_ROW), migrations.RunPython.noop),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.RunPython(run_on_postgresql(OLD_DROP), run_on_postgresql(OLD_CREATE)),
        migrations.RunPython(run_on_postgresql([INDEX]), run_on_postgresql([NO_INDEX])),
    ]
