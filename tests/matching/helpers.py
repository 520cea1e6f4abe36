"""Matches written straight to the database for page tests, in any state, without running the engine; the
forms of a request and an offer as their owners send them back."""

from datetime import datetime, timedelta

from django.utils import timezone

from matching.models import Match, MatchState
from matching.services import (
    export_licence_record,
    match_start_pilot,
    pilot_end,
    pilot_plan_confirm,
    pilot_plan_save,
    trial_report_submit,
)

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


CRITERIA = ["Destroys 8 of 10 target drones at night", "Holds the video link under EW for 10 sorties"]


def agree_plan(match, *, startup, officer, criteria=CRITERIA, starts_in_days: int = 1, days: int = 14):
    """Both sides agree a pilot plan (the startup writes it, the officer confirms); a controlled item's startup
    records a licence it holds. The pilot may start afterwards."""
    starts_on = timezone.localdate() + timedelta(days=starts_in_days)
    plan = pilot_plan_save(
        match=match,
        by=startup,
        location="A test range in the Kyiv region",
        starts_on=starts_on,
        ends_on=starts_on + timedelta(days=days),
        quantity=4,
        shipping_paid_by="startup",
        criteria=list(criteria),
    )
    pilot_plan_confirm(match=match, by=officer)
    if match.offer.export_control != "not_controlled":
        export_licence_record(
            match=match,
            by=startup,
            status="held",
            number="EL-2026-0042",
            issuing_authority="BAFA",
            valid_until=starts_on + timedelta(days=365),
        )
    return plan


def start_pilot(match, *, startup, officer, by=None):
    """Agrees the plan and starts the pilot (by `by`, the startup unless named)."""
    agree_plan(match, startup=startup, officer=officer)
    return match_start_pilot(match=match, by=by or startup)


def report_pilot(match, *, officer, rating: int = 4, outcome: str = "met", what_worked: str = "Night interceptions."):
    """Ends the running pilot (the officer) and gives the trial report with every criterion at `outcome`."""
    pilot_end(match=match, by=officer)
    results = {criterion.pk: {"outcome": outcome} for criterion in match.pilot_plan.criteria.all()}
    return trial_report_submit(
        match=match, by=officer, rating=rating, what_worked=what_worked, would_order_more=True, results=results
    )


def days_ahead(days: int, hour: int = 10) -> datetime:
    """A wall-clock time (no zone) `days` from today at `hour`, as a meeting or plan form takes it."""
    day = timezone.localdate() + timedelta(days=days)
    return datetime(day.year, day.month, day.day, hour, 0)
