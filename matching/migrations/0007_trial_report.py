"""Field feedback becomes the trial report of a pilot: the same rows, renamed, to which the report's results
against each success criterion are added (0008)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("matching", "0006_match_checks")]

    operations = [
        migrations.RemoveConstraint(model_name="fieldfeedback", name="feedback_rating_1_to_5"),
        migrations.RenameModel(old_name="FieldFeedback", new_name="TrialReport"),
        migrations.AlterField(
            model_name="trialreport",
            name="match",
            field=models.OneToOneField(
                on_delete=django.db.models.deletion.CASCADE, related_name="trial_report", to="matching.match"
            ),
        ),
        migrations.AlterField(
            model_name="trialreport",
            name="rating",
            field=models.PositiveSmallIntegerField(verbose_name="overall rating"),
        ),
        migrations.AddConstraint(
            model_name="trialreport",
            constraint=models.CheckConstraint(
                condition=models.Q(("rating__gte", 1), ("rating__lte", 5)), name="report_rating_1_to_5"
            ),
        ),
    ]
