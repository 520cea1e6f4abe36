"""Every "may this user…" rule of matching: which side of a match a user is on, who curates, who answers a
proposal, who moves a match on, who gives the trial report, who sees the other side, who works with it after
the introduction, who asks for a pair.

A party acts only while its organisation is in good standing (`profiles.permissions.may_act`); staff rules
are `profiles.permissions.is_staff`. The *when* of each move (the states it starts from) is in `states.py`;
this module says *who*. Refusals follow `innovation_office/refusals.py`: outside the user's view 404, a
state that forbids the move 409 (`IllegalTransition`), a visible match that is not the user's to change 403."""

from django.db.models import Q

from needs.models import CapabilityRequest, Visibility
from needs.permissions import reads_anonymised_requests
from offers.models import Offer
from offers.permissions import may_browse_catalogue
from profiles.models import User
from profiles.permissions import in_good_standing, is_staff, may_act, may_draft_offers

from .models import Match

# Sides ---------------------------------------------------------------------------------------------


def is_startup_party(user: User, match: Match) -> bool:
    """A member of the offer's startup (standing aside: a suspended member is still on that side)."""
    organisation = user.organisation
    return user.is_startup_member and organisation is not None and organisation.pk == match.offer.organisation_id


def is_officer_party(user: User, match: Match) -> bool:
    """An officer of the requesting organisation."""
    organisation = user.organisation
    return user.is_officer and organisation is not None and organisation.pk == match.capability_request.organisation_id


def side_of(user: User, match: Match) -> str:
    """ "startup", "officer", or "" for anyone else (staff included)."""
    if is_startup_party(user, match):
        return "startup"
    if is_officer_party(user, match):
        return "officer"
    return ""


def is_acting_party(user: User, match: Match) -> bool:
    """A party whose organisation is in good standing: the only kind of party that may do anything."""
    return bool(side_of(user, match)) and may_act(user)


# Moves ---------------------------------------------------------------------------------------------


def may_curate(user: User, match: Match | None = None) -> bool:
    """Shortlist, dismiss, propose, add internal notes, start rescores: office staff."""
    return is_staff(user)


def may_answer(user: User, match: Match) -> bool:
    """Accept or decline a proposal: either party, while in good standing; staff never answer for them."""
    return is_acting_party(user, match)


def may_move_forward(user: User, match: Match) -> bool:
    """Start the pilot, record the contract, close: staff, or either party while in good standing."""
    return is_staff(user) or is_acting_party(user, match)


def may_report_trial(user: User, match: Match) -> bool:
    """The trial report when the pilot ends: an officer of the requesting organisation, in good standing."""
    return is_officer_party(user, match) and may_act(user)


# Working together after the introduction ----------------------------------------------------------


def may_see_work(user: User, match: Match) -> bool:
    """The conversation, meetings, pilot plan, licence and report of a match: staff always; a party while it
    may see the other side (both accepted, both in good standing), since each message names its author."""
    return is_staff(user) or may_see_counterpart(user, match)


def may_work_as_party(user: User, match: Match) -> bool:
    """Propose and pick meetings, write and confirm the plan, end the pilot: a party that may see the other."""
    return may_see_counterpart(user, match)


def may_write_message(user: User, match: Match) -> bool:
    """Staff or a party that may see the other side (the state that allows it is in states.py)."""
    return may_see_work(user, match)


def may_record_licence(user: User, match: Match) -> bool:
    """The export licence is the startup's to record: a member of its organisation in good standing."""
    return is_startup_party(user, match) and may_see_counterpart(user, match)


def may_override_licence(user: User, match: Match | None = None) -> bool:
    """Starting the pilot of a controlled item without a licence: office staff, with a written reason."""
    return is_staff(user)


def may_keep_trial_slots(user: User, match: Match | None = None) -> bool:
    """Trial capacity (test ranges, partner units) and the bookings of pilots: office staff."""
    return is_staff(user)


# What a user sees ----------------------------------------------------------------------------------


def may_see_counterpart(user: User, match: Match) -> bool:
    """The other side's identity and contacts: a party in good standing, once both accepted
    (`states.REVEALED`), and only while the other side is in good standing too, since nobody but staff
    reads a suspended or rejected organisation's identity."""
    from .states import REVEALED  # states.py builds its moves from this module's rules

    if match.state not in REVEALED or not is_acting_party(user, match):
        return False
    other_side = match.capability_request if is_startup_party(user, match) else match.offer
    return in_good_standing(other_side.organisation)


def startup_reads_request_text(match: Match) -> bool:
    """Whether the startup of a match may read the request's own words (its title and the anonymised
    projection): only while the request is open to vetted startups; otherwise only the office's summary."""
    return match.capability_request.visibility == Visibility.VETTED


def startup_reads_request_text_q() -> Q:
    """startup_reads_request_text as a filter of matches: a startup refers to no other request by its id."""
    return Q(capability_request__visibility=Visibility.VETTED)


def reads_request_text_told(user: User, match: Match) -> bool:
    """Whether a notification of the match that quoted the request's own words may still be read by
    `user`: by staff and the requesting officers always, by the startup while startup_reads_request_text."""
    return not is_startup_party(user, match) or startup_reads_request_text(match)


def may_see_staff_view(user: User) -> bool:
    """Scores, the engine's explanation, both sides' contacts, internal notes, runs and the dashboard."""
    return is_staff(user)


# Pulls ---------------------------------------------------------------------------------------------


def may_express_interest(user: User, *, capability_request: CapabilityRequest, offer: Offer) -> bool:
    """A startup in good standing, with one of its own offers, on a request open to vetted startups."""
    return (
        may_act(user)
        and user.is_startup_member
        and user.organisation.pk == offer.organisation_id
        and capability_request.visibility == Visibility.VETTED
    )


def may_offer_interest(user: User) -> bool:
    """Whether a request's page offers the interest form at all."""
    return may_act(user) and user.is_startup_member


def may_suggest_areas(user: User) -> bool:
    """Whoever writes an offer or a request: a startup that may draft offers, an officer in good standing,
    office staff."""
    return may_draft_offers(user) or (may_act(user) and user.is_officer) or is_staff(user)


def area_examples_for(user: User) -> frozenset[str]:
    """What the areas suggested to a user may be learnt from: only records that user may read ("offers": the
    catalogue, for officers and staff; "requests": the open requests vetted startups read, and staff); none
    for a startup awaiting vetting, whose suggestions come from the areas' names alone."""
    kinds = set()
    if may_browse_catalogue(user):
        kinds.add("offers")
    if is_staff(user) or reads_anonymised_requests(user):
        kinds.add("requests")
    return frozenset(kinds)


def may_request_introduction(user: User, *, capability_request: CapabilityRequest | None = None) -> bool:
    """An officer in good standing, for one of their organisation's requests."""
    if not (may_act(user) and user.is_officer):
        return False
    return capability_request is None or user.organisation.pk == capability_request.organisation_id
