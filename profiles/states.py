"""An organisation's vetting: pending → vetted | rejected; vetted ⇄ suspended. The vetting service,
the staff's vetting form and the API read this table. Suspension is reversible (the office reinstates
once the concern is cleared); rejection is final."""

from django.utils.translation import gettext_lazy as _

from innovation_office.transitions import Move, StateMachine

from .models import VettingState
from .permissions import may_vet

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
# Leaving good standing tells the organisation why.
NEEDS_A_REASON = frozenset({VettingState.REJECTED, VettingState.SUSPENDED})
