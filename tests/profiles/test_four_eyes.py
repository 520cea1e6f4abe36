"""The four-eyes rule: a decision that grants standing is proposed by one staff member and takes effect only
when another confirms it; decisions that take standing away apply at once; every decision is explained."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from audit.models import AuditEntry
from innovation_office.transitions import IllegalTransition
from profiles.models import ProposalState, VettingEvent, VettingProposal, VettingState
from profiles.services import organisation_set_vetting, vetting_proposal_confirm, vetting_proposal_decline
from tests.test_health_and_deploy import SECURE_ENV, _manage

pytestmark = pytest.mark.django_db
RATIONALE = "Register extract matches; owners declared and screened."


@pytest.fixture
def four_eyes(settings):
    settings.VETTING_FOUR_EYES = True


def _propose(organisation, by, to_state=VettingState.VETTED):
    organisation_set_vetting(organisation=organisation, to_state=to_state, note=RATIONALE, by=by)
    return VettingProposal.objects.get(organisation=organisation, state=ProposalState.PENDING)


def test_vetting_is_only_proposed_and_the_organisation_stays_pending(four_eyes, staff, pending_startup):
    # when
    proposal = _propose(pending_startup, staff)

    # then
    pending_startup.refresh_from_db()
    assert pending_startup.vetting_state == VettingState.PENDING
    assert (proposal.proposed_by, proposal.rationale, proposal.to_state) == (staff, RATIONALE, VettingState.VETTED)
    assert not VettingEvent.objects.exists()
    assert AuditEntry.objects.filter(action="organisation.vetting_proposed", actor=staff).exists()


def test_another_staff_member_confirms_and_the_decision_takes_effect(
    four_eyes, staff, staff_b, pending_startup, pending_admin, mailoutbox, django_capture_on_commit_callbacks
):
    # given
    proposal = _propose(pending_startup, staff)

    # when
    with django_capture_on_commit_callbacks(execute=True):
        vetting_proposal_confirm(proposal=proposal, note="Agree.", by=staff_b)

    # then
    pending_startup.refresh_from_db()
    proposal.refresh_from_db()
    assert pending_startup.vetting_state == VettingState.VETTED
    assert (pending_startup.vetted_by, pending_startup.vetting_note) == (staff_b, RATIONALE)
    assert (proposal.state, proposal.decided_by, proposal.decision_note) == (ProposalState.CONFIRMED, staff_b, "Agree.")
    assert proposal.event.actor == staff_b and proposal.event.to_state == VettingState.VETTED
    entry = AuditEntry.objects.get(action="organisation.vetting")
    assert entry.actor == staff_b and entry.detail["proposed_by"] == staff.pk
    assert mailoutbox[0].to == [pending_admin.email]


def test_the_proposer_cannot_confirm_their_own_proposal(four_eyes, staff, pending_startup):
    # given
    proposal = _propose(pending_startup, staff)

    # when
    with pytest.raises(PermissionDenied):
        vetting_proposal_confirm(proposal=proposal, note="", by=staff)

    # then
    pending_startup.refresh_from_db()
    assert pending_startup.vetting_state == VettingState.PENDING
    assert VettingProposal.objects.get().state == ProposalState.PENDING


def test_the_database_refuses_a_confirmation_by_the_proposer(four_eyes, staff, pending_startup):
    proposal = _propose(pending_startup, staff)
    proposal.state, proposal.decided_by, proposal.decided_at = ProposalState.CONFIRMED, staff, timezone.now()

    with pytest.raises(IntegrityError), transaction.atomic():
        proposal.save()


def test_a_second_staff_member_declines_with_a_reason(four_eyes, staff, staff_b, pending_startup):
    # given
    proposal = _propose(pending_startup, staff)

    # when: no reason is refused, a reason is accepted
    with pytest.raises(ValidationError):
        vetting_proposal_decline(proposal=proposal, note="no", by=staff_b)
    vetting_proposal_decline(proposal=proposal, note="The register extract is two years old.", by=staff_b)

    # then
    pending_startup.refresh_from_db()
    proposal.refresh_from_db()
    assert pending_startup.vetting_state == VettingState.PENDING
    assert (proposal.state, proposal.decided_by) == (ProposalState.DECLINED, staff_b)
    assert AuditEntry.objects.filter(action="organisation.vetting_declined", actor=staff_b).exists()
    # and a new proposal may follow
    assert _propose(pending_startup, staff).pk != proposal.pk


def test_the_proposer_cannot_decline_their_own_proposal_either(four_eyes, staff, pending_startup):
    proposal = _propose(pending_startup, staff)

    with pytest.raises(PermissionDenied):
        vetting_proposal_decline(proposal=proposal, note="Changed my mind about it.", by=staff)


def test_a_decided_proposal_cannot_be_confirmed_again(four_eyes, staff, staff_b, office, pending_startup):
    # given
    proposal = _propose(pending_startup, staff)
    vetting_proposal_decline(proposal=proposal, note="The register extract is stale.", by=staff_b)

    # when / then
    with pytest.raises(IllegalTransition):
        vetting_proposal_confirm(proposal=proposal, note="", by=staff_b)


def test_a_second_proposal_waits_for_the_first(four_eyes, staff, staff_b, pending_startup):
    _propose(pending_startup, staff)

    with pytest.raises(IllegalTransition):
        organisation_set_vetting(organisation=pending_startup, to_state=VettingState.VETTED, note=RATIONALE, by=staff_b)


def test_reinstatement_also_needs_a_second_staff_member(four_eyes, staff, staff_b, startup_a):
    # given
    organisation_set_vetting(organisation=startup_a, to_state=VettingState.SUSPENDED, note=RATIONALE, by=staff)

    # when
    proposal = _propose(startup_a, staff, to_state=VettingState.VETTED)
    startup_a.refresh_from_db()
    state_while_proposed = startup_a.vetting_state
    vetting_proposal_confirm(proposal=proposal, note="", by=staff_b)

    # then
    startup_a.refresh_from_db()
    assert state_while_proposed == VettingState.SUSPENDED
    assert startup_a.vetting_state == VettingState.VETTED


@pytest.mark.parametrize(
    ("from_state", "to_state"),
    [(VettingState.VETTED, VettingState.SUSPENDED), (VettingState.PENDING, VettingState.REJECTED)],
)
def test_decisions_that_take_standing_away_apply_at_once(four_eyes, staff, pending_startup, from_state, to_state):
    # given
    pending_startup.vetting_state = from_state
    pending_startup.vetted_at = None if from_state == VettingState.PENDING else timezone.now()
    pending_startup.save()

    # when
    organisation_set_vetting(organisation=pending_startup, to_state=to_state, note=RATIONALE, by=staff)

    # then
    pending_startup.refresh_from_db()
    assert pending_startup.vetting_state == to_state
    assert not VettingProposal.objects.exists()


def test_a_rejection_supersedes_a_pending_proposal(four_eyes, staff, staff_b, pending_startup):
    # given
    proposal = _propose(pending_startup, staff)

    # when
    organisation_set_vetting(
        organisation=pending_startup, to_state=VettingState.REJECTED, note="Owner is on the EU list.", by=staff_b
    )

    # then
    proposal.refresh_from_db()
    pending_startup.refresh_from_db()
    assert pending_startup.vetting_state == VettingState.REJECTED
    assert proposal.state == ProposalState.SUPERSEDED
    with pytest.raises(IllegalTransition):
        vetting_proposal_confirm(proposal=proposal, note="", by=staff_b)


def test_with_the_rule_off_vetting_applies_at_once(settings, staff, pending_startup):
    # given
    settings.VETTING_FOUR_EYES = False

    # when
    organisation_set_vetting(organisation=pending_startup, to_state=VettingState.VETTED, note=RATIONALE, by=staff)

    # then
    pending_startup.refresh_from_db()
    assert pending_startup.vetting_state == VettingState.VETTED
    assert not VettingProposal.objects.exists()


@pytest.mark.parametrize("rule", [True, False])
@pytest.mark.parametrize("to_state", [VettingState.VETTED, VettingState.REJECTED])
def test_every_decision_needs_a_written_rationale(settings, staff, pending_startup, rule, to_state):
    # given
    settings.VETTING_FOUR_EYES = rule

    # when
    with pytest.raises(ValidationError) as refused:
        organisation_set_vetting(organisation=pending_startup, to_state=to_state, note="  ok   ", by=staff)

    # then
    assert "note" in refused.value.message_dict
    pending_startup.refresh_from_db()
    assert pending_startup.vetting_state == VettingState.PENDING
    assert not VettingProposal.objects.exists() and not VettingEvent.objects.exists()


@pytest.mark.parametrize(("value", "expected"), [(None, "True"), ("false", "False")])
def test_production_turns_the_rule_on_unless_told_otherwise(monkeypatch, value, expected):
    # given
    monkeypatch.delenv("VETTING_FOUR_EYES", raising=False)
    env = {**SECURE_ENV, **({"VETTING_FOUR_EYES": value} if value else {})}
    show = "from django.conf import settings; print(settings.VETTING_FOUR_EYES)"

    # when
    result = _manage("shell", "-c", show, env=env)

    # then
    assert result.stdout.strip().splitlines()[-1] == expected, result.stderr
