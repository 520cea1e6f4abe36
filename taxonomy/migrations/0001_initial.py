import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True
    dependencies = []

    operations = [
        migrations.CreateModel(
            name="CapabilityArea",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("slug", models.SlugField(max_length=80, unique=True, verbose_name="slug")),
                ("name_en", models.CharField(max_length=120, verbose_name="name (English)")),
                ("name_uk", models.CharField(max_length=120, verbose_name="name (Ukrainian)")),
                ("synonyms_en", models.JSONField(blank=True, default=list, verbose_name="synonyms (English)")),
                ("synonyms_uk", models.JSONField(blank=True, default=list, verbose_name="synonyms (Ukrainian)")),
                ("position", models.PositiveIntegerField(default=0)),
                (
                    "parent",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="children",
                        to="taxonomy.capabilityarea",
                        verbose_name="parent",
                    ),
                ),
            ],
            options={
                "verbose_name": "capability area",
                "verbose_name_plural": "capability areas",
                "ordering": ["position"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("parent", models.F("pk")), _negated=True),
                        name="capability_area_not_own_parent",
                    )
                ],
            },
        ),
    ]
