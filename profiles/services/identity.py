"""Who an organisation is: its registration number kept unique as folded, and changes of identity (legal
name, registration number, country, kind) of an organisation that has passed vetting, asked by its
administrator and applied only once the office approves."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from innovation_office.refusals import forbidden
from innovation_office.tasks import SCORE_OFFER, SCORE_REQUEST, enqueue_on_commit
from innovation_office.transitions import IllegalTransition

from ..countries import COUNTRIES
from ..emails import send_account_email
from ..models import (
    IDENTITY_FIELDS,
    REGISTRATION_TAKEN,
    IdentityChange,
    IdentityChangeState,
    MembershipRole,
    Organisation,
    OrganisationKind,
    User,
    VettingEvent,
    VettingState,
    display_value,
)
from ..permissions import in_good_standing, may_decide_identity_change, may_request_identity_change
from ..registration_numbers import normalise

REGISTRATION_CONSTRAINT = "organisation_registration_key_unique_per_country"
REGISTRATION_KEY_MAX = Organisation._meta.get_field("registration_key").max_length


# Registration numbers -------------------------------------------------------------------------------


def registration_number_check(*, country: str, number: str, exclude_pk: int | None = None) -> str:
    """The number's key; ValidationError on the field when another organisation that is not rejected
    already holds that key in that country."""
    key = normalise(country, number)
    if len(key) > REGISTRATION_KEY_MAX:
        raise ValidationError({"registration_number": _("Enter the number as the business register shows it.")})
    if not key:
        return key
    holders = Organisation.objects.filter(country=country, registration_key=key).exclude(
        vetting_state=VettingState.REJECTED
    )
    if exclude_pk is not None:
        holders = holders.exclude(pk=exclude_pk)
    if holders.exists():
        raise ValidationError({"registration_number": REGISTRATION_TAKEN})
    return key


def _is_registration_clash(error: IntegrityError) -> bool:
    diagnostics = getattr(error.__cause__, "diag", None)
    if diagnostics is not None and getattr(diagnostics, "constraint_name", None):
        return diagnostics.constraint_name == REGISTRATION_CONSTRAINT
    text = str(error)
    return REGISTRATION_CONSTRAINT in text or "registration_key" in text  # SQLite names the columns


@contextmanager
def registration_number_guard() -> Iterator[None]:
    """Around the write of an organisation: a clash of registration numbers that slipped past the check (two
    applicants at once) becomes the applicant's message on the field, not a server error."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError as error:
        if not _is_registration_clash(error):
            raise
        raise ValidationError({"registration_number": REGISTRATION_TAKEN}) from error


# Identity changes -----------------------------------------------------------------------------------


def _clean_proposal(organisation: Organisation, fields: dict) -> dict:
    """The proposed values, checked as the profile form checks them; ValidationError by field."""
    cleaned, errors = {}, {}
    for name, value in fields.items():
        value = (value or "").strip() if name in ("legal_name", "registration_number") else value
        if name == "legal_name" and not value:
            errors[name] = _("Enter the legal name.")
        elif name == "country" and value not in dict(COUNTRIES):
            errors[name] = _("Choose a country from the list.")
        elif name == "kind" and (value not in OrganisationKind.values or value == OrganisationKind.OFFICE):
            errors[name] = _("Choose a kind of organisation from the list.")
        elif name == "registration_number" and not value and organisation.kind == OrganisationKind.STARTUP:
            errors[name] = _("Enter the company registration number.")
        cleaned[name] = value
    if errors:
        raise ValidationError(errors)
    return cleaned


def _withdraw(change: IdentityChange, *, by: User, why: str) -> None:
    change.state = IdentityChangeState.WITHDRAWN
    change.decided_by = by
    change.decided_at = timezone.now()
    change.rationale = why
    change.save(update_fields=["state", "decided_by", "decided_at", "rationale"])
    audit_record(
        "organisation.identity_change",
        actor=by,
        obj=change.organisation,
        detail={"event": "withdrawn", "change": change.pk, "why": why},
    )


@transaction.atomic
def identity_change_request(*, organisation: Organisation, by: User, **fields: str) -> IdentityChange | None:
    """Asks the office to change an organisation's identity. `fields` are the identity fields being set;
    fields left out keep what a pending request proposed. The result holds only what differs from the
    organisation now: a new request replaces the pending one (recorded as withdrawn), and a request that
    changes nothing any more withdraws it. Returns the pending change, or None when none is left."""
    unknown = set(fields) - set(IDENTITY_FIELDS)
    if unknown:
        raise TypeError(f"Not identity fields: {sorted(unknown)}")
    if not may_request_identity_change(by, organisation):
        forbidden(_("Only an administrator of the organisation can change who it is."))
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    pending = IdentityChange.objects.select_for_update().filter(
        organisation=organisation, state=IdentityChangeState.PENDING
    )
    pending = pending.first()
    proposal = {**(pending.proposed() if pending else {}), **_clean_proposal(organisation, fields)}
    proposal = {name: value for name, value in proposal.items() if value != getattr(organisation, name)}
    if "registration_number" in proposal or "country" in proposal:
        registration_number_check(
            country=proposal.get("country", organisation.country),
            number=proposal.get("registration_number", organisation.registration_number),
            exclude_pk=organisation.pk,
        )
    if pending is not None and pending.proposed() == proposal:
        return pending
    if pending is not None:
        why = _("Replaced by a newer request.") if proposal else _("Withdrawn: the profile keeps its identity.")
        _withdraw(pending, by=by, why=why)
    if not proposal:
        return None
    change = IdentityChange.objects.create(
        organisation=organisation,
        requested_by=by,
        previous={name: getattr(organisation, name) for name in proposal},
        **proposal,
    )
    audit_record(
        "organisation.identity_change",
        actor=by,
        obj=organisation,
        detail={"event": "requested", "change": change.pk, "to": proposal, "from": change.previous},
    )
    return change


def _decision_start(change: IdentityChange, *, by: User, rationale: str) -> IdentityChange:
    change = IdentityChange.objects.select_for_update().select_related("organisation").get(pk=change.pk)
    if not may_decide_identity_change(by, change):
        forbidden(_("Only office staff decide changes of an organisation's identity."))
    if change.state != IdentityChangeState.PENDING:
        raise IllegalTransition(_("This change has already been decided."))
    if not rationale.strip():
        raise ValidationError({"rationale": _("Give the reason: the organisation will read it.")})
    return change


def _decided(change: IdentityChange, state: str, *, by: User, rationale: str) -> None:
    change.state = state
    change.decided_by = by
    change.decided_at = timezone.now()
    change.rationale = rationale
    change.save(update_fields=["state", "decided_by", "decided_at", "rationale"])


def identity_change_summary(change: IdentityChange, before: dict) -> str:
    """ "legal name A → B; country Germany → Austria": what the change does, as the vetting history says it."""
    return "; ".join(
        f"{label} {display_value(name, before.get(name, ''))} → {display_value(name, value)}"
        for name, value, label in (
            (name, value, IdentityChange._meta.get_field(name).verbose_name)
            for name, value in change.proposed().items()
        )
    )


@transaction.atomic
def identity_change_approve(*, change: IdentityChange, by: User, rationale: str) -> Organisation:
    """Staff approve a pending change: it is applied (the registration key folded again and checked against
    the other organisations), recorded as a vetting event that keeps the state, audited, and the
    organisation's administrators are told."""
    change = _decision_start(change, by=by, rationale=rationale)
    organisation = Organisation.objects.select_for_update().get(pk=change.organisation_id)
    proposal = change.proposed()
    before = {name: getattr(organisation, name) for name in proposal}
    registration_number_check(
        country=proposal.get("country", organisation.country),
        number=proposal.get("registration_number", organisation.registration_number),
        exclude_pk=organisation.pk,
    )
    for name, value in proposal.items():
        setattr(organisation, name, value)
    with registration_number_guard():
        organisation.save(update_fields=list(proposal))
    _decided(change, IdentityChangeState.APPROVED, by=by, rationale=rationale)
    summary = identity_change_summary(change, before)
    VettingEvent.objects.create(
        organisation=organisation,
        actor=by,
        from_state=organisation.vetting_state,
        to_state=organisation.vetting_state,
        note=_("Identity change: %(summary)s.") % {"summary": summary} + "\n" + rationale,
    )
    audit_record(
        "organisation.identity_change",
        actor=by,
        obj=organisation,
        detail={"event": "approved", "change": change.pk, "from": before, "to": proposal},
    )
    # The startup's country and name travel with its offers into matching: score them again.
    for offer_id in organisation.offers.values_list("pk", flat=True):
        enqueue_on_commit(SCORE_OFFER, offer_id)
    for request_id in organisation.capability_requests.values_list("pk", flat=True):
        enqueue_on_commit(SCORE_REQUEST, request_id)
    _tell_admins(change, organisation, summary=summary)
    return organisation


@transaction.atomic
def identity_change_decline(*, change: IdentityChange, by: User, rationale: str) -> IdentityChange:
    """Staff decline a pending change: nothing about the organisation changes; its administrators are told why."""
    change = _decision_start(change, by=by, rationale=rationale)
    _decided(change, IdentityChangeState.DECLINED, by=by, rationale=rationale)
    audit_record(
        "organisation.identity_change",
        actor=by,
        obj=change.organisation,
        detail={"event": "declined", "change": change.pk, "to": change.proposed()},
    )
    summary = identity_change_summary(change, change.previous)
    _tell_admins(change, change.organisation, summary=summary)
    return change


def _tell_admins(change: IdentityChange, organisation: Organisation, *, summary: str) -> None:
    """E-mails the decision to the organisation's administrators, while it is in good standing (a suspended
    organisation's members are sent nothing)."""
    if not in_good_standing(organisation):
        return
    admins = organisation.memberships.filter(role=MembershipRole.ADMIN, user__is_active=True).select_related("user")
    for membership in admins:
        user = membership.user
        context = {
            "organisation": organisation.legal_name,
            "approved": change.state == IdentityChangeState.APPROVED,
            "summary": summary,
            "rationale": change.rationale,
        }
        transaction.on_commit(
            lambda user=user, context=context: send_account_email(
                template="identity_change_decision", to=user.email, language=user.preferred_language, context=context
            )
        )
