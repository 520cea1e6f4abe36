"""Organisations: vetting decisions, the four-eyes rule's proposals, and their events."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from innovation_office.refusals import forbidden
from innovation_office.tasks import SCORE_OFFER, SCORE_REQUEST, enqueue_on_commit
from innovation_office.transitions import IllegalTransition, Move

from ..models import (
    MembershipRole,
    Organisation,
    ProposalState,
    User,
    VettingEvent,
    VettingProposal,
)
from ..states import PROPOSAL_STATES, RATIONALE_MIN_LENGTH, VETTING_STATES, needs_a_second_staff_member
from .accounts import on_commit_email

VETTING_REFUSAL = _("Only office staff can vet organisations, and never the office itself.")


def check_rationale(note: str, *, field: str = "note") -> None:
    if len(note.strip()) < RATIONALE_MIN_LENGTH:
        raise ValidationError(
            {
                field: _("Write the reason for the decision, at least %(count)d characters: an auditor will read it.")
                % {"count": RATIONALE_MIN_LENGTH}
            }
        )


def vetting_move(*, organisation: Organisation, to_state: str, by: User) -> Move:
    """The move to `to_state`: refused (403) to anyone who may not vet, and (409) when the state forbids it."""
    if not VETTING_STATES.may_move(by, organisation):
        forbidden(VETTING_REFUSAL)
    move = VETTING_STATES.move_to(organisation.vetting_state, to_state)
    if not move.may(by, organisation):
        forbidden(VETTING_REFUSAL)
    return move


@transaction.atomic
def organisation_set_vetting(*, organisation: Organisation, to_state: str, note: str, by: User) -> Organisation:
    """A staff member's vetting decision, with its written rationale. Under the four-eyes rule a decision that
    grants standing (vet, reinstate) is only proposed, and waits for a second staff member; every other decision
    takes effect at once. Illegal moves change nothing."""
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    move = vetting_move(organisation=organisation, to_state=to_state, by=by)
    check_rationale(note)
    pending = organisation.vetting_proposals.filter(state=ProposalState.PENDING).first()
    if needs_a_second_staff_member(move):
        if pending is not None:
            raise IllegalTransition(_("A proposed decision already awaits a second staff member."))
        _propose(organisation=organisation, move=move, rationale=note, by=by)
        return organisation
    if pending is not None:
        _close(pending, state=ProposalState.SUPERSEDED, note=note, by=by)
    _apply(organisation=organisation, to_state=to_state, note=note, actor=by)
    return organisation


@transaction.atomic
def vetting_proposal_confirm(*, proposal: VettingProposal, note: str, by: User) -> Organisation:
    """A second staff member confirms a proposed decision, which then takes effect with the proposer's rationale."""
    proposal, organisation = _locked(proposal)
    PROPOSAL_STATES.authorise(
        "confirm", user=by, obj=proposal, refusal=_("A second staff member, not the proposer, confirms a decision.")
    )
    if organisation.vetting_state != proposal.from_state:
        raise IllegalTransition(_("The organisation's state changed since the proposal: propose again."))
    event = _apply(
        organisation=organisation, to_state=proposal.to_state, note=proposal.rationale, actor=by, proposal=proposal
    )
    _close(proposal, state=ProposalState.CONFIRMED, note=note.strip(), by=by, event=event)
    return organisation


@transaction.atomic
def vetting_proposal_decline(*, proposal: VettingProposal, note: str, by: User) -> VettingProposal:
    """A second staff member declines a proposed decision, saying why; the organisation's state stays as it was."""
    proposal, organisation = _locked(proposal)
    PROPOSAL_STATES.authorise(
        "decline", user=by, obj=proposal, refusal=_("A second staff member, not the proposer, declines a decision.")
    )
    check_rationale(note)
    _close(proposal, state=ProposalState.DECLINED, note=note.strip(), by=by)
    audit_record(
        "organisation.vetting_declined",
        actor=by,
        obj=organisation,
        detail={"proposal": proposal.pk, "to": proposal.to_state, "proposed_by": proposal.proposed_by_id},
    )
    return proposal


def _locked(proposal: VettingProposal) -> tuple[VettingProposal, Organisation]:
    # The organisation first, as organisation_set_vetting locks it: two decisions never cross.
    organisation = Organisation.objects.select_for_update().get(pk=proposal.organisation_id)
    proposal = VettingProposal.objects.select_for_update().get(pk=proposal.pk)
    proposal.organisation = organisation
    return proposal, organisation


def _propose(*, organisation: Organisation, move: Move, rationale: str, by: User) -> VettingProposal:
    proposal = VettingProposal.objects.create(
        organisation=organisation,
        from_state=organisation.vetting_state,
        to_state=move.target,
        rationale=rationale,
        proposed_by=by,
    )
    audit_record(
        "organisation.vetting_proposed",
        actor=by,
        obj=organisation,
        detail={"proposal": proposal.pk, "from": proposal.from_state, "to": proposal.to_state},
    )
    return proposal


def _close(proposal: VettingProposal, *, state: str, note: str, by: User, event: VettingEvent | None = None) -> None:
    proposal.state = state
    proposal.decided_by = by
    proposal.decided_at = timezone.now()
    proposal.decision_note = note
    proposal.event = event
    proposal.save(update_fields=["state", "decided_by", "decided_at", "decision_note", "event"])


def _apply(
    *, organisation: Organisation, to_state: str, note: str, actor: User, proposal: VettingProposal | None = None
) -> VettingEvent:
    """The decision takes effect: state, event, audit row, fresh scores and the organisation's admins told."""
    from_state = organisation.vetting_state
    organisation.vetting_state = to_state
    organisation.vetted_by = actor
    organisation.vetted_at = timezone.now()
    organisation.vetting_note = note
    organisation.save(update_fields=["vetting_state", "vetted_by", "vetted_at", "vetting_note"])
    event = VettingEvent.objects.create(
        organisation=organisation, actor=actor, from_state=from_state, to_state=to_state, note=note
    )
    detail = {"from": from_state, "to": to_state}
    if proposal is not None:
        detail |= {"proposal": proposal.pk, "proposed_by": proposal.proposed_by_id}
    audit_record("organisation.vetting", actor=actor, obj=organisation, detail=detail)
    # Offers and requests enter or leave matching with their organisation's standing: score them again.
    for offer_id in organisation.offers.values_list("pk", flat=True):
        enqueue_on_commit(SCORE_OFFER, offer_id)
    for request_id in organisation.capability_requests.values_list("pk", flat=True):
        enqueue_on_commit(SCORE_REQUEST, request_id)
    for member in organisation.memberships.filter(role=MembershipRole.ADMIN).select_related("user"):
        on_commit_email(
            template="vetting_decision",
            to=member.user.email,
            language=member.user.preferred_language,
            context={"organisation": organisation.legal_name, "state": to_state, "note": note},
        )
    return event
