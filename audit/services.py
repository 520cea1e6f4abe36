"""The one way to write the audit trail. Services of every app call these; nothing else writes it."""

from collections.abc import Iterable

from django.db import models

from .actions import ACTIONS
from .context import current_origin
from .models import AuditEntry


def _object_fields(obj: models.Model | None, label: str | None) -> dict:
    if obj is None:
        return {}
    return {
        "object_type": obj._meta.label_lower,
        "object_id": str(obj.pk),
        "object_repr": (str(obj) if label is None else label)[:200],
    }


def _organisation_id(obj: models.Model | None) -> int | None:
    if obj is None:
        return None
    if obj._meta.label_lower == "profiles.organisation":
        return obj.pk
    return getattr(obj, "organisation_id", None)


def _entry(action, actor, obj, organisation_id, detail, label=None) -> AuditEntry:
    if action not in ACTIONS:
        raise ValueError(f"Unknown audit action {action!r}; add it to audit.actions.ACTIONS.")
    origin = current_origin()
    signed_in = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEntry(
        actor=actor if signed_in else None,
        actor_email=actor.email if signed_in else "",
        action=action,
        organisation_id=organisation_id if organisation_id is not None else _organisation_id(obj),
        origin=origin.address,
        path=origin.path,
        detail=detail or {},
        **_object_fields(obj, label),
    )


def audit_record(
    action: str,
    *,
    actor=None,
    obj: models.Model | None = None,
    organisation_id: int | None = None,
    detail: dict | None = None,
    label: str | None = None,
) -> AuditEntry:
    """Writes one audit row: who did what to which object, from where, now. `label` names the object in the
    trail where its own name must not be copied there (a restricted request's title)."""
    entry = _entry(action, actor, obj, organisation_id, detail, label)
    entry.save()
    return entry


def audit_record_many(
    action: str, *, actor, objects: Iterable[models.Model], detail: dict | None = None, label=None
) -> int:
    """One row per object, in one insert (a list page that shows several audited objects); `label(obj)` as above."""
    entries = [_entry(action, actor, obj, None, detail, label(obj) if label else None) for obj in objects]
    AuditEntry.objects.bulk_create(entries)
    return len(entries)
