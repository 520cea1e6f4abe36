"""The one shape of every state machine: an app's `states.py` lists its moves as data, and services,
buttons, the API and dashboards read them from there.

A move has a name, the states it starts from, the state it leads to and who may make it (a predicate
of the app's `permissions.py`, taking the user and the object). A move the state forbids raises
`IllegalTransition`, which pages show as a message and the API answers with 409."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from .refusals import forbidden


class IllegalTransition(ValidationError):
    """The object is not in a state that allows the action; it is a ValidationError, so pages show its message."""


@dataclass(frozen=True)
class Move:
    name: str
    sources: tuple[str, ...]
    target: str
    who: Callable[..., bool]
    label: str = ""

    def may(self, user, obj) -> bool:
        return self.who(user, obj)


class StateMachine:
    """The states of one model and the moves between them."""

    def __init__(self, *, states: type[models.TextChoices], initial: str, moves: Iterable[Move], field: str = "state"):
        self.states = states
        self.field = field
        self.initial = initial
        self.moves = {move.name: move for move in moves}

    def __getitem__(self, name: str) -> Move:
        return self.moves[name]

    def move_to(self, state: str, target: str) -> Move:
        """The move from `state` to `target`, for requests that name the state they want."""
        for move in self.moves_from(state):
            if move.target == target:
                return move
        raise self._refusal(state, target)

    def moves_from(self, state: str) -> list[Move]:
        return [move for move in self.moves.values() if state in move.sources]

    def moves_for(self, user, obj) -> list[Move]:
        """The moves the object's state allows and the user may make: what a page offers as buttons."""
        return [move for move in self.moves_from(getattr(obj, self.field)) if move.may(user, obj)]

    def targets_from(self, state: str) -> frozenset[str]:
        return frozenset(move.target for move in self.moves_from(state))

    def final_states(self) -> frozenset[str]:
        return frozenset(state for state in self.states.values if not self.moves_from(state))

    def reachable(self) -> frozenset[str]:
        seen, frontier = {self.initial}, [self.initial]
        while frontier:
            for target in self.targets_from(frontier.pop()):
                if target not in seen:
                    seen.add(target)
                    frontier.append(target)
        return frozenset(seen)

    def may_move(self, user, obj) -> bool:
        """Whether the user may make any of the machine's moves on the object, whatever its state."""
        return any(move.may(user, obj) for move in self.moves.values())

    def authorise(self, name: str, *, user, obj, refusal: str) -> Move:
        """The move, refused as every service refuses: first to a user who may not make it (403, with
        `refusal`), then because the object's state forbids it (409)."""
        move = self.moves[name]
        if not move.may(user, obj):
            forbidden(refusal)
        return self.check(name, getattr(obj, self.field))

    def check(self, name: str, state: str) -> Move:
        """The move, if the state allows it; otherwise the refusal every service gives."""
        move = self.moves[name]
        if state not in move.sources:
            raise self._refusal(state, move.target)
        return move

    def _refusal(self, state: str, target: str) -> IllegalTransition:
        labels = {"from": self.states(state).label, "to": self.states(target).label}
        return IllegalTransition(_("“%(from)s” cannot become “%(to)s”.") % labels)
