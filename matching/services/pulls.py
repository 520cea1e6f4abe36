"""Pulls: a party asks the office for a pair (a startup's interest in a request, an officer's request
for an introduction to an offer); the pair goes to the top of the staff queue."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from innovation_office.refusals import forbidden, not_found
from innovation_office.transitions import IllegalTransition
from needs.models import CapabilityRequest
from offers.models import Offer
from profiles.models import User

from ..models import Match, MatchAction, MatchSource
from ..permissions import may_express_interest, may_request_introduction
from ..states import TAKES_PULLS, pair_refusal
from .timeline import record_event, tell_staff, touch

# What a party is told when it sends the same pull on a pair a second time.
ALREADY_PULLED = {
    MatchAction.INTEREST: gettext_lazy("You have already expressed interest with this offer."),
    MatchAction.INTRODUCTION_REQUEST: gettext_lazy("You have already asked for an introduction to this offer."),
}


def _locked_request(capability_request_id: int) -> CapabilityRequest:
    """The request under a row lock, so that two pulls on one pair make one match."""
    capability_request = (
        CapabilityRequest.objects.select_for_update(of=("self",))
        .select_related("organisation")
        .filter(pk=capability_request_id)
        .first()
    )
    if capability_request is None:
        not_found()
    return capability_request


def _pull(
    *, capability_request: CapabilityRequest, offer: Offer, by: User, source: str, action: str, note: str
) -> Match:
    """The pair put before the office; refused like a proposal (409) unless both sides are live."""
    if not note.strip():
        raise ValidationError({"note": _("Write a few words for the office.")})
    offer = Offer.objects.select_related("organisation").get(pk=offer.pk)  # its standing as of now
    if reason := pair_refusal(capability_request, offer):
        raise IllegalTransition(reason)
    now = timezone.now()
    match = Match.objects.select_for_update().filter(capability_request=capability_request, offer=offer).first()
    if match is None:
        match = Match.objects.create(
            capability_request=capability_request,
            offer=offer,
            score=0.0,
            source=source,
            touched_at=now,
            pull_note=note.strip(),
            pulled_at=now,
            created_at=now,
            updated_at=now,
        )
        from_state = ""
    elif match.events.filter(action=action).exists():
        # Asked once already, whatever became of the pair since: the party hears so, and nothing is recorded.
        raise ValidationError(ALREADY_PULLED[action])
    elif match.state in TAKES_PULLS:
        # A dismissed pair stays dismissed: staff read the pull in its timeline and decide whether it changes
        # anything; the party hears what it would of any pair.
        from_state = match.state
        match.save(update_fields=touch(match, source=source, pull_note=note.strip(), pulled_at=now))
    else:
        raise IllegalTransition(_("The office is already handling this pair."))
    event = record_event(match, action=action, by=by, from_state=from_state, note=note.strip())
    tell_staff(match, event)
    from ..tasks import score_request_task

    transaction.on_commit(lambda: score_request_task.delay(capability_request.pk))
    return match


@transaction.atomic
def match_express_interest(*, capability_request_id: int, offer: Offer, by: User, pitch: str) -> Match:
    """A startup in good standing tells the office one of its offers answers a request it can see. The
    request is read here, by its key, and never handed to the startup's page."""
    capability_request = _locked_request(capability_request_id)
    if not may_express_interest(by, capability_request=capability_request, offer=offer):
        forbidden(_("Only a vetted startup can express interest, on a request open to it, with one of its offers."))
    return _pull(
        capability_request=capability_request,
        offer=offer,
        by=by,
        source=MatchSource.STARTUP_INTEREST,
        action=MatchAction.INTEREST,
        note=pitch,
    )


@transaction.atomic
def match_request_introduction(*, capability_request: CapabilityRequest, offer: Offer, by: User, note: str) -> Match:
    """An officer asks the office to introduce one of their requests to an offer from the catalogue."""
    if not may_request_introduction(by, capability_request=capability_request):
        forbidden(_("Only an officer of the requesting organisation can ask for an introduction."))
    return _pull(
        capability_request=_locked_request(capability_request.pk),
        offer=offer,
        by=by,
        source=MatchSource.OFFICER_REQUEST,
        action=MatchAction.INTRODUCTION_REQUEST,
        note=note,
    )
