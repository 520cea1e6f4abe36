"""The life of a capability request: draft → open → fulfilled | closed | cancelled. Services, the
request page's buttons and the API's `transition` endpoint all read this table."""

from django.utils.translation import gettext_lazy as _

from innovation_office.transitions import Move, StateMachine

from .models import RequestState
from .permissions import may_manage

REQUEST_STATES = StateMachine(
    states=RequestState,
    initial=RequestState.DRAFT,
    moves=[
        Move("open", (RequestState.DRAFT,), RequestState.OPEN, may_manage, _("Open the request")),
        Move("fulfil", (RequestState.OPEN,), RequestState.FULFILLED, may_manage, _("Mark fulfilled")),
        Move("close", (RequestState.OPEN,), RequestState.CLOSED, may_manage, _("Close")),
        Move(
            "cancel",
            (RequestState.DRAFT, RequestState.OPEN),
            RequestState.CANCELLED,
            may_manage,
            _("Cancel the request"),
        ),
    ],
)
# A request's text may change until it ends; an ended one is a record.
EDITABLE_STATES = frozenset({RequestState.DRAFT, RequestState.OPEN})
FINAL_STATES = REQUEST_STATES.final_states()
