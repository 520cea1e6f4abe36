"""The life of a match as data: its states, the moves between them, who may make each move and the
label of its button. Services check every move here; the staff page, the party page, the API and the
dashboard read it; nothing else decides which move a match allows.

    suggested → shortlisted → proposed → accepted → piloting → contracted → closed
    suggested, shortlisted → dismissed (staff);  proposed, accepted → declined (either party)

Accepting needs both parties. The `accept` move leads to `accepted`, but a party's yes is recorded as a
half-acceptance (its `*_accepted_at`, an event whose target is still `proposed`) until the other side has
said yes too; only the second yes changes the state. A party that has already said yes has no `accept`
move left. Proposing and accepting also need the pair to be live: the request still open, the offer still
published, and both organisations in good standing; otherwise the move is refused like any move the
state forbids (409). The same rule answers a party's pull (services.pulls).

After the introduction, starting the pilot and recording the contract need both organisations in good
standing, whoever makes the move: nobody pilots with, or contracts, a suspended or rejected organisation
(409). Closing stays open to staff and to a party in good standing, so that a match whose other side lost
its standing can still be wound down.

After the introduction the parties work together (models/together.py). The pilot starts only once both sides
confirmed a pilot plan and, for a controlled item, the startup recorded a licence it holds, valid when the
pilot starts (or staff overrode the checkpoint with a written reason). When the pilot's last day has passed or
either side ended it, the officer reports against the plan's criteria; contract and close come after that
report (staff may still close a pilot without one, to wind it down). A meeting is proposed with two or three
times, confirmed when the other side picks one, and may be cancelled or moved with a reason."""

from django.core.exceptions import ObjectDoesNotExist
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from innovation_office.refusals import forbidden
from innovation_office.transitions import IllegalTransition, Move, StateMachine
from needs.models import CapabilityRequest, RequestState
from offers.models import ExportControl, Offer, OfferState
from profiles.models import User
from profiles.permissions import in_good_standing, is_staff

from . import permissions
from .models import LicenceStatus, Match, MatchState, Meeting, MeetingState

# Named groups of states --------------------------------------------------------------------------------

# Pairs staff are still deciding on: the queue.
CURATABLE = (MatchState.SUGGESTED, MatchState.SHORTLISTED)
# Pairs a party's pull (interest, a request for an introduction) is recorded on: those staff are deciding on,
# and those they dismissed, which the parties were never told of and must not learn of by a refusal.
TAKES_PULLS = (*CURATABLE, MatchState.DISMISSED)
# Both parties said yes: from here on each may see the other, while both are in good standing
# (permissions.may_see_counterpart).
REVEALED = (MatchState.ACCEPTED, MatchState.PILOTING, MatchState.CONTRACTED, MatchState.CLOSED)
# Put in front of the two parties: what they see of matching.
PROPOSED_OR_LATER = (MatchState.PROPOSED, *REVEALED, MatchState.DECLINED)
# After the pilot: a report given before these moves, or (before reports had criteria) field feedback after them.
PILOT_ENDED = (MatchState.CONTRACTED, MatchState.CLOSED)
# The parties work together in the match's conversation, meetings and plan while it is in one of these states.
WORKING = (MatchState.ACCEPTED, MatchState.PILOTING, MatchState.CONTRACTED)
# Set aside: no answer to a request.
SET_ASIDE = (MatchState.DISMISSED, MatchState.DECLINED)
# The dashboard's funnel: the order in which a match moves on, the exits last.
FUNNEL_ORDER = (
    MatchState.SUGGESTED,
    MatchState.SHORTLISTED,
    MatchState.PROPOSED,
    MatchState.ACCEPTED,
    MatchState.PILOTING,
    MatchState.CONTRACTED,
    MatchState.CLOSED,
    *SET_ASIDE,
)

# The moves ---------------------------------------------------------------------------------------------

MATCH = StateMachine(
    states=MatchState,
    initial=MatchState.SUGGESTED,
    moves=[
        Move(
            "shortlist",
            (MatchState.SUGGESTED,),
            MatchState.SHORTLISTED,
            who=permissions.may_curate,
            label=gettext_lazy("Shortlist"),
        ),
        Move("dismiss", CURATABLE, MatchState.DISMISSED, who=permissions.may_curate, label=gettext_lazy("Dismiss")),
        Move(
            "propose",
            CURATABLE,
            MatchState.PROPOSED,
            who=permissions.may_curate,
            label=gettext_lazy("Propose the introduction"),
        ),
        Move(
            "accept",
            (MatchState.PROPOSED,),
            MatchState.ACCEPTED,
            who=permissions.may_answer,
            label=gettext_lazy("Accept the introduction"),
        ),
        Move(
            "decline",
            (MatchState.PROPOSED, MatchState.ACCEPTED),
            MatchState.DECLINED,
            who=permissions.may_answer,
            label=gettext_lazy("Decline"),
        ),
        Move(
            "start_pilot",
            (MatchState.ACCEPTED,),
            MatchState.PILOTING,
            who=permissions.may_move_forward,
            label=gettext_lazy("Start the pilot"),
        ),
        Move(
            "contract",
            (MatchState.PILOTING,),
            MatchState.CONTRACTED,
            who=permissions.may_move_forward,
            label=gettext_lazy("Record the contract"),
        ),
        Move(
            "close",
            (MatchState.PILOTING, MatchState.CONTRACTED),
            MatchState.CLOSED,
            who=permissions.may_move_forward,
            label=gettext_lazy("Close the match"),
        ),
    ],
)
# The moves that bring the two parties together: refused once either side is no longer live.
NEED_A_LIVE_PAIR = ("propose", "accept")
# The moves that carry the work on together: refused while either organisation is out of good standing.
NEED_BOTH_IN_GOOD_STANDING = ("start_pilot", "contract")
# The moves after the introduction, offered to staff and both parties alike.
AFTER_INTRODUCTION = ("start_pilot", "contract", "close")
# The moves each page has a form for; which of them it shows for a match is moves_for's answer.
ON_THE_STAFF_PAGE = ("shortlist", "dismiss", "propose", *AFTER_INTRODUCTION)
ON_THE_PARTY_PAGE = ("accept", "decline", *AFTER_INTRODUCTION)


def standing_refusal(capability_request: CapabilityRequest, offer: Offer) -> str:
    """Why the two organisations may not work together now, or "" while both are in good standing."""
    if not in_good_standing(capability_request.organisation):
        return _("The requesting organisation is not in good standing.")
    if not in_good_standing(offer.organisation):
        return _("The startup is not in good standing.")
    return ""


def pair_refusal(capability_request: CapabilityRequest, offer: Offer) -> str:
    """Why the pair can no longer be introduced, or "" while both sides are live: the request open, the
    offer published, both organisations in good standing."""
    if capability_request.state != RequestState.OPEN:
        return _("The request is no longer open.")
    if offer.state != OfferState.PUBLISHED:
        return _("The offer is no longer published.")
    return standing_refusal(capability_request, offer)


def _has_answered(user: User, match: Match) -> bool:
    side = permissions.side_of(user, match)
    return bool(side) and getattr(match, f"{side}_accepted_at") is not None


def related(match: Match, name: str):
    """The match's one-to-one record `name` (its pilot plan, licence, report…), or None before there is one."""
    try:
        return getattr(match, name)
    except ObjectDoesNotExist:
        return None


def licence_refusal(match: Match) -> str:
    """Why the export checkpoint holds the pilot back, or "": an item that is not controlled passes; a controlled
    one passes with a licence the startup holds, valid on the pilot's first day, or with a staff override."""
    if match.offer.export_control == ExportControl.NOT_CONTROLLED:
        return ""
    licence = related(match, "export_licence")
    if licence is not None and licence.override_at is not None:
        return ""
    if licence is None or licence.status != LicenceStatus.HELD:
        return _("This item is export-controlled: the startup records its export licence before the pilot starts.")
    plan = related(match, "pilot_plan")
    first_day = max(timezone.localdate(), plan.starts_on) if plan is not None else timezone.localdate()
    if licence.valid_until < first_day:
        return _("The export licence has expired by the pilot's first day: record a valid one.")
    return ""


def pilot_refusal(match: Match) -> str:
    """Why the pilot may not start yet, or "" once both sides confirmed the plan and the export checkpoint passed."""
    plan = related(match, "pilot_plan")
    if plan is None:
        return _("Write the pilot plan first: where, when, how many items and what success looks like.")
    if not plan.confirmed:
        return _("Both sides confirm the pilot plan before the pilot starts.")
    return licence_refusal(match)


def plan_confirmation_refusal(user: User, match: Match) -> str:
    """Why the user's side may not confirm the pilot plan of an accepted match now, or "" when it may."""
    plan = related(match, "pilot_plan")
    if plan is None:
        return _("There is no pilot plan to confirm yet.")
    side = permissions.side_of(user, match)
    if not side or getattr(plan, f"{side}_confirmed_at") is not None:
        return _("Your side has already confirmed this plan.")
    return ""


def pilot_end_refusal(match: Match) -> str:
    """Why the pilot may not be ended now, or "" while it runs and nobody has ended it."""
    if match.state != MatchState.PILOTING:
        return _("Only a running pilot can be ended.")
    plan = related(match, "pilot_plan")
    if plan is None or plan.ended_at is not None:
        return _("This pilot has already ended.")
    return ""


def pilot_over(match: Match) -> bool:
    """A running pilot whose last day has passed or which either side ended."""
    plan = related(match, "pilot_plan")
    return (
        match.state == MatchState.PILOTING
        and plan is not None
        and (plan.ended_at is not None or plan.ends_on < timezone.localdate())
    )


def report_refusal(name: str, match: Match, user: User) -> str:
    """Contract and close come after the trial report; staff may close a pilot without one to wind it down."""
    if match.state != MatchState.PILOTING or related(match, "trial_report") is not None:
        return ""
    if name == "close" and is_staff(user):
        return ""
    return _("The officer's trial report comes first, once the pilot has ended.")


def _state_refusal(name: str, match: Match, user: User) -> str:
    """Why the match, beyond its own state, does not allow the move now: "" when it does."""
    if name in NEED_A_LIVE_PAIR and (reason := pair_refusal(match.capability_request, match.offer)):
        return reason
    if name in NEED_BOTH_IN_GOOD_STANDING and (reason := standing_refusal(match.capability_request, match.offer)):
        return reason
    if name == "accept" and _has_answered(user, match):
        return _("You have already accepted this introduction.")
    if name == "start_pilot" and (reason := pilot_refusal(match)):
        return reason
    if name in ("contract", "close") and (reason := report_refusal(name, match, user)):
        return reason
    return ""


def moves_for(user: User, match: Match) -> list[Move]:
    """The moves a page offers this user on this match, in the order of MATCH."""
    return [move for move in MATCH.moves_for(user, match) if not _state_refusal(move.name, match, user)]


def check(name: str, *, match: Match, by: User) -> Move:
    """The move, if the user may make it and the match allows it now. Refuses as every service does: first
    a user who may not make this move (`PermissionDenied`, 403), then a state or a pair that forbids it
    (`IllegalTransition`, 409); a match the user may not see was refused by its selector already (404)."""
    move = MATCH[name]
    if not move.may(by, match):
        forbidden(_("This step is not yours to take on this match."))
    MATCH.check(name, match.state)
    if reason := _state_refusal(name, match, by):
        raise IllegalTransition(reason)
    return move


# Meetings ----------------------------------------------------------------------------------------------


def _other_side_of_proposer(user: User, meeting: Meeting) -> bool:
    match = meeting.match
    return permissions.may_work_as_party(user, match) and permissions.side_of(user, match) != meeting.proposer_side


def _meeting_party(user: User, meeting: Meeting) -> bool:
    return permissions.may_work_as_party(user, meeting.match)


MEETING = StateMachine(
    states=MeetingState,
    initial=MeetingState.PROPOSED,
    moves=[
        Move(
            "confirm",
            (MeetingState.PROPOSED,),
            MeetingState.CONFIRMED,
            who=_other_side_of_proposer,
            label=gettext_lazy("Pick this time"),
        ),
        Move(
            "cancel",
            (MeetingState.PROPOSED, MeetingState.CONFIRMED),
            MeetingState.CANCELLED,
            who=_meeting_party,
            label=gettext_lazy("Cancel the meeting"),
        ),
    ],
)


def check_meeting(name: str, *, meeting: Meeting, by: User) -> Move:
    """A meeting's move, refused as a match's: 403 for someone not entitled, 409 when the state forbids it, and
    409 while the match is no longer one the parties work on."""
    move = MEETING.authorise(name, user=by, obj=meeting, refusal=_("This step is not yours to take on this meeting."))
    if meeting.match.state not in WORKING:
        raise IllegalTransition(_("The parties no longer work together on this match."))
    return move


def check_working(match: Match) -> None:
    """Refuses (409) any work together on a match that is not, or no longer, between accepted and contracted."""
    if match.state not in WORKING:
        raise IllegalTransition(_("The parties work together here once both accepted, until the match is closed."))
