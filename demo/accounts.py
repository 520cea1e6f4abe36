"""Demo organisations and people for `seed_demo`: idempotent, keyed by registration number and e-mail."""

import base64
import json
from pathlib import Path

from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from profiles.models import (
    Membership,
    MembershipRole,
    Organisation,
    OrganisationKind,
    OwnershipDeclaration,
    RegistrationDocument,
    User,
    VettingEvent,
    VettingState,
)

from .documents import text_pdf

DEMO_DATA = Path(__file__).resolve().parent / "data"
DEMO_PASSWORD = "demo-pass-2024"
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXP"
OFFICE_NAME = "EU Defence Innovation Office"

# The fixed accounts the README and the tests rely on: e-mail → (organisation key, role, language).
DEMO_ACCOUNTS = {
    "staff@example.org": ("office", "Olga Marchenko", "en"),
    "startup@example.org": ("@vetted-startup-1", "Anna Keller", "en"),
    "startup2@example.org": ("@vetted-startup-2", "Jonas Berg", "en"),
    "pending@example.org": ("@pending-startup", "Marta Nowak", "en"),
    "officer@example.org": ("@ukrainian-1", "Андрій Шевчук", "uk"),
    "officer2@example.org": ("@ukrainian-2", "Ірина Бондар", "uk"),
}
SECOND_FACTOR_ACCOUNTS = ("staff@example.org", "officer@example.org", "officer2@example.org")


def load(name: str) -> list[dict]:
    return json.loads((DEMO_DATA / name).read_text(encoding="utf-8"))


def _office() -> Organisation:
    office, _ = Organisation.objects.update_or_create(
        kind=OrganisationKind.OFFICE,
        defaults={
            "legal_name": OFFICE_NAME,
            "country": "UA",
            "website": "https://innovation-office.example",
            "description": "The European Union's Defence Innovation Office in Kyiv.",
            "vetting_state": VettingState.VETTED,
            "vetted_at": timezone.now(),
        },
    )
    return office


def _organisation(record: dict, staff: User) -> Organisation:
    state = record["vetting"]
    organisation, created = Organisation.objects.update_or_create(
        country=record["country"],
        registration_number=record["registration_number"],
        defaults={
            "kind": record["kind"],
            "legal_name": record["legal_name"],
            "website": record["website"],
            "description": record["description"],
            "ncage_code": record.get("ncage_code", ""),
        },
    )
    if created and state != VettingState.PENDING:
        organisation.vetting_state = state
        organisation.vetted_by = staff
        organisation.vetted_at = timezone.now()
        organisation.vetting_note = (
            "Registration and references checked."
            if state == VettingState.VETTED
            else "Could not verify the registration."
        )
        organisation.save(update_fields=["vetting_state", "vetted_by", "vetted_at", "vetting_note"])
        VettingEvent.objects.create(
            organisation=organisation,
            actor=staff,
            from_state=VettingState.PENDING,
            to_state=state,
            note=organisation.vetting_note,
        )
    return organisation


def _user(email: str, full_name: str, language: str, password_hash: str, **extra) -> User:
    user, _ = User.objects.update_or_create(
        email=email,
        defaults={
            "full_name": full_name,
            "preferred_language": language,
            "password": password_hash,
            "email_confirmed_at": timezone.now(),
            "is_active": True,
            **extra,
        },
    )
    return user


def _member(user: User, organisation: Organisation, role: str) -> None:
    Membership.objects.update_or_create(user=user, organisation=organisation, defaults={"role": role})


def _evidence(organisation: Organisation, admin: User) -> None:
    """What a startup gives at registration: a register extract (PDF) and its ownership declaration."""
    if not organisation.registration_documents.exists():
        extract = text_pdf(
            [
                "Extract from the commercial register (demo document)",
                "",
                f"Company: {organisation.legal_name}",
                f"Registration number: {organisation.registration_number}",
                f"Country: {organisation.country}",
                "Status: active",
            ]
        )
        document = RegistrationDocument(
            organisation=organisation, original_name="register-extract.pdf", uploaded_by=admin
        )
        document.file.save("register-extract.pdf", ContentFile(extract), save=True)
    if not organisation.ownership_declarations.exists():
        OwnershipDeclaration.objects.create(
            organisation=organisation,
            beneficial_owners=f"{admin.full_name} (founder), 70%; Baltic Seed Fund I (Lithuania), 30%.",
            not_under_eu_restrictive_measures=True,
            not_controlled_from_restricted_countries=True,
            true_and_complete=True,
            declared_by=admin,
        )


def _authenticator(user: User) -> None:
    key = base64.b32decode(DEMO_TOTP_SECRET).hex()
    TOTPDevice.objects.update_or_create(user=user, name="Demo authenticator", defaults={"key": key, "confirmed": True})


def seed_organisations_and_people() -> dict[str, Organisation]:
    """Creates or refreshes the office, the demo organisations and their people; returns orgs by key."""
    password_hash = make_password(DEMO_PASSWORD)
    office = _office()
    staff = _user(
        "staff@example.org",
        DEMO_ACCOUNTS["staff@example.org"][1],
        "en",
        password_hash,
        is_staff=True,
        is_superuser=True,
    )
    _member(staff, office, MembershipRole.ADMIN)
    organisations = {"office": office}
    for record in load("organisations.json"):
        organisations[record["key"]] = _organisation(record, staff)
    for person in load("people.json"):
        user = _user(person["email"], person["full_name"], person["language"], password_hash)
        _member(user, organisations[person["organisation"]], person["role"])
    records = {record["key"]: record for record in load("organisations.json")}
    startups = [
        key
        for key, record in records.items()
        if record["kind"] == OrganisationKind.STARTUP and record["country"] != "UA"
    ]
    vetted = [key for key in startups if records[key]["vetting"] == VettingState.VETTED]
    pending = [key for key in startups if records[key]["vetting"] == VettingState.PENDING]
    ukrainian = [key for key, record in records.items() if record["kind"] in ("ua_unit", "ua_agency", "ua_company")]
    slots = {
        "@vetted-startup-1": vetted[0],
        "@vetted-startup-2": vetted[1],
        "@pending-startup": pending[0],
        "@ukrainian-1": ukrainian[0],
        "@ukrainian-2": ukrainian[1],
    }
    for email, (slot, full_name, language) in DEMO_ACCOUNTS.items():
        if slot == "office":
            continue
        user = _user(email, full_name, language, password_hash)
        _member(user, organisations[slots[slot]], MembershipRole.ADMIN)
        if slot == "@pending-startup":
            _evidence(organisations[slots[slot]], user)
    for email in SECOND_FACTOR_ACCOUNTS:
        _authenticator(User.objects.get(email=email))
    return organisations
