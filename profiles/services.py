"""Every write to accounts and organisations: each checks its actor and records what happened."""

import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from innovation_office.refusals import forbidden
from innovation_office.tasks import SCORE_OFFER, SCORE_REQUEST, enqueue_on_commit

from .emails import send_account_email
from .models import (
    ApiToken,
    Invitation,
    Membership,
    MembershipRole,
    Organisation,
    OrganisationKind,
    User,
    VettingEvent,
    hash_token,
)
from .permissions import may_manage_people_of
from .states import NEEDS_A_REASON, VETTING_STATES

EMAIL_CONFIRMATION_SALT = "profiles.email-confirmation"


def _on_commit_email(*, template: str, to: str, language: str, context: dict) -> None:
    transaction.on_commit(lambda: send_account_email(template=template, to=to, language=language, context=context))


def _ensure_email_free(email: str) -> None:
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("An account with this e-mail address already exists.")})


@transaction.atomic
def startup_register(
    *,
    legal_name: str,
    country: str,
    registration_number: str,
    website: str,
    description: str,
    full_name: str,
    email: str,
    password: str,
    language: str,
) -> User:
    """A startup signs itself up: a pending organisation and its first administrator."""
    email = email.strip().lower()
    _ensure_email_free(email)
    organisation = Organisation(
        kind=OrganisationKind.STARTUP,
        legal_name=legal_name,
        country=country,
        registration_number=registration_number,
        website=website,
        description=description,
    )
    organisation.full_clean()
    organisation.save()
    user = User(email=email, full_name=full_name, preferred_language=language)
    validate_password(password, user)
    user.set_password(password)
    user.save()
    Membership.objects.create(user=user, organisation=organisation, role=MembershipRole.ADMIN)
    email_confirmation_send(user=user)
    return user


def email_confirmation_token(user: User) -> str:
    return signing.dumps({"user": user.pk, "email": user.email}, salt=EMAIL_CONFIRMATION_SALT)


def email_confirmation_send(*, user: User) -> None:
    link = reverse("profiles:confirm_email", args=[email_confirmation_token(user)])
    _on_commit_email(
        template="confirm_email",
        to=user.email,
        language=user.preferred_language,
        context={"full_name": user.full_name, "link": link},
    )


@transaction.atomic
def email_confirm(*, token: str) -> User:
    """Marks the address confirmed; raises ValidationError for a forged, stale or outdated link."""
    try:
        payload = signing.loads(token, salt=EMAIL_CONFIRMATION_SALT, max_age=settings.EMAIL_CONFIRMATION_MAX_AGE)
    except signing.SignatureExpired as error:
        raise ValidationError(_("This confirmation link has expired. Ask for a new one.")) from error
    except signing.BadSignature as error:
        raise ValidationError(_("This confirmation link is not valid.")) from error
    user = User.objects.select_for_update().filter(pk=payload.get("user"), email=payload.get("email")).first()
    if user is None:
        raise ValidationError(_("This confirmation link is not valid."))
    if user.email_confirmed_at is None:
        user.email_confirmed_at = timezone.now()
        user.save(update_fields=["email_confirmed_at"])
    return user


@transaction.atomic
def user_password_set(*, user: User, password: str) -> int:
    """Sets a new password and revokes the user's live API tokens, which a leaked old password may have
    minted; returns how many were revoked."""
    user.set_password(password)
    user.save(update_fields=["password"])
    return api_tokens_revoke_all(user=user)


def user_set_language(*, user: User, language: str) -> None:
    if language != user.preferred_language:
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])


@transaction.atomic
def organisation_set_vetting(*, organisation: Organisation, to_state: str, note: str, by: User) -> Organisation:
    """Moves an organisation along the vetting states; illegal moves change nothing."""
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    from_state = organisation.vetting_state
    refusal = _("Only office staff can vet organisations, and never the office itself.")
    if not VETTING_STATES.may_move(by, organisation):
        forbidden(refusal)
    if not VETTING_STATES.move_to(from_state, to_state).may(by, organisation):
        forbidden(refusal)
    if to_state in NEEDS_A_REASON and not note.strip():
        raise ValidationError({"note": _("Give the reason: the organisation will read it.")})
    organisation.vetting_state = to_state
    organisation.vetted_by = by
    organisation.vetted_at = timezone.now()
    organisation.vetting_note = note
    organisation.save(update_fields=["vetting_state", "vetted_by", "vetted_at", "vetting_note"])
    VettingEvent.objects.create(
        organisation=organisation, actor=by, from_state=from_state, to_state=to_state, note=note
    )
    # Offers and requests enter or leave matching with their organisation's standing: score them again.
    for offer_id in organisation.offers.values_list("pk", flat=True):
        enqueue_on_commit(SCORE_OFFER, offer_id)
    for request_id in organisation.capability_requests.values_list("pk", flat=True):
        enqueue_on_commit(SCORE_REQUEST, request_id)
    for member in organisation.memberships.filter(role=MembershipRole.ADMIN).select_related("user"):
        _on_commit_email(
            template="vetting_decision",
            to=member.user.email,
            language=member.user.preferred_language,
            context={"organisation": organisation.legal_name, "state": to_state, "note": note},
        )
    return organisation


@transaction.atomic
def invitation_create(
    *, organisation: Organisation, email: str, role: str = MembershipRole.MEMBER, by: User, language: str = "uk"
) -> tuple[Invitation, str]:
    """Invites a person into an organisation; returns the invitation and the one-time raw token."""
    if not may_manage_people_of(by, organisation):
        forbidden(_("You cannot invite people into this organisation."))
    email = email.strip().lower()
    _ensure_email_free(email)
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
    _on_commit_email(
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
def invitation_accept(*, raw_token: str, full_name: str, password: str, language: str) -> User:
    """Turns an invitation into an account and a membership; the link then stops working."""
    invitation = invitation_check(raw_token, for_update=True)
    _ensure_email_free(invitation.email)
    user = User(
        email=invitation.email,
        full_name=full_name,
        preferred_language=language,
        email_confirmed_at=timezone.now(),
    )
    validate_password(password, user)
    user.set_password(password)
    user.save()
    Membership.objects.create(user=user, organisation=invitation.organisation, role=invitation.role)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return user


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, by: User) -> None:
    if not may_manage_people_of(by, invitation.organisation):
        forbidden(_("You cannot manage this organisation's invitations."))
    Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True).update(revoked_at=timezone.now())


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
    membership.delete()


def totp_device_start(*, user: User) -> TOTPDevice:
    """The unconfirmed authenticator being enrolled: reused until confirmed, so the QR code stays put."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=_("Authenticator app"), confirmed=False)


@transaction.atomic
def totp_device_confirm(*, user: User, token: str) -> TOTPDevice:
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).order_by("pk").first()
    if device is None or not device.verify_token(token):
        raise ValidationError(
            {"token": _("That code is not right. Check the clock of your phone and try the current code.")}
        )
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return device


API_TOKEN_PREFIX = "dio_"


@transaction.atomic
def api_token_create(*, user: User, name: str, expires_at: datetime | None = None) -> tuple[ApiToken, str]:
    """Issues a personal API token; the raw value is returned once and never stored."""
    if not user.is_active:
        raise ValidationError(_("This account is not active."))
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError({"expires_at": _("The expiry must be in the future.")})
    raw = API_TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name, prefix=raw[: len(API_TOKEN_PREFIX) + 6], token_hash=hash_token(raw), expires_at=expires_at
    )
    return token, raw


@transaction.atomic
def api_token_revoke(*, token: ApiToken, by: User) -> None:
    if token.user_id != by.pk:
        forbidden(_("You can only revoke your own tokens."))
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())


def api_tokens_revoke_all(*, user: User) -> int:
    """Revokes every live token of a user whose password changed; returns how many."""
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())


# A token's last use is written at most this often: an integration polling every second costs no write each time.
API_TOKEN_TOUCH_INTERVAL = timedelta(minutes=1)


def api_token_authenticate(*, raw_token: str) -> ApiToken | None:
    """The live token behind a raw value (looked up by its hash), with its user; None when it is unknown,
    revoked, expired or its user inactive. Records the use, at most once a minute."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=hash_token(raw_token), revoked_at__isnull=True)
        .first()
    )
    now = timezone.now()
    if token is None or not token.user.is_active or (token.expires_at is not None and token.expires_at <= now):
        return None
    if token.last_used_at is None or token.last_used_at <= now - API_TOKEN_TOUCH_INTERVAL:
        stale = Q(last_used_at__isnull=True) | Q(last_used_at__lte=now - API_TOKEN_TOUCH_INTERVAL)
        ApiToken.objects.filter(stale, pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
