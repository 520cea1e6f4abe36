"""Identity changes of an organisation that has passed vetting: asked, then approved or declined by the
office. An approved change that keeps the vetting state is still a vetting event, so events may now keep
the state when they say what changed."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("profiles", "0006_registration_key"),
    ]

    operations = [
        migrations.CreateModel(
            name="IdentityChange",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("legal_name", models.CharField(blank=True, max_length=200, null=True, verbose_name="legal name")),
                (
                    "registration_number",
                    models.CharField(blank=True, max_length=64, null=True, verbose_name="registration number"),
                ),
                (
                    "country",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("AT", "Austria"),
                            ("BE", "Belgium"),
                            ("BG", "Bulgaria"),
                            ("HR", "Croatia"),
                            ("CY", "Cyprus"),
                            ("CZ", "Czechia"),
                            ("DK", "Denmark"),
                            ("EE", "Estonia"),
                            ("FI", "Finland"),
                            ("FR", "France"),
                            ("DE", "Germany"),
                            ("GR", "Greece"),
                            ("HU", "Hungary"),
                            ("IS", "Iceland"),
                            ("IE", "Ireland"),
                            ("IT", "Italy"),
                            ("LV", "Latvia"),
                            ("LI", "Liechtenstein"),
                            ("LT", "Lithuania"),
                            ("LU", "Luxembourg"),
                            ("MT", "Malta"),
                            ("NL", "Netherlands"),
                            ("NO", "Norway"),
                            ("PL", "Poland"),
                            ("PT", "Portugal"),
                            ("RO", "Romania"),
                            ("SK", "Slovakia"),
                            ("SI", "Slovenia"),
                            ("ES", "Spain"),
                            ("SE", "Sweden"),
                            ("UA", "Ukraine"),
                        ],
                        max_length=2,
                        null=True,
                        verbose_name="country",
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("startup", "Startup"),
                            ("ua_unit", "Ukrainian defence unit"),
                            ("ua_agency", "Ukrainian state agency"),
                            ("ua_company", "Ukrainian defence company"),
                            ("office", "Defence Innovation Office"),
                        ],
                        max_length=16,
                        null=True,
                        verbose_name="kind",
                    ),
                ),
                ("previous", models.JSONField(blank=True, default=dict)),
                (
                    "state",
                    models.CharField(
                        choices=[
                            ("pending", "Awaiting the office"),
                            ("approved", "Approved"),
                            ("declined", "Declined"),
                            ("withdrawn", "Withdrawn or replaced"),
                        ],
                        default="pending",
                        max_length=16,
                        verbose_name="state",
                    ),
                ),
                ("decided_at", models.DateTimeField(blank=True, null=True)),
                ("rationale", models.TextField(blank=True, verbose_name="rationale")),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
            ],
            options={
                "verbose_name": "identity change",
                "verbose_name_plural": "identity changes",
                "ordering": ["-created_at", "-pk"],
            },
        ),
        migrations.RemoveConstraint(
            model_name="vettingevent",
            name="vetting_event_changes_state",
        ),
        migrations.AddConstraint(
            model_name="vettingevent",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("from_state", models.F("to_state")), _negated=True),
                    models.Q(("note", ""), _negated=True),
                    _connector="OR",
                ),
                name="vetting_event_changes_something",
            ),
        ),
        migrations.AddField(
            model_name="identitychange",
            name="decided_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="identitychange",
            name="organisation",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="identity_changes", to="profiles.organisation"
            ),
        ),
        migrations.AddField(
            model_name="identitychange",
            name="requested_by",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL
            ),
        ),
        migrations.AddConstraint(
            model_name="identitychange",
            constraint=models.UniqueConstraint(
                condition=models.Q(("state", "pending")),
                fields=("organisation",),
                name="one_pending_identity_change_per_organisation",
            ),
        ),
        migrations.AddConstraint(
            model_name="identitychange",
            constraint=models.CheckConstraint(
                condition=models.Q(("state__in", ["pending", "approved", "declined", "withdrawn"])),
                name="identity_change_state_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="identitychange",
            constraint=models.CheckConstraint(
                condition=models.Q(("state", "pending"), ("decided_at__isnull", False), _connector="OR"),
                name="identity_change_decision_has_time",
            ),
        ),
        migrations.AddConstraint(
            model_name="identitychange",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("legal_name__isnull", False),
                    ("registration_number__isnull", False),
                    ("country__isnull", False),
                    ("kind__isnull", False),
                    _connector="OR",
                ),
                name="identity_change_changes_something",
            ),
        ),
    ]
