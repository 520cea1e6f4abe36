"""One shape for every state change in the API: `POST /api/v1/<things>/<id>/<move>/`, one endpoint per
move of the app's state machine, made from its `states.py` so that the API offers exactly its moves."""

from collections.abc import Callable

from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action

from innovation_office.transitions import Move, StateMachine


def add_move_endpoints(
    viewset: type,
    machine: StateMachine,
    *,
    make: Callable,
    noun: str,
    response: type,
    body_of: Callable[[Move], type | None] = lambda move: None,
) -> None:
    """Adds to `viewset` an endpoint per move; `make(view, request, pk, move)` performs one and answers."""
    for move in machine.moves.values():
        setattr(viewset, move.name, _endpoint(move, make, noun, response, body_of(move)))


def _endpoint(move: Move, make: Callable, noun: str, response: type, body: type | None):
    def make_move(self, request, pk: int):
        return make(self, request, pk, move)

    make_move.__name__ = move.name
    sources = ", ".join(move.sources)
    summary = f"Move {noun} from {sources} to {move.target}: {move.name.replace('_', ' ')}"
    endpoint = action(detail=True, methods=["post"], url_path=move.name)(make_move)
    return extend_schema(summary=summary, request=body, responses=response)(endpoint)
