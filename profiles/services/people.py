"""People of an organisation: invitations issued, used and revoked, and members removed."""

import secrets
from datetime import datetime

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from innovation_office.refusals import forbidden

from ..models import (
    Invitation,
    Membership,
    MembershipRole,
    Organisation,
    User,
    hash_token,
)
from ..permissions import may_manage_people_of
from .accounts import ensure_email_free, on_commit_email


@transaction.atomic
def invitation_create(
    *, organisation: Organisation, email: str, role: str = MembershipRole.MEMBER, by: User, language: str = "uk"
) -> tuple[Invitation, str]:
    """Invites a person into an organisation; returns the invitation and the one-time raw token."""
    if not may_manage_people_of(by, organisation):
        forbidden(_("You cannot invite people into this organisation."))
    email = email.strip().lower()
    ensure_email_free(email)
    now = timezone.now()
    Invitation.objects.filter(
        email__iexact=email, organisation=organisation, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=now)
    raw_token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        email=email,
        organisation=organisation,
        role=role,
        token_hash=hash_token(raw_token),
        invited_by=by,
        created_at=now,
        expires_at=now + settings.INVITATION_TTL,
    )
    on_commit_email(
        template="invitation",
        to=email,
        language=language,
        context={
            "organisation": organisation.legal_name,
            "inviter": by.full_name,
            "link": reverse("profiles:accept_invitation", args=[raw_token]),
            "expires_at": invitation.expires_at,
        },
    )
    audit_record("invitation.issued", actor=by, obj=invitation, detail={"email": email, "role": role})
    return invitation, raw_token


def invitation_check(raw_token: str, *, for_update: bool = False) -> Invitation:
    """The open invitation behind a raw token, or ValidationError saying why the link is dead."""
    invitations = Invitation.objects.select_related("organisation")
    if for_update:
        invitations = invitations.select_for_update(of=("self",))
    invitation = invitations.filter(token_hash=hash_token(raw_token)).first()
    if invitation is None or invitation.revoked_at is not None:
        raise ValidationError(_("This invitation link is not valid."))
    if invitation.accepted_at is not None:
        raise ValidationError(_("This invitation has already been used. Log in instead."))
    if invitation.expires_at <= timezone.now():
        raise ValidationError(_("This invitation has expired. Ask the person who invited you for a new one."))
    return invitation


@transaction.atomic
def invitation_accept(*, raw_token: str, full_name: str, password: str, language: str, accepts_terms: bool) -> User:
    """Turns an invitation into an account and a membership, once the terms of use are accepted; the link then
    stops working."""
    if not accepts_terms:
        raise ValidationError({"accepts_terms": _("Accept the terms of use to register.")})
    invitation = invitation_check(raw_token, for_update=True)
    ensure_email_free(invitation.email)
    user = User(
        email=invitation.email,
        full_name=full_name,
        preferred_language=language,
        email_confirmed_at=timezone.now(),
        terms_accepted_at=timezone.now(),
    )
    validate_password(password, user)
    user.set_password(password)
    user.save()
    Membership.objects.create(user=user, organisation=invitation.organisation, role=invitation.role)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    audit_record("invitation.used", actor=user, obj=invitation, detail={"email": invitation.email})
    return user


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, by: User) -> None:
    if not may_manage_people_of(by, invitation.organisation):
        forbidden(_("You cannot manage this organisation's invitations."))
    if Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    ):
        audit_record("invitation.revoked", actor=by, obj=invitation, detail={"email": invitation.email})


def invitations_purge_expired(*, older_than: datetime) -> int:
    """Deletes invitations that expired before `older_than` without being accepted."""
    deleted, _ = Invitation.objects.filter(accepted_at__isnull=True, expires_at__lt=older_than).delete()
    return deleted


@transaction.atomic
def membership_remove(*, membership: Membership, by: User) -> None:
    """An organisation admin (or staff) removes a member; the last admin cannot be removed."""
    membership = Membership.objects.select_for_update().select_related("organisation").get(pk=membership.pk)
    if not (may_manage_people_of(by, membership.organisation)):
        forbidden(_("You cannot manage this organisation's members."))
    if membership.role == MembershipRole.ADMIN:
        admins = Membership.objects.select_for_update().filter(
            organisation=membership.organisation, role=MembershipRole.ADMIN
        )
        if admins.count() <= 1:
            raise ValidationError(_("An organisation needs at least one administrator."))
    audit_record(
        "member.removed",
        actor=by,
        obj=membership.organisation,
        detail={"email": membership.user.email, "role": membership.role},
    )
    membership.delete()
