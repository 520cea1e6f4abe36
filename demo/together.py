"""Demo work after the introduction, for `seed_demo`: conversations, meetings, pilot plans, licences, trial slots
and reports on the demo matches, through the same services the pages use, so that no page of it is empty."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from matching.models import Match, TrialSlot
from matching.services import (
    export_licence_record,
    meeting_confirm,
    meeting_propose,
    message_send,
    pilot_end,
    pilot_plan_confirm,
    pilot_plan_save,
    trial_report_submit,
    trial_slot_book,
    trial_slot_create,
)
from offers.models import ExportControl
from profiles.models import User
from taxonomy.models import CapabilityArea

CRITERIA = [
    "Holds the video link under the brigade's EW for 10 sorties",
    "Ready to fly within 5 minutes of unpacking, at −10 °C",
    "Crews trained in two days or less",
]
SLOTS = [
    ("Test range, Kyiv region", ["uas-aerial", "cuas-kinetic", "cuas-detection"], 10, 40, 3),
    ("Partner unit, eastern sector", ["electronic-warfare", "uas-aerial-fpv"], 20, 60, 2),
    ("Demining test field, Chernihiv region", ["demining"], 5, 90, 2),
]


def seed_trial_slots(staff: User) -> list[TrialSlot]:
    today = timezone.localdate()
    return [
        trial_slot_create(
            by=staff,
            place=place,
            description="Range officer on site; night flights allowed.",
            starts_on=today + timedelta(days=starts_in),
            ends_on=today + timedelta(days=starts_in + days),
            capacity=capacity,
            areas=CapabilityArea.objects.filter(slug__in=slugs),
        )
        for place, slugs, starts_in, days, capacity in SLOTS
    ]


def talk(match: Match, staff: User, parties: tuple[User, User]) -> None:
    """A short conversation and one confirmed meeting."""
    startup, officer = parties
    message_send(match=match, by=startup, body="Thank you for the introduction. Our datasheet is on the offer page.")
    message_send(match=match, by=officer, body="Could you show the product working under jamming? A call next week?")
    message_send(match=match, by=staff, body="The office can host a field trial at its test range next month.")
    day = timezone.localdate() + timedelta(days=4)
    meeting = meeting_propose(
        match=match,
        by=officer,
        topic="Demonstration under jamming",
        times=[datetime.combine(day, time(10)), datetime.combine(day + timedelta(days=1), time(14))],
        time_zone="Europe/Kyiv",
    )
    meeting_confirm(meeting=meeting, by=startup, slot_id=meeting.slots.first().pk)


def propose_meeting(match: Match, parties: tuple[User, User]) -> None:
    day = timezone.localdate() + timedelta(days=6)
    meeting_propose(
        match=match,
        by=parties[0],
        topic="First call",
        times=[datetime.combine(day, time(9)), datetime.combine(day, time(15))],
        time_zone="Europe/Berlin",
    )


def plan(match: Match, parties: tuple[User, User], *, starts_in: int, days: int = 28, confirm: bool = True) -> None:
    """The startup writes the plan; the officer confirms it; a controlled item's licence is recorded as held."""
    startup, officer = parties
    starts_on = timezone.localdate() + timedelta(days=starts_in)
    pilot_plan_save(
        match=match,
        by=startup,
        location="The office's test range in the Kyiv region, then one brigade position",
        starts_on=starts_on,
        ends_on=starts_on + timedelta(days=days),
        quantity=10,
        shipping_paid_by="startup",
        criteria=CRITERIA,
    )
    if confirm:
        pilot_plan_confirm(match=match, by=officer)
    if match.offer.export_control != ExportControl.NOT_CONTROLLED:
        export_licence_record(
            match=match,
            by=startup,
            status="held" if confirm else "applied",
            number="EL-2026-0117",
            issuing_authority="The national export licensing authority",
            valid_until=starts_on + timedelta(days=365),
        )


def book(match: Match, staff: User, slot) -> None:
    if slot is not None:
        trial_slot_book(match=match, slot=slot, by=staff)


def report(match: Match, parties: tuple[User, User]) -> None:
    """The officer ends the pilot if it still runs and reports on each criterion."""
    officer = parties[1]
    match = Match.objects.get(pk=match.pk)
    if match.pilot_plan.ends_on >= timezone.localdate():
        pilot_end(match=match, by=officer)
    outcomes = ["met", "partly", "met"]
    results = {
        criterion.pk: {"outcome": outcome, "note": "Seen on the range." if outcome == "partly" else ""}
        for criterion, outcome in zip(match.pilot_plan.criteria.all(), outcomes, strict=False)
    }
    trial_report_submit(
        match=match,
        by=officer,
        rating=4,
        what_worked="Reliable in cold weather; the crews learnt it in two days.",
        what_failed="Battery life halves below −15 °C.",
        would_order_more=True,
        results=results,
    )
