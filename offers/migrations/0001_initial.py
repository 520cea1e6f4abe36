"""The Offer model leaves the profiles app for its own: in Django's state only. The rows stay where they
are (the tables keep their names, `profiles_offer` and `profiles_offer_areas`, and so do their
constraints and indexes); only the content type is relabelled, so permissions granted on offers stay."""

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import offers.models
import profiles.uploads


def _relabel(apps, schema_editor, source: str, target: str) -> None:
    content_types = apps.get_model("contenttypes", "ContentType").objects.using(schema_editor.connection.alias)
    content_types.filter(app_label=source, model="offer").update(app_label=target)


def relabel_content_type(apps, schema_editor):
    _relabel(apps, schema_editor, "profiles", "offers")


def unrelabel_content_type(apps, schema_editor):
    _relabel(apps, schema_editor, "offers", "profiles")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("profiles", "0003_offer_search_indexes"),
        ("taxonomy", "0002_seed_capability_areas"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Offer",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("title", models.CharField(max_length=200, verbose_name="title")),
                        ("summary", models.CharField(max_length=300, verbose_name="summary")),
                        ("description", models.TextField(verbose_name="description")),
                        (
                            "language",
                            models.CharField(
                                choices=[("en", "English"), ("uk", "Українська")],
                                default="en",
                                max_length=2,
                                verbose_name="language of the text",
                            ),
                        ),
                        (
                            "trl",
                            models.PositiveSmallIntegerField(
                                validators=[
                                    django.core.validators.MinValueValidator(1),
                                    django.core.validators.MaxValueValidator(9),
                                ],
                                verbose_name="technology readiness level",
                            ),
                        ),
                        ("field_tested_ua", models.BooleanField(default=False, verbose_name="field-tested in Ukraine")),
                        ("field_tested_note", models.TextField(blank=True, verbose_name="field-test note")),
                        ("lead_time_days", models.PositiveIntegerField(verbose_name="lead time (days)")),
                        (
                            "monthly_capacity",
                            models.PositiveIntegerField(
                                validators=[django.core.validators.MinValueValidator(1)],
                                verbose_name="monthly capacity (units)",
                            ),
                        ),
                        (
                            "price_min_eur",
                            models.PositiveIntegerField(blank=True, null=True, verbose_name="unit price from (EUR)"),
                        ),
                        (
                            "price_max_eur",
                            models.PositiveIntegerField(blank=True, null=True, verbose_name="unit price up to (EUR)"),
                        ),
                        (
                            "export_control",
                            models.CharField(
                                choices=[
                                    ("not_controlled", "Not controlled"),
                                    ("dual_use", "EU dual-use item"),
                                    ("ml", "EU Common Military List"),
                                ],
                                default="not_controlled",
                                max_length=16,
                                verbose_name="export-control status",
                            ),
                        ),
                        (
                            "ml_category",
                            models.CharField(
                                blank=True,
                                choices=offers.models.ml_categories,
                                max_length=4,
                                verbose_name="Military List category",
                            ),
                        ),
                        ("licence_held", models.BooleanField(default=False, verbose_name="export licence held")),
                        (
                            "datasheet",
                            models.FileField(
                                blank=True,
                                storage=profiles.uploads.private_storage,
                                upload_to=profiles.uploads.random_upload_name,
                                verbose_name="datasheet (PDF)",
                            ),
                        ),
                        (
                            "state",
                            models.CharField(
                                choices=[("draft", "Draft"), ("published", "Published"), ("archived", "Archived")],
                                default="draft",
                                max_length=16,
                                verbose_name="state",
                            ),
                        ),
                        ("published_at", models.DateTimeField(blank=True, null=True)),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                        ("updated_at", models.DateTimeField(default=django.utils.timezone.now)),
                        (
                            "areas",
                            models.ManyToManyField(
                                db_table="profiles_offer_areas",
                                related_name="offers",
                                to="taxonomy.capabilityarea",
                                verbose_name="capability areas",
                            ),
                        ),
                        (
                            "created_by",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "organisation",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="offers",
                                to="profiles.organisation",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "offer",
                        "verbose_name_plural": "offers",
                        "db_table": "profiles_offer",
                        "ordering": ["-updated_at", "-pk"],
                        "indexes": [
                            models.Index(fields=["state", "organisation"], name="profiles_of_state_45c08a_idx")
                        ],
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(("trl__gte", 1), ("trl__lte", 9)), name="offer_trl_1_to_9"
                            ),
                            models.CheckConstraint(
                                condition=models.Q(("monthly_capacity__gte", 1)), name="offer_capacity_positive"
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    ("price_min_eur__isnull", True),
                                    ("price_max_eur__isnull", True),
                                    ("price_min_eur__lte", models.F("price_max_eur")),
                                    _connector="OR",
                                ),
                                name="offer_price_band_ordered",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(("state__in", ["draft", "published", "archived"])),
                                name="offer_state_valid",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    models.Q(("export_control", "ml"), models.Q(("ml_category", ""), _negated=True)),
                                    models.Q(models.Q(("export_control", "ml"), _negated=True), ("ml_category", "")),
                                    _connector="OR",
                                ),
                                name="offer_ml_category_iff_military_list",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    models.Q(("state", "published"), _negated=True),
                                    ("published_at__isnull", False),
                                    _connector="OR",
                                ),
                                name="offer_published_has_time",
                            ),
                        ],
                    },
                ),
            ],
            database_operations=[migrations.RunPython(relabel_content_type, unrelabel_content_type)],
        ),
    ]
