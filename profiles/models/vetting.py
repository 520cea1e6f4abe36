"""The evidence of vetting (registration documents, the ownership declaration), the four-eyes rule's proposals,
and changes of identity of a vetted organisation."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..countries import COUNTRIES
from . import Organisation, OrganisationKind, User, VettingEvent, VettingState, private_storage, random_upload_name

# Vetting evidence and the four-eyes rule ---------------------------------------------------------------


class RegistrationDocument(models.Model):
    """A document the startup gave as evidence of its registration (e.g. a register extract): a PDF kept in
    private storage, read only by staff and the organisation's own members."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="registration_documents")
    file = models.FileField(_("document (PDF)"), upload_to=random_upload_name, storage=private_storage)
    original_name = models.CharField(_("file name"), max_length=200)
    uploaded_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        verbose_name = _("registration document")
        verbose_name_plural = _("registration documents")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class OwnershipDeclaration(models.Model):
    """The applicant's own word on who owns and controls the company and on sanctions, with its time; a new
    declaration is added, never written over, so staff read what was declared when they decided."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="ownership_declarations")
    beneficial_owners = models.TextField(_("beneficial owners"))
    not_under_eu_restrictive_measures = models.BooleanField(default=False)
    not_controlled_from_restricted_countries = models.BooleanField(default=False)
    true_and_complete = models.BooleanField(default=False)
    declared_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    declared_at = models.DateTimeField(_("declared"), default=timezone.now)

    class Meta:
        verbose_name = _("ownership and sanctions declaration")
        verbose_name_plural = _("ownership and sanctions declarations")
        ordering = ["-declared_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(not_under_eu_restrictive_measures=True)
                & Q(not_controlled_from_restricted_countries=True)
                & Q(true_and_complete=True),
                name="declaration_confirms_everything",
            ),
            models.CheckConstraint(condition=~Q(beneficial_owners=""), name="declaration_names_owners"),
        ]


class ProposalState(models.TextChoices):
    PENDING = "pending", _("Awaiting a second staff member")
    CONFIRMED = "confirmed", _("Confirmed")
    DECLINED = "declined", _("Declined")
    SUPERSEDED = "superseded", _("Superseded by another decision")


class VettingProposal(models.Model):
    """A decision that grants standing (vet, reinstate), proposed by one staff member and applied only when a
    different one confirms it: the four-eyes rule."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="vetting_proposals")
    from_state = models.CharField(max_length=16, choices=VettingState)
    to_state = models.CharField(max_length=16, choices=VettingState)
    rationale = models.TextField(_("rationale"))
    proposed_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    proposed_at = models.DateTimeField(default=timezone.now)
    state = models.CharField(max_length=16, choices=ProposalState, default=ProposalState.PENDING)
    decided_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)
    event = models.OneToOneField(
        VettingEvent, null=True, blank=True, on_delete=models.SET_NULL, related_name="proposal"
    )

    class Meta:
        verbose_name = _("vetting proposal")
        verbose_name_plural = _("vetting proposals")
        ordering = ["-proposed_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(state__in=ProposalState.values), name="vetting_proposal_state_valid"),
            models.UniqueConstraint(
                fields=["organisation"],
                condition=Q(state=ProposalState.PENDING),
                name="one_pending_vetting_proposal_per_organisation",
            ),
            models.CheckConstraint(
                condition=Q(state=ProposalState.PENDING) | Q(decided_at__isnull=False),
                name="vetting_proposal_decision_has_time",
            ),
            # The database itself refuses a confirmation by the proposer: the second pair of eyes is real.
            models.CheckConstraint(
                condition=~Q(state=ProposalState.CONFIRMED) | ~Q(decided_by=models.F("proposed_by")),
                name="vetting_proposal_confirmed_by_another",
            ),
        ]

    @property
    def is_pending(self) -> bool:
        return self.state == ProposalState.PENDING


class IdentityChangeState(models.TextChoices):
    PENDING = "pending", _("Awaiting the office")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn or replaced")


# Who an organisation is: once it has passed vetting, these change only through an approved IdentityChange.
IDENTITY_FIELDS = ("legal_name", "registration_number", "country", "kind")


class IdentityChange(models.Model):
    """A change of a vetted (or suspended) organisation's identity, asked by its administrator (or staff),
    applied only once the office approves. Only the fields that change are set; None keeps the value."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="identity_changes")
    requested_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    legal_name = models.CharField(_("legal name"), max_length=200, null=True, blank=True)
    registration_number = models.CharField(_("registration number"), max_length=64, null=True, blank=True)
    country = models.CharField(_("country"), max_length=2, choices=COUNTRIES, null=True, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=OrganisationKind, null=True, blank=True)
    previous = models.JSONField(default=dict, blank=True)  # the changed fields' values when asked
    state = models.CharField(
        _("state"), max_length=16, choices=IdentityChangeState, default=IdentityChangeState.PENDING
    )
    decided_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    rationale = models.TextField(_("rationale"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("identity change")
        verbose_name_plural = _("identity changes")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"],
                condition=Q(state=IdentityChangeState.PENDING),
                name="one_pending_identity_change_per_organisation",
            ),
            models.CheckConstraint(
                condition=Q(state__in=IdentityChangeState.values), name="identity_change_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(state=IdentityChangeState.PENDING) | Q(decided_at__isnull=False),
                name="identity_change_decision_has_time",
            ),
            models.CheckConstraint(
                condition=Q(legal_name__isnull=False)
                | Q(registration_number__isnull=False)
                | Q(country__isnull=False)
                | Q(kind__isnull=False),
                name="identity_change_changes_something",
            ),
        ]

    def proposed(self) -> dict[str, str]:
        """The fields this change sets, by name, with their new values."""
        return {name: getattr(self, name) for name in IDENTITY_FIELDS if getattr(self, name) is not None}

    def field_labels(self) -> list:
        return [Organisation._meta.get_field(name).verbose_name for name in self.proposed()]

    def rows(self) -> list[tuple]:
        """(label, value before, value proposed) for each changed field, values as people read them."""
        current = {name: self.previous.get(name, getattr(self.organisation, name)) for name in self.proposed()}
        return [
            (
                Organisation._meta.get_field(name).verbose_name,
                display_value(name, current[name]),
                display_value(name, value),
            )
            for name, value in self.proposed().items()
        ]


def display_value(field: str, value: str) -> str:
    """A field's value as shown to people: a country's or kind's name, "—" for nothing."""
    choices = dict(Organisation._meta.get_field(field).choices or ())
    return str(choices.get(value, value)) if value else "—"
