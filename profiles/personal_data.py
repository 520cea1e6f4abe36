"""Everything the platform holds about one person, gathered for their download, and what closing their
account erases.

Each app answers for its own records. This module answers for accounts; the apps after profiles (which
profiles may not import) register their sections in their AppConfig.ready: a name, the function that
returns what they hold about the person (read through their own scoped selectors, so a person never
downloads what they may no longer read), and, for records that end with the account, the function that
erases them. Sections appear in the download in the order they were registered.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.models import AuditEntry

from .models import ApiToken, Invitation, Organisation, User

Export = Callable[[User], Any]
Erase = Callable[[User], None]


@dataclass(frozen=True)
class Section:
    name: str
    export: Export
    erase: Erase | None = None


_SECTIONS: dict[str, Section] = {}


def personal_data_register(name: str, *, export: Export, erase: Erase | None = None) -> None:
    """Registers one section of a person's data ("notifications"); once per name."""
    section = Section(name, export, erase)
    registered = _SECTIONS.setdefault(name, section)
    if registered != section:
        raise ValueError(f"The personal-data section {name!r} is registered twice.")


def personal_data_sections() -> list[str]:
    return list(_SECTIONS)


def personal_data_of(user: User) -> dict[str, Any]:
    """Every registered section's answer for `user`, by section name."""
    return {name: section.export(user) for name, section in _SECTIONS.items()}


def personal_data_erase(user: User) -> None:
    """Erases the records that end with the account, in every app that registered an eraser."""
    for section in _SECTIONS.values():
        if section.erase is not None:
            section.erase(user)


# The sections of accounts -------------------------------------------------------------------------


def account_of(user: User) -> dict:
    """The user's own fields; never the password hash."""
    return {
        "id": user.pk,
        "email": user.email,
        "full_name": user.full_name,
        "preferred_language": user.preferred_language,
        "is_active": user.is_active,
        "email_confirmed_at": user.email_confirmed_at,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
    }


def _organisation(organisation: Organisation) -> dict:
    return {
        "id": organisation.pk,
        "kind": organisation.kind,
        "legal_name": organisation.legal_name,
        "country": organisation.country,
        "registration_number": organisation.registration_number,
        "website": organisation.website,
        "vetting_state": organisation.vetting_state,
    }


def memberships_of(user: User) -> list[dict]:
    memberships = user.memberships.select_related("organisation").order_by("created_at", "pk")
    return [
        {
            "role": membership.role,
            "since": membership.created_at,
            "organisation": _organisation(membership.organisation),
        }
        for membership in memberships
    ]


def second_factor_devices_of(user: User) -> list[dict]:
    """Name and state only: the key that makes the codes never leaves the server."""
    devices = TOTPDevice.objects.filter(user=user).order_by("pk")
    return [{"name": device.name, "confirmed": device.confirmed} for device in devices]


def api_tokens_export(user: User) -> list[dict]:
    """What the tokens page shows; never the hash."""
    tokens = ApiToken.objects.filter(user=user).order_by("created_at", "pk")
    return [
        {
            "name": token.name,
            "prefix": token.prefix,
            "created_at": token.created_at,
            "last_used_at": token.last_used_at,
            "expires_at": token.expires_at,
            "revoked_at": token.revoked_at,
        }
        for token in tokens
    ]


def invitations_of(user: User) -> list[dict]:
    """The invitations the user sent or accepted; never the hash of their link."""
    invitations = (
        Invitation.objects.filter(Q(invited_by=user) | Q(accepted_by=user))
        .select_related("organisation")
        .order_by("created_at", "pk")
    )
    return [
        {
            "sent_by_you": invitation.invited_by_id == user.pk,
            "accepted_by_you": invitation.accepted_by_id == user.pk,
            "email": invitation.email,
            "organisation": invitation.organisation.legal_name,
            "role": invitation.role,
            "created_at": invitation.created_at,
            "expires_at": invitation.expires_at,
            "accepted_at": invitation.accepted_at,
            "revoked_at": invitation.revoked_at,
        }
        for invitation in invitations
    ]


def audit_entries_of(user: User) -> list[dict]:
    """The rows of the audit trail where the user is the one who acted."""
    entries = AuditEntry.objects.filter(actor_id=user.pk).order_by("at", "pk")
    return [
        {
            "at": entry.at,
            "action": entry.action,
            "object_type": entry.object_type,
            "object_id": entry.object_id,
            "object": entry.object_repr,
            "organisation_id": entry.organisation_id,
            "origin": entry.origin,
            "path": entry.path,
            "detail": entry.detail,
        }
        for entry in entries
    ]


def register_own_sections() -> None:
    personal_data_register("account", export=account_of)
    personal_data_register("memberships", export=memberships_of)
    personal_data_register("second_factor_devices", export=second_factor_devices_of)
    personal_data_register("api_tokens", export=api_tokens_export)
    personal_data_register("invitations", export=invitations_of)
    personal_data_register("audit_entries", export=audit_entries_of)
