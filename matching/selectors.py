"""Reads of matches and scoring runs, scoped to the user asking."""

from django.db.models import Q, QuerySet
from django.http import Http404

from needs.models import CapabilityRequest
from profiles.models import User

from .models import Match, MatchState, ScoringRun

# States from which a match has been put in front of the two parties.
PROPOSED_OR_LATER = (
    MatchState.PROPOSED, MatchState.ACCEPTED, MatchState.PILOTING, MatchState.CONTRACTED, MatchState.CLOSED,
    MatchState.DECLINED,
)


def matches_visible_to(user: User) -> QuerySet[Match]:
    """Staff see every match; a startup the ones proposed to it; an officer the ones proposed on its requests."""
    matches = Match.objects.select_related("capability_request__organisation", "offer__organisation")
    if user.is_office_staff:
        return matches
    organisation = user.organisation
    if organisation is None:
        return matches.none()
    mine = Q(offer__organisation=organisation) if user.is_startup_member else Q(capability_request__organisation=organisation)
    return matches.filter(mine, state__in=PROPOSED_OR_LATER)


def candidates_for_request(user: User, capability_request: CapabilityRequest) -> QuerySet[Match]:
    return (
        matches_visible_to(user).filter(capability_request=capability_request)
        .prefetch_related("offer__areas").order_by("-score", "pk")
    )


def scoring_runs_for(user: User) -> QuerySet[ScoringRun]:
    if not user.is_office_staff:
        return ScoringRun.objects.none()
    return ScoringRun.objects.select_related("started_by")


def scoring_run_get(user: User, pk: int) -> ScoringRun:
    run = scoring_runs_for(user).filter(pk=pk).first()
    if run is None:
        raise Http404
    return run
