"""Accounts and organisations: who people are, where they belong, and whether the office trusts them."""

import hashlib

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from ..countries import COUNTRIES
from ..registration_numbers import normalise
from ..uploads import private_storage, random_upload_name

COUNTRY_NAMES = dict(COUNTRIES)


class Language(models.TextChoices):
    """The language a text is written in, or a person reads, named in the reader's language."""

    EN = "en", _("English")
    UK = "uk", _("Ukrainian")


# A closed account keeps its row (the audit trail and match histories point at it) under these stand-ins.
CLOSED_ACCOUNT_NAME = "Former member"


def closed_account_email(pk: int) -> str:
    """The address a closed account gets: unique, and in a domain that can never receive mail."""
    return f"former-{pk}@invalid.example"


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields) -> "User":
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields) -> "User":
        fields.update(is_staff=True, is_superuser=True, email_confirmed_at=timezone.now())
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("e-mail"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150)
    preferred_language = models.CharField(_("preferred language"), max_length=2, choices=Language, default=Language.EN)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(
        _("Django admin access"), default=False, help_text=_("May log in to the Django admin.")
    )
    email_confirmed_at = models.DateTimeField(_("e-mail confirmed at"), null=True, blank=True)
    terms_accepted_at = models.DateTimeField(_("terms of use accepted at"), null=True, blank=True)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_case_insensitive_unique"),
            models.CheckConstraint(condition=Q(preferred_language__in=Language.values), name="user_language_valid"),
        ]

    def __str__(self) -> str:
        return str(self.display_name) or self.email

    @property
    def is_closed(self) -> bool:
        """Closed by its owner: deactivated and pseudonymised."""
        return not self.is_active and self.email == closed_account_email(self.pk)

    @property
    def display_name(self) -> str:
        """How pages name the person: a closed account as a former member, never by its stand-in name."""
        return _("a former member") if self.is_closed else self.full_name

    @cached_property
    def primary_membership(self) -> "Membership | None":
        return self.memberships.select_related("organisation").order_by("created_at", "pk").first()

    @property
    def organisation(self) -> "Organisation | None":
        membership = self.primary_membership
        return membership.organisation if membership else None

    @property
    def is_office_staff(self) -> bool:
        organisation = self.organisation
        return organisation is not None and organisation.kind == OrganisationKind.OFFICE

    @property
    def is_officer(self) -> bool:
        organisation = self.organisation
        return organisation is not None and organisation.is_ukrainian

    @property
    def is_startup_member(self) -> bool:
        organisation = self.organisation
        return organisation is not None and organisation.kind == OrganisationKind.STARTUP

    @property
    def is_organisation_admin(self) -> bool:
        membership = self.primary_membership
        return membership is not None and membership.role == MembershipRole.ADMIN


class OrganisationKind(models.TextChoices):
    STARTUP = "startup", _("Startup")
    UA_UNIT = "ua_unit", _("Ukrainian defence unit")
    UA_AGENCY = "ua_agency", _("Ukrainian state agency")
    UA_COMPANY = "ua_company", _("Ukrainian defence company")
    OFFICE = "office", _("Defence Innovation Office")


UKRAINIAN_KINDS = (OrganisationKind.UA_UNIT, OrganisationKind.UA_AGENCY, OrganisationKind.UA_COMPANY)


class VettingState(models.TextChoices):
    PENDING = "pending", _("Awaiting vetting")
    VETTED = "vetted", _("Vetted")
    REJECTED = "rejected", _("Rejected")
    SUSPENDED = "suspended", _("Suspended")


# Shown (once, on the field) to an applicant whose registration number, as folded, another company holds.
REGISTRATION_TAKEN = _(
    "A company with this registration number is already registered on the platform. If it is yours, ask its "
    "administrator to invite you, or write to the office."
)

ncage_validator = RegexValidator(
    r"^[A-Z0-9]{5}$", _("An NCAGE code is five capital letters or digits, for example D1234.")
)


class Organisation(models.Model):
    kind = models.CharField(_("kind"), max_length=16, choices=OrganisationKind)
    legal_name = models.CharField(_("legal name"), max_length=200)
    country = models.CharField(_("country"), max_length=2, choices=COUNTRIES)
    registration_number = models.CharField(_("registration number"), max_length=64, blank=True)
    # registration_numbers.normalise of the number, kept in step by save(); unique per country (see Meta).
    registration_key = models.CharField(max_length=255, blank=True, editable=False, db_index=True)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    ncage_code = models.CharField(_("NCAGE code"), max_length=5, blank=True, validators=[ncage_validator])
    logo = models.ImageField(_("logo"), upload_to=random_upload_name, storage=private_storage, blank=True)
    vetting_state = models.CharField(
        _("vetting state"), max_length=16, choices=VettingState, default=VettingState.PENDING
    )
    vetted_by = models.ForeignKey(
        User,
        verbose_name=_("vetted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    vetted_at = models.DateTimeField(_("vetting decided at"), null=True, blank=True)
    vetting_note = models.TextField(_("vetting note"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["legal_name"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=OrganisationKind.values), name="organisation_kind_valid"),
            models.CheckConstraint(
                condition=Q(vetting_state__in=VettingState.values), name="organisation_vetting_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(vetting_state=VettingState.PENDING) | Q(vetted_at__isnull=False),
                name="organisation_decision_has_time",
            ),
            models.UniqueConstraint(
                fields=["country", "registration_key"],
                condition=~Q(registration_key="") & ~Q(vetting_state=VettingState.REJECTED),
                name="organisation_registration_key_unique_per_country",
                violation_error_message=REGISTRATION_TAKEN,
            ),
            models.UniqueConstraint(
                fields=["kind"], condition=Q(kind=OrganisationKind.OFFICE), name="single_office_organisation"
            ),
        ]
        indexes = [models.Index(fields=["vetting_state", "kind"])]

    def get_country_display(self) -> str:
        """The country's name in the reader's language: one lookup, where Django's own display method
        hashes every choice, translating each (a catalogue page of 20 cards spent 30 ms there)."""
        return str(COUNTRY_NAMES.get(self.country, self.country))

    def __str__(self) -> str:
        return self.legal_name

    def save(self, *args, **kwargs) -> None:
        """Keeps `registration_key` in step with the number and the country, whoever writes the row."""
        self.registration_key = normalise(self.country, self.registration_number)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"country", "registration_number"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "registration_key"}
        super().save(*args, **kwargs)

    @property
    def is_ukrainian(self) -> bool:
        return self.kind in UKRAINIAN_KINDS


class VettingEvent(models.Model):
    """One change of an organisation's vetting state: who decided, from what, to what, and why."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="vetting_events")
    actor = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    from_state = models.CharField(max_length=16, choices=VettingState)
    to_state = models.CharField(max_length=16, choices=VettingState)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_state=models.F("to_state")) | ~Q(note=""), name="vetting_event_changes_something"
            ),
        ]


class MembershipRole(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    MEMBER = "member", _("Member")


class Membership(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=16, choices=MembershipRole, default=MembershipRole.MEMBER)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="one_membership_per_user_and_organisation"),
            models.CheckConstraint(condition=Q(role__in=MembershipRole.values), name="membership_role_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation}"


def hash_token(raw_token: str) -> str:
    """Tokens are stored only as their SHA-256: a database leak reveals no usable link or key."""
    return hashlib.sha256(raw_token.encode()).hexdigest()


class Invitation(models.Model):
    email = models.EmailField(_("e-mail"))
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    role = models.CharField(_("role"), max_length=16, choices=MembershipRole, default=MembershipRole.MEMBER)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("created_at")), name="invitation_expires_after_creation"
            ),
            models.CheckConstraint(
                condition=Q(accepted_at__isnull=True) | Q(revoked_at__isnull=True),
                name="invitation_not_both_accepted_and_revoked",
            ),
            models.UniqueConstraint(
                Lower("email"),
                "organisation",
                condition=Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="one_open_invitation_per_email_and_organisation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation}"

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > timezone.now()


class ApiToken(models.Model):
    """A personal API token: shown once, stored hashed, revocable, optionally expiring."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=12, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


# The evidence of vetting, the four-eyes rule and identity changes live in their own module.
from .vetting import (  # noqa: E402, F401  (re-exported; they build on the models above)
    IDENTITY_FIELDS,
    IdentityChange,
    IdentityChangeState,
    OwnershipDeclaration,
    ProposalState,
    RegistrationDocument,
    VettingProposal,
    display_value,
)
