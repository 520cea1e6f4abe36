"""Demo matches for `seed_demo`: every open request scored, then a few pairs carried through every state by the
demo staff and parties, through the same services the pages use. Idempotent: once the office has acted on any
demo match, a second run only refreshes the engine's scores, which leaves curated matches untouched."""

from matching.models import DismissReason, Match, MatchState
from matching.services import (
    match_accept,
    match_add_note,
    match_close,
    match_decline,
    match_dismiss,
    match_propose,
    match_record_contract,
    match_request_introduction,
    match_shortlist,
    match_start_pilot,
)
from matching.tasks import score_request_task as score_request
from needs.models import CapabilityRequest, RequestState, Visibility
from offers.models import OfferState
from profiles.models import Membership, OrganisationKind, User

from . import together

STARTUP_SUMMARY = (
    "A Ukrainian defence organisation needs this capability soon; the office believes your offer fits its "
    "readiness, lead time and quantity. Accept to be introduced."
)
OFFICER_SUMMARY = (
    "A vetted EU startup whose offer matches your request on capability area, readiness and lead time. "
    "Accept to be introduced and to receive its contact."
)


def _member(organisation_id: int, *, officer: bool) -> User | None:
    memberships = Membership.objects.filter(organisation_id=organisation_id, user__is_active=True).select_related(
        "user"
    )
    membership = memberships.order_by("-role", "pk").first()
    if membership is None:
        return None
    user = membership.user
    return user if (user.is_officer if officer else user.is_startup_member) else None


def _parties(match: Match) -> tuple[User, User] | None:
    startup = _member(match.offer.organisation_id, officer=False)
    officer = _member(match.capability_request.organisation_id, officer=True)
    return (startup, officer) if startup and officer else None


def _propose(match: Match, staff: User) -> Match:
    return match_propose(
        match=match, by=staff, summary_for_startup=STARTUP_SUMMARY, summary_for_officer=OFFICER_SUMMARY
    )


def _accept(match: Match, staff: User, parties: tuple[User, User]) -> Match:
    match = _propose(match, staff)
    match_accept(match=match, by=parties[0], message="Happy to talk.")
    return match_accept(match=match, by=parties[1], message="Ready for a field trial.")


def _demo_pair(staff: User) -> Match | None:
    """A pair between startup@example.org's startup and officer@example.org's unit: the engine's if it found one,
    else the officer asks for an introduction to the startup's first published offer."""
    startup_user = User.objects.filter(email="startup@example.org").first()
    officer = User.objects.filter(email="officer@example.org").first()
    if startup_user is None or officer is None:
        return None
    found = (
        Match.objects.filter(
            state=MatchState.SUGGESTED,
            offer__organisation=startup_user.organisation,
            capability_request__organisation=officer.organisation,
        )
        .order_by("-score")
        .first()
    )
    if found is not None:
        return found
    offer = startup_user.organisation.offers.filter(state=OfferState.PUBLISHED).order_by("pk").first()
    request = (
        CapabilityRequest.objects.filter(
            organisation=officer.organisation,
            state=RequestState.OPEN,
            visibility=Visibility.VETTED,
        )
        .order_by("pk")
        .first()
    )
    if offer is None or request is None:
        return None
    return match_request_introduction(
        capability_request=request,
        offer=offer,
        by=officer,
        note="We saw this offer in the catalogue; please introduce us.",
    )


def seed_matches() -> int:
    """Scores every open request, then (first run only) curates the demo matches; returns how many matches exist."""
    for pk in CapabilityRequest.objects.filter(state=RequestState.OPEN).values_list("pk", flat=True):
        score_request(pk)
    staff = User.objects.filter(
        email="staff@example.org", memberships__organisation__kind=OrganisationKind.OFFICE
    ).first()
    if staff is None or Match.objects.filter(touched_at__isnull=False).exists():
        return Match.objects.count()
    demo = _demo_pair(staff)
    if demo is not None:
        _propose(demo, staff)
    used_requests = {demo.capability_request_id} if demo else set()
    pairs = []
    for match in (
        Match.objects.filter(state=MatchState.SUGGESTED)
        .select_related("offer", "capability_request")
        .order_by("-score", "pk")
    ):
        parties = _parties(match)
        if parties and match.capability_request_id not in used_requests:
            pairs.append((match, parties))
            used_requests.add(match.capability_request_id)
    slots = together.seed_trial_slots(staff)
    plans = [
        _closed_with_report,
        _contracted,
        _piloting,
        _reporting,
        _planned,
        _accepted,
        _declined,
        _proposed,
        _dismissed,
        _shortlisted,
    ]
    for (match, parties), plan in zip(pairs, plans, strict=False):
        plan(match, staff, parties, slots)
    return Match.objects.count()


def _closed_with_report(match, staff, parties, slots):
    match = _accept(match, staff, parties)
    together.talk(match, staff, parties)
    together.plan(match, parties, starts_in=-60)
    match_start_pilot(match=match, by=parties[1], note="Ten units delivered to the brigade for a four-week trial.")
    together.report(match, parties)
    match_record_contract(match=match, by=staff, note="Framework contract for the first batch signed.")
    match_close(match=match, by=staff)


def _contracted(match, staff, parties, slots):
    match = _accept(match, staff, parties)
    together.plan(match, parties, starts_in=-45)
    match_start_pilot(match=match, by=staff)
    together.report(match, parties)
    match_record_contract(match=match, by=parties[0], note="Contract signed after the trial.")


def _piloting(match, staff, parties, slots):
    match = _accept(match, staff, parties)
    together.talk(match, staff, parties)
    together.plan(match, parties, starts_in=0)
    together.book(match, staff, slots[0])
    match_start_pilot(match=match, by=parties[0], note="Pilot units shipped.")


def _reporting(match, staff, parties, slots):
    """A pilot whose last day has passed: the officer's report is due."""
    match = _accept(match, staff, parties)
    together.plan(match, parties, starts_in=-30, days=20)
    match_start_pilot(match=match, by=parties[0])


def _planned(match, staff, parties, slots):
    """A plan the startup wrote and the officer has still to confirm; a controlled item's licence applied for."""
    match = _accept(match, staff, parties)
    together.talk(match, staff, parties)
    together.plan(match, parties, starts_in=14, confirm=False)


def _accepted(match, staff, parties, slots):
    match = _accept(match, staff, parties)
    together.propose_meeting(match, parties)


def _declined(match, staff, parties, slots):
    match_decline(match=_propose(match, staff), by=parties[0], message="Our production is booked for this quarter.")


def _proposed(match, staff, parties, slots):
    _propose(match, staff)


def _dismissed(match, staff, parties, slots):
    match_dismiss(match=match, by=staff, reason=DismissReason.TOO_SLOW, note="Lead time beyond the deadline.")


def _shortlisted(match, staff, parties, slots):
    match_shortlist(match=match, by=staff)
    match_add_note(match=match, by=staff, note="Ask the startup about winter testing before proposing.")
