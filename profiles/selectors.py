"""Reads of accounts and organisations, each already scoped to the user asking."""

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from audit.models import AuditEntry
from audit.selectors import audit_entries
from innovation_office.refusals import not_found

from .models import (
    UKRAINIAN_KINDS,
    ApiToken,
    IdentityChange,
    IdentityChangeState,
    Invitation,
    Membership,
    MembershipRole,
    Organisation,
    OrganisationKind,
    OwnershipDeclaration,
    ProposalState,
    RegistrationDocument,
    User,
    VettingEvent,
    VettingProposal,
)
from .permissions import in_good_standing_q, is_staff, may_read_registration_documents, reads_own_records
from .registration_numbers import normalise


def organisations_visible_to(user: User) -> QuerySet[Organisation]:
    """Staff see every organisation; everyone else sees their own."""
    if is_staff(user):
        return Organisation.objects.all()
    return Organisation.objects.filter(memberships__user=user)


def organisations_for_staff_list(
    user: User, *, vetting_state: str = "", kind: str = "", query: str = ""
) -> QuerySet[Organisation]:
    awaiting = VettingProposal.objects.filter(organisation=OuterRef("pk"), state=ProposalState.PENDING)
    organisations = organisations_visible_to(user).annotate(
        member_count=Count("memberships"), awaits_confirmation=Exists(awaiting)
    )
    if vetting_state:
        organisations = organisations.filter(vetting_state=vetting_state)
    if kind:
        organisations = organisations.filter(kind=kind)
    if query:
        organisations = organisations.filter(Q(legal_name__icontains=query) | Q(registration_number__icontains=query))
    return organisations.exclude(kind=OrganisationKind.OFFICE).order_by("-created_at", "pk")


def organisation_get(user: User, pk: int) -> Organisation:
    organisation = organisations_visible_to(user).filter(pk=pk).first()
    if organisation is None:
        not_found()
    return organisation


def ukrainian_organisations_for_invitation(user: User) -> QuerySet[Organisation]:
    return organisations_visible_to(user).filter(kind__in=UKRAINIAN_KINDS).order_by("legal_name")


def managed_organisation(user: User) -> Organisation:
    """The organisation the user administers, or 404 when they administer none."""
    membership = user.primary_membership
    if membership is None or membership.role != MembershipRole.ADMIN:
        not_found()
    return membership.organisation


def members_of(organisation: Organisation) -> QuerySet[Membership]:
    return organisation.memberships.select_related("user").order_by("user__full_name", "pk")


def vetting_events_of(organisation: Organisation) -> QuerySet[VettingEvent]:
    """An organisation's vetting history, newest first, for the staff page that already checked its reader;
    a decision confirmed under the four-eyes rule carries its proposal (who proposed, when, who confirmed)."""
    return organisation.vetting_events.select_related("actor", "proposal__proposed_by")


def vetting_proposals_of(organisation: Organisation) -> tuple[VettingProposal | None, list[VettingProposal]]:
    """From one query: the proposal awaiting its second staff member, if any, and the proposals that never
    took effect (declined, superseded), which the history shows beside the decisions."""
    proposals = list(
        organisation.vetting_proposals.exclude(state=ProposalState.CONFIRMED).select_related(
            "proposed_by", "decided_by", "organisation"
        )
    )
    pending = next((proposal for proposal in proposals if proposal.state == ProposalState.PENDING), None)
    return pending, [proposal for proposal in proposals if proposal.state != ProposalState.PENDING]


def vetting_proposal_get(user: User, pk: int) -> VettingProposal:
    """A vetting proposal, for staff only (the organisation does not see proposals), else 404."""
    proposals = VettingProposal.objects.select_related("organisation", "proposed_by")
    proposal = proposals.filter(pk=pk).first() if is_staff(user) else None
    if proposal is None:
        not_found()
    return proposal


def registration_documents_of(organisation: Organisation) -> QuerySet[RegistrationDocument]:
    return organisation.registration_documents.select_related("uploaded_by").order_by("uploaded_at", "pk")


def registration_document_get(user: User, pk: int) -> RegistrationDocument:
    """A registration document for staff and for the members of its own organisation; 404 for anyone else."""
    document = RegistrationDocument.objects.select_related("organisation").filter(pk=pk).first()
    if (
        document is None
        or not user.is_authenticated
        or not may_read_registration_documents(user, document.organisation)
    ):
        not_found()
    return document


def own_startup(user: User) -> Organisation:
    """The startup the user belongs to (whatever its standing: its members read its own records), else 404."""
    organisation = user.organisation if reads_own_records(user) else None
    if organisation is None or organisation.kind != OrganisationKind.STARTUP:
        not_found()
    return organisation


def latest_declaration_of(organisation: Organisation) -> OwnershipDeclaration | None:
    return organisation.ownership_declarations.select_related("declared_by").first()


def draft_offers_of(organisation: Organisation) -> QuerySet:
    """The applicant's offers (drafts and any other), for the staff who vet it: what the company will sell."""
    return organisation.offers.order_by("-updated_at", "-pk")


def open_invitations_of(organisation: Organisation) -> QuerySet[Invitation]:
    return organisation.invitations.filter(accepted_at__isnull=True, revoked_at__isnull=True).order_by("-created_at")


def managed_membership_get(user: User, pk: int) -> Membership:
    """A membership of the organisation the user administers (staff: any), else 404."""
    memberships = Membership.objects.select_related("organisation", "user")
    if not is_staff(user):
        memberships = memberships.filter(organisation=managed_organisation(user))
    membership = memberships.filter(pk=pk).first()
    if membership is None:
        not_found()
    return membership


def managed_invitation_get(user: User, pk: int) -> Invitation:
    invitations = Invitation.objects.select_related("organisation")
    if not is_staff(user):
        invitations = invitations.filter(organisation=managed_organisation(user))
    invitation = invitations.filter(pk=pk).first()
    if invitation is None:
        not_found()
    return invitation


def api_tokens_of(user: User) -> QuerySet[ApiToken]:
    """The user's own personal API tokens, live ones first; nobody, staff included, lists another's."""
    return ApiToken.objects.filter(user=user).order_by(F("revoked_at").desc(nulls_first=True), "-created_at", "-pk")


def api_token_get(user: User, pk: int) -> ApiToken:
    token = api_tokens_of(user).filter(pk=pk).first()
    if token is None:
        not_found()
    return token


def office_staff() -> list[User]:
    """The active members of the office: the curators the pipeline tells about candidates and declines."""
    return list(User.objects.filter(is_active=True, memberships__organisation__kind=OrganisationKind.OFFICE).distinct())


def members_in_good_standing(organisation_id: int) -> list[User]:
    """The active members of an organisation while it is in good standing, to be told of its matches;
    nobody once the office suspended or rejected it."""
    return list(
        User.objects.filter(
            in_good_standing_q("memberships__organisation__"),
            is_active=True,
            memberships__organisation_id=organisation_id,
        )
        .distinct()
        .order_by("pk")
    )


def audit_trail_for(user: User, **filters) -> QuerySet[AuditEntry]:
    """The audit trail, newest first, filtered (see `audit.selectors.audit_entries`); staff only."""
    if not is_staff(user):
        return AuditEntry.objects.none()
    return audit_entries(**filters).select_related("actor")


# Identity: possible duplicates and changes awaiting the office -------------------------------------


def _name_key(legal_name: str) -> str:
    return " ".join(legal_name.split()).casefold()


def possible_duplicates_of(user: User, organisation: Organisation) -> list[Organisation]:
    """Staff only: the other organisations (rejected ones included) whose registration number folds to the
    same key in any country, or whose legal name is the same but for case and spacing. Each carries
    `duplicate_reasons` ("registration number", "legal name")."""
    if not is_staff(user):
        return []
    key = organisation.registration_key or normalise(organisation.country, organisation.registration_number)
    first_word = organisation.legal_name.split()[0] if organisation.legal_name.split() else ""
    same = Q(legal_name__icontains=first_word) if first_word else Q(pk__in=[])
    if key:
        # Rows whose key was left empty (look-alikes that predate the key) are folded here instead.
        same |= Q(registration_key=key) | Q(registration_key="", registration_number__gt="")
    candidates = Organisation.objects.filter(same).exclude(pk=organisation.pk).exclude(kind=OrganisationKind.OFFICE)
    duplicates = []
    for other in candidates.order_by("legal_name", "pk"):
        reasons = []
        if key and (other.registration_key or normalise(other.country, other.registration_number)) == key:
            reasons.append(_("registration number"))
        if first_word and _name_key(other.legal_name) == _name_key(organisation.legal_name):
            reasons.append(_("legal name"))
        if reasons:
            other.duplicate_reasons = reasons
            duplicates.append(other)
    return duplicates


def pending_identity_change_of(organisation: Organisation) -> IdentityChange | None:
    """The change of identity awaiting the office, for a reader who already may see the organisation."""
    return (
        organisation.identity_changes.filter(state=IdentityChangeState.PENDING).select_related("requested_by").first()
    )


def identity_changes_of(user: User, organisation: Organisation) -> QuerySet[IdentityChange]:
    """Staff only: an organisation's changes of identity, newest first."""
    if not is_staff(user):
        return IdentityChange.objects.none()
    return organisation.identity_changes.select_related("requested_by", "decided_by", "organisation")


def identity_changes_for_staff(user: User, *, state: str = IdentityChangeState.PENDING) -> QuerySet[IdentityChange]:
    """Staff only: changes of identity in one state (by default those awaiting a decision), oldest first."""
    if not is_staff(user):
        return IdentityChange.objects.none()
    changes = IdentityChange.objects.select_related("organisation", "requested_by", "decided_by")
    if state:
        changes = changes.filter(state=state)
    return changes.order_by("created_at", "pk")


def identity_change_get(user: User, pk: int) -> IdentityChange:
    change = identity_changes_for_staff(user, state="").filter(pk=pk).first()
    if change is None:
        not_found()
    return change
