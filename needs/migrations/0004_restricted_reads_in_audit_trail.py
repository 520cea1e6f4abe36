"""The reads of restricted requests move into the one audit trail; their own table goes."""

from django.db import migrations


def copy_reads(apps, schema_editor):
    RestrictedRequestView = apps.get_model("needs", "RestrictedRequestView")
    AuditEntry = apps.get_model("audit", "AuditEntry")
    rows = RestrictedRequestView.objects.select_related("user", "capability_request").order_by("pk")
    AuditEntry.objects.bulk_create(
        [
            AuditEntry(
                at=row.viewed_at,
                actor_id=row.user_id,
                actor_email=row.user.email if row.user else "",
                action="request.read_restricted",
                object_type="needs.capabilityrequest",
                object_id=str(row.capability_request_id),
                object_repr=f"Restricted request no. {row.capability_request_id}",
                organisation_id=row.capability_request.organisation_id,
                path=row.path,
            )
            for row in rows.iterator(chunk_size=2000)
        ],
        batch_size=2000,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("needs", "0003_request_state_times"),
        ("audit", "0001_audit_entry"),
    ]

    operations = [
        migrations.RunPython(copy_reads, migrations.RunPython.noop),
        migrations.RemoveIndex(model_name="restrictedrequestview", name="needs_restr_viewed__d8316a_idx"),
        migrations.DeleteModel(name="RestrictedRequestView"),
    ]
