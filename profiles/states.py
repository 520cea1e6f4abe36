"""An organisation's vetting: pending → vetted | rejected; vetted ⇄ suspended. The vetting service,
the staff's vetting form and the API read this table. Suspension is reversible (the office reinstates
once the concern is cleared); rejection is final.

The four-eyes rule: the moves that grant standing (vet, reinstate) are proposed by one staff member and
take effect when a different one confirms; the moves that take standing away (reject, suspend) apply at
once, since acting on a concern must not wait and a wrong one can be undone (reinstate) with two pairs of eyes."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from innovation_office.transitions import Move, StateMachine

from .models import ProposalState, VettingState
from .permissions import may_confirm_vetting, may_vet

VETTING_STATES = StateMachine(
    states=VettingState,
    initial=VettingState.PENDING,
    field="vetting_state",
    moves=[
        Move("vet", (VettingState.PENDING,), VettingState.VETTED, may_vet, _("Vet")),
        Move("reject", (VettingState.PENDING,), VettingState.REJECTED, may_vet, _("Reject")),
        Move("suspend", (VettingState.VETTED,), VettingState.SUSPENDED, may_vet, _("Suspend")),
        Move("reinstate", (VettingState.SUSPENDED,), VettingState.VETTED, may_vet, _("Reinstate")),
    ],
)
# Every decision is explained in writing: the organisation reads it, and an auditor can.
RATIONALE_MIN_LENGTH = 10
# The moves that grant standing: under the four-eyes rule a second staff member confirms them.
GRANTS_STANDING = frozenset({"vet", "reinstate"})


def needs_a_second_staff_member(move: Move) -> bool:
    return settings.VETTING_FOUR_EYES and move.name in GRANTS_STANDING


def _may_supersede(user, proposal) -> bool:
    return may_vet(user, proposal.organisation)


# A proposal under the four-eyes rule: another staff member confirms or declines it; a decision that takes
# standing away (reject, suspend) supersedes it.
PROPOSAL_STATES = StateMachine(
    states=ProposalState,
    initial=ProposalState.PENDING,
    moves=[
        Move("confirm", (ProposalState.PENDING,), ProposalState.CONFIRMED, may_confirm_vetting, _("Confirm")),
        Move("decline", (ProposalState.PENDING,), ProposalState.DECLINED, may_confirm_vetting, _("Decline")),
        Move("supersede", (ProposalState.PENDING,), ProposalState.SUPERSEDED, _may_supersede),
    ],
)
