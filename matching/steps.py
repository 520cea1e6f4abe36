"""The steps after acceptance, offered as buttons on both match pages: which ones a state allows, and their services."""

from django.utils.translation import gettext_lazy as _

from . import services
from .models import MatchState

STEPS = {
    "start_pilot": (services.match_start_pilot, _("Start the pilot")),
    "contract": (services.match_record_contract, _("Record the contract")),
    "close": (services.match_close, _("Close the match")),
}
NEXT_STEPS = {
    MatchState.ACCEPTED: ("start_pilot",),
    MatchState.PILOTING: ("contract", "close"),
    MatchState.CONTRACTED: ("close",),
}


def steps_for(state: str) -> list[tuple[str, str]]:
    return [(name, STEPS[name][1]) for name in NEXT_STEPS.get(state, ())]


def take_step(name: str, *, match, by, note: str):
    return STEPS[name][0](match=match, by=by, note=note)
