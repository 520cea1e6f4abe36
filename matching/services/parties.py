"""The parties' side of a match: their answers to a proposal and the steps after it (pilot, contract, close,
which staff may record too). What they do together between those steps is in together.py and pilots.py."""

from django.db import transaction
from django.utils import timezone

from profiles.models import User

from .. import states
from ..models import Match, MatchAction, MatchState
from ..permissions import side_of
from .timeline import audience, locked, record_event, state_change, tell, tell_parties, tell_staff, touch


@transaction.atomic
def match_accept(*, match: Match, by: User, message: str = "") -> Match:
    """One side says yes. The first yes is a half-acceptance that leaves the match proposed; the second
    moves it to accepted, and from then on each side may see the other (states.py explains why)."""
    match = locked(match)
    states.check("accept", match=match, by=by)
    side = side_of(by, match)
    now = timezone.now()
    answer = {f"{side}_accepted_at": now, f"{side}_accepted_by": by}
    if match.startup_accepted_at or match.officer_accepted_at:
        event = state_change(
            match,
            to_state=MatchState.ACCEPTED,
            action=MatchAction.ACCEPT,
            by=by,
            note=message,
            accepted_at=now,
            **answer,
        )
        tell(match, event, audience(match))
        return match
    match.save(update_fields=touch(match, **answer))
    event = record_event(match, action=MatchAction.ACCEPT, by=by, from_state=match.state, note=message)
    tell_parties(match, event, by=by)
    return match


@transaction.atomic
def match_decline(*, match: Match, by: User, message: str = "") -> Match:
    """Either side says no: the match ends for both, and staff are told why."""
    match = locked(match)
    states.check("decline", match=match, by=by)
    event = state_change(match, to_state=MatchState.DECLINED, action=MatchAction.DECLINE, by=by, note=message)
    tell_parties(match, event, by=by)
    tell_staff(match, event)
    return match


def _after_introduction(name: str, *, match: Match, by: User, note: str) -> Match:
    match = locked(match)
    move = states.check(name, match=match, by=by)
    event = state_change(match, to_state=move.target, action=name, by=by, note=note)
    tell_parties(match, event, by=by)
    return match


@transaction.atomic
def match_start_pilot(*, match: Match, by: User, note: str = "") -> Match:
    return _after_introduction("start_pilot", match=match, by=by, note=note)


@transaction.atomic
def match_record_contract(*, match: Match, by: User, note: str = "") -> Match:
    return _after_introduction("contract", match=match, by=by, note=note)


@transaction.atomic
def match_close(*, match: Match, by: User, note: str = "") -> Match:
    return _after_introduction("close", match=match, by=by, note=note)
