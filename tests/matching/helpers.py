"""Matches written straight to the database for page tests, in any state, without running the engine; the
forms of a request and an offer as their owners send them back."""

from datetime import timedelta

from django.utils import timezone

from matching.models import Match, MatchState

PROPOSED_OR_LATER = {"proposed", "accepted", "piloting", "contracted", "closed", "declined"}
BOTH_ACCEPTED = {"accepted", "piloting", "contracted", "closed"}


def make_match(capability_request, offer, *, state=MatchState.SUGGESTED, score=0.6, **fields) -> Match:
    now = timezone.now()
    defaults = {
        "explanation": {
            "terms": [{"word": "перехоплювач", "english": "interceptor"}, {"word": "radar"}],
            "areas": [{"area": "uas-aerial-interceptor", "relation": "same"}],
        },
        "checks": [
            {"code": "readiness", "status": "fit", "values": {"minimum": 7, "trl": 8}},
            {"code": "timing", "status": "warn", "values": {"days_left": 40, "lead_time_days": 45}},
        ],
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


def request_form_data(capability_request, **changes) -> dict:
    """What the request form sends back for `capability_request`, with `changes`."""
    return {
        "title": capability_request.title,
        "language": capability_request.language,
        "description": capability_request.description,
        "areas": [area.pk for area in capability_request.areas.all()],
        "min_trl": capability_request.min_trl,
        "quantity": capability_request.quantity,
        "unit": capability_request.unit,
        "needed_by": (timezone.localdate() + timedelta(days=60)).isoformat(),
        "urgency": capability_request.urgency,
        "visibility": capability_request.visibility,
        **changes,
    }


def offer_form_data(offer, **changes) -> dict:
    """What the offer form sends back for `offer`, with `changes`."""
    return {
        "title": offer.title,
        "summary": offer.summary,
        "description": offer.description,
        "language": offer.language,
        "areas": [area.pk for area in offer.areas.all()],
        "trl": offer.trl,
        "lead_time_days": offer.lead_time_days,
        "monthly_capacity": offer.monthly_capacity,
        "export_control": offer.export_control,
        **changes,
    }
