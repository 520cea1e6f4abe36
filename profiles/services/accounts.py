"""Accounts: a startup registering, confirming its e-mail, passwords, language and the second factor."""

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.services import audit_record
from innovation_office.refusals import forbidden

from ..emails import send_account_email
from ..login_limits import second_factor_wait_until
from ..models import (
    CLOSED_ACCOUNT_NAME,
    ApiToken,
    Invitation,
    Membership,
    MembershipRole,
    Organisation,
    OrganisationKind,
    User,
    closed_account_email,
)
from ..permissions import account_close_refusal
from ..personal_data import personal_data_erase, personal_data_of
from .evidence import check_declaration, check_registration_documents, ownership_declare, registration_documents_save
from .identity import registration_number_check, registration_number_guard
from .tokens import api_tokens_revoke_all

EMAIL_CONFIRMATION_SALT = "profiles.email-confirmation"


def on_commit_email(*, template: str, to: str, language: str, context: dict) -> None:
    transaction.on_commit(lambda: send_account_email(template=template, to=to, language=language, context=context))


def ensure_email_free(email: str) -> None:
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
    documents: list,
    beneficial_owners: str,
    confirmations: dict[str, bool],
    accepts_terms: bool,
    ncage_code: str = "",
) -> User | None:
    """A startup signs itself up with its evidence for vetting: a pending organisation, its registration
    documents and ownership declaration, and its first administrator. Every refusal is given at once.
    Whether an address already has an account is never told to whoever typed it: for such an address
    nothing is created, its owner is e-mailed a note instead, and the caller answers exactly as for a new
    account (None here)."""
    email = email.strip().lower()
    organisation = Organisation(
        kind=OrganisationKind.STARTUP,
        legal_name=legal_name,
        country=country,
        registration_number=registration_number,
        website=website,
        description=description,
        ncage_code=ncage_code.strip().upper(),
    )
    user = User(email=email, full_name=full_name, preferred_language=language, terms_accepted_at=timezone.now())

    def check_terms():
        if not accepts_terms:
            raise ValidationError({"accepts_terms": _("Accept the terms of use to register.")})

    def check_registration_number():
        organisation.registration_key = registration_number_check(country=country, number=registration_number)

    errors: dict[str, list] = {}
    checks = (
        check_terms,
        check_registration_number,
        # The key's uniqueness is checked above, with its message on the field; the constraint's own message
        # is not shown a second time.
        lambda: organisation.full_clean(exclude=["registration_key"]),
        lambda: validate_password(password, user),
        lambda: check_registration_documents(documents),
        lambda: check_declaration(beneficial_owners=beneficial_owners, confirmations=confirmations),
    )
    for check in checks:
        try:
            check()
        except ValidationError as error:
            for field, messages in _by_field(error).items():
                errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    # Hashed on both paths, so the time the answer takes does not tell either.
    user.set_password(password)
    existing = User.objects.filter(email__iexact=email).first()
    if existing is None:
        try:
            with transaction.atomic():
                user.save()
        except IntegrityError:  # the same address registered a moment ago
            existing = User.objects.filter(email__iexact=email).first()
            if existing is None:
                raise
    if existing is not None:
        on_commit_email(
            template="registration_attempt",
            to=existing.email,
            language=existing.preferred_language,
            context={"full_name": existing.full_name},
        )
        return None
    with registration_number_guard():
        organisation.save()
    Membership.objects.create(user=user, organisation=organisation, role=MembershipRole.ADMIN)
    registration_documents_save(organisation=organisation, uploads=documents, by=user)
    ownership_declare(
        organisation=organisation, beneficial_owners=beneficial_owners, confirmations=confirmations, by=user
    )
    audit_record("organisation.registered", actor=user, obj=organisation)
    email_confirmation_send(user=user)
    return user


def _by_field(error: ValidationError) -> dict[str, list]:
    # A password refusal names no field: it belongs beside the password.
    if hasattr(error, "error_dict"):
        return {field: list(ValidationError(messages).messages) for field, messages in error.error_dict.items()}
    return {"password1": error.messages}


def email_confirmation_token(user: User) -> str:
    return signing.dumps({"user": user.pk, "email": user.email}, salt=EMAIL_CONFIRMATION_SALT)


def email_confirmation_send(*, user: User) -> None:
    link = reverse("profiles:confirm_email", args=[email_confirmation_token(user)])
    on_commit_email(
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


@transaction.atomic
def personal_data_export(*, user: User) -> dict:
    """Everything the platform holds about the user, for their own download; the download is recorded."""
    if not (user.is_authenticated and user.is_active):
        forbidden(_("This account is not active."))
    data = {"exported_at": timezone.now(), **personal_data_of(user)}
    audit_record("account.data_exported", actor=user, obj=user, organisation_id=_organisation_id(user))
    return data


@transaction.atomic
def account_close(*, user: User, by: User) -> None:
    """The user closes their own account. It is deactivated and its personal fields pseudonymised; its
    second factor, API tokens, memberships and notifications go. The audit trail keeps the e-mail address
    as it was (the office's duty to account for who did what) and match histories keep their steps, which
    pages then attribute to a former member. The organisation's administrators and office staff are told."""
    if by.pk != user.pk:
        forbidden(_("Only the account's owner closes it here."))
    user = User.objects.select_for_update().get(pk=user.pk)
    refusal = account_close_refusal(user) if user.is_active else _("This account is not active.")
    if refusal:
        forbidden(refusal)
    memberships = list(user.memberships.select_related("organisation"))
    told = _people_to_tell_of_closure(user, [membership.organisation for membership in memberships])
    context = {
        "full_name": user.full_name,
        "email": user.email,
        "organisations": [membership.organisation.legal_name for membership in memberships],
    }
    devices, _deleted = TOTPDevice.objects.filter(user=user).delete()
    tokens, _deleted = ApiToken.objects.filter(user=user).delete()
    audit_record(
        "account.closed",
        actor=user,
        obj=user,
        organisation_id=_organisation_id(user),
        detail={
            "memberships": [{"organisation": m.organisation_id, "role": m.role} for m in memberships],
            "second_factor_devices": devices,
            "api_tokens": tokens,
        },
    )
    pseudonym = closed_account_email(user.pk)
    Invitation.objects.filter(accepted_by=user).update(email=pseudonym)
    user.memberships.all().delete()
    personal_data_erase(user)
    user.full_name = CLOSED_ACCOUNT_NAME
    user.email = pseudonym
    user.is_active = False
    user.set_unusable_password()
    user.save(update_fields=["full_name", "email", "is_active", "password"])
    for person in told:
        on_commit_email(template="account_closed", to=person.email, language=person.preferred_language, context=context)


def _organisation_id(user: User) -> int | None:
    organisation = user.organisation
    return organisation.pk if organisation else None


def _people_to_tell_of_closure(user: User, organisations: list[Organisation]) -> list[User]:
    """The other active administrators of the user's organisations, and the office's staff."""
    admins = User.objects.filter(
        is_active=True,
        memberships__organisation__in=organisations,
        memberships__role=MembershipRole.ADMIN,
    )
    staff = User.objects.filter(is_active=True, memberships__organisation__kind=OrganisationKind.OFFICE)
    return list((admins | staff).exclude(pk=user.pk).distinct().order_by("pk"))


def totp_device_verify(*, user: User, token: str) -> TOTPDevice:
    """Proves the second factor at log-in. A few wrong codes in a row do not delay the right one; after them
    the page says how long to wait (profiles/login_limits.py), which is a different answer from a wrong code."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).order_by("pk").first()
        wait_until = device and second_factor_wait_until(
            device.throttling_failure_count, device.throttling_failure_timestamp
        )
        # The wrong code's count is kept: the refusal is raised once the count is committed.
        verified = device is not None and not wait_until and device.verify_token(token)
    if wait_until:
        raise ValidationError(
            {
                "token": _("Too many wrong codes in a row. Wait until %(time)s, then enter the current code.")
                % {"time": time_format(timezone.localtime(wait_until), "H:i:s")}
            }
        )
    if not verified:
        raise ValidationError(
            {"token": _("That code is not right. Check that the app shows the code of this account and try again.")}
        )
    return device
