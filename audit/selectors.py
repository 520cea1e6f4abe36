"""Reading the audit trail: filtered, newest first. Who may read it is the caller's rule (staff)."""

from datetime import date

from django.db.models import QuerySet

from .models import AuditEntry


def audit_entries(
    *,
    action: str = "",
    actor_email: str = "",
    object_type: str = "",
    object_id: str = "",
    organisation_id: int | None = None,
    since: date | None = None,
    until: date | None = None,
) -> QuerySet[AuditEntry]:
    rows = AuditEntry.objects.all()
    if action:
        rows = rows.filter(action=action)
    if actor_email:
        rows = rows.filter(actor_email__iexact=actor_email.strip())
    if object_type:
        rows = rows.filter(object_type=object_type)
    if object_id:
        rows = rows.filter(object_id=object_id)
    if organisation_id is not None:
        rows = rows.filter(organisation_id=organisation_id)
    if since is not None:
        rows = rows.filter(at__date__gte=since)
    if until is not None:
        rows = rows.filter(at__date__lte=until)
    return rows.order_by("-at", "-pk")
