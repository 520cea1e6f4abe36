"""Matches written straight to the database for page tests, in any state, without running the engine."""

from django.utils import timezone

from matching.models import Match, MatchState

PROPOSED_OR_LATER = {"proposed", "accepted", "piloting", "contracted", "closed", "declined"}
BOTH_ACCEPTED = {"accepted", "piloting", "contracted", "closed"}


def make_match(capability_request, offer, *, state=MatchState.SUGGESTED, score=0.6, **fields) -> Match:
    now = timezone.now()
    defaults = {
        "components": {"text": 0.5, "area": 1.0, "readiness": 1.0, "timing": 0.8, "capacity": 0.7, "price": 0.5},
        "explanation": {
            "shared_terms": ["interceptor"],
            "shared_areas": ["Interceptors"],
            "shared_concepts": [],
            "fits": ["TRL 8 ≥ 7"],
            "against": ["lead time close to the deadline"],
            "text": "Good fit.",
        },
    }
    if state in PROPOSED_OR_LATER:
        defaults.update(
            proposed_at=now,
            summary_for_startup="Summary for the startup.",
            summary_for_officer="Summary for the officer.",
        )
    if state in BOTH_ACCEPTED:
        defaults.update(startup_accepted_at=now, officer_accepted_at=now, accepted_at=now)
    if state == MatchState.DISMISSED:
        defaults["dismiss_reason"] = "duplicate"
    defaults.update(fields)
    return Match.objects.create(
        capability_request=capability_request, offer=offer, state=state, score=score, **defaults
    )
