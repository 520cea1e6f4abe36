"""Registration numbers get a folded key (profiles/registration_numbers.py): unique per country among
organisations that are not rejected, in place of the raw number's uniqueness."""

from django.db import migrations, models

from profiles.registration_numbers import normalise


def fill_registration_keys(apps, schema_editor):
    """Every existing organisation gets its key. Where two live organisations of a country fold to the same
    key (a look-alike registered before this check existed), the older keeps it and the newer is left with
    an empty key, so the constraint can hold; staff still see the pair as possible duplicates (the
    duplicates selector folds numbers whose key is empty)."""
    Organisation = apps.get_model("profiles", "Organisation")
    taken = set()
    for organisation in Organisation.objects.order_by("created_at", "pk"):
        key = normalise(organisation.country, organisation.registration_number)
        if key and organisation.vetting_state != "rejected":
            if (organisation.country, key) in taken:
                key = ""
            else:
                taken.add((organisation.country, key))
        if key != organisation.registration_key:
            Organisation.objects.filter(pk=organisation.pk).update(registration_key=key)


class Migration(migrations.Migration):
    dependencies = [
        ("profiles", "0005_vetting_evidence"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="organisation",
            name="organisation_registration_unique_per_country",
        ),
        migrations.AddField(
            model_name="organisation",
            name="registration_key",
            field=models.CharField(blank=True, db_index=True, editable=False, max_length=255),
        ),
        migrations.RunPython(fill_registration_keys, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="organisation",
            constraint=models.UniqueConstraint(
                condition=models.Q(
                    models.Q(("registration_key", ""), _negated=True),
                    models.Q(("vetting_state", "rejected"), _negated=True),
                ),
                fields=("country", "registration_key"),
                name="organisation_registration_key_unique_per_country",
                violation_error_message="A company with this registration number is already registered on the platform. If it is yours, ask its administrator to invite you, or write to the office.",
            ),
        ),
    ]
