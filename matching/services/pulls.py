"""Pulls: a party asks the office for a pair (a startup's interest in a request, an officer's request
for an introduction to an offer); the pair goes to the top of the staff queue."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from innovation_office.refusals import forbidden
from innovation_office.transitions import IllegalTransition
from needs.models import CapabilityRequest, RequestState
from offers.models import Offer, OfferState
from profiles.models import User
from profiles.permissions import in_good_standing

from ..models import Match, MatchAction, MatchSource
from ..permissions import may_express_interest, may_request_introduction
from ..states import CURATABLE
from .timeline import record_event, tell_staff, touch


def _pull_refusal(capability_request: CapabilityRequest, offer: Offer) -> str:
    if capability_request.state != RequestState.OPEN:
        return _("The request is no longer open.")
    if offer.state != OfferState.PUBLISHED:
        return _("Only a published offer can be introduced.")
    return ""


def _pull(
    *, capability_request: CapabilityRequest, offer: Offer, by: User, source: str, action: str, note: str
) -> Match:
    if not note.strip():
        raise ValidationError({"note": _("Write a few words for the office.")})
    if reason := _pull_refusal(capability_request, offer):
        raise IllegalTransition(reason)
    CapabilityRequest.objects.select_for_update().filter(pk=capability_request.pk).first()
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
    elif match.state in CURATABLE:
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
def match_express_interest(*, capability_request: CapabilityRequest, offer: Offer, by: User, pitch: str) -> Match:
    """A startup in good standing tells the office one of its offers answers a request it can see."""
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
    if not in_good_standing(offer.organisation):
        forbidden(_("This offer is not in the catalogue."))
    return _pull(
        capability_request=capability_request,
        offer=offer,
        by=by,
        source=MatchSource.OFFICER_REQUEST,
        action=MatchAction.INTRODUCTION_REQUEST,
        note=note,
    )
