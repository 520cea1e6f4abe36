"""The permission harness's rows for the work after the introduction (access_table.py reads them): the two
parties and staff share it; nobody else learns it exists (404); who may take which step is one rule each."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from .access_table import ALLOW, NOT_FOUND, Row, signed_in, staff_only


def parties_and_staff() -> dict:
    """A match startup A and officer A's unit both accepted: its two parties and staff; nobody else."""
    return {**signed_in(NOT_FOUND), "startup_a": ALLOW, "officer_a": ALLOW, "staff": ALLOW}


_SOON = timezone.localdate() + timedelta(days=10)
MEETING_DATA = {
    "topic": "Call",
    "duration_minutes": "60",
    "time_zone": "Europe/Kyiv",
    "time_1": f"{_SOON:%Y-%m-%d}T10:00",
    "time_2": f"{_SOON:%Y-%m-%d}T14:00",
}
PLAN_DATA = {
    "location": "Range",
    "starts_on": f"{_SOON:%Y-%m-%d}",
    "ends_on": f"{_SOON + timedelta(days=14):%Y-%m-%d}",
    "quantity": "2",
    "shipping_paid_by": "startup",
    "criterion_1": "Flies 10 sorties",
}
SLOT_DATA = {
    "place": "Range",
    "starts_on": f"{_SOON:%Y-%m-%d}",
    "ends_on": f"{_SOON + timedelta(days=14):%Y-%m-%d}",
    "capacity": "2",
}


TOGETHER_ROWS: dict[str, Row] = {
    # After the introduction: the two parties and staff share the work; nobody else learns it exists (404).
    "matching_parties:together": Row(
        lambda w: reverse("matching_parties:together", args=[w.accepted_match.pk]), parties_and_staff()
    ),
    # Not before both sides accepted: a proposed match has no work together yet, even for its parties.
    "matching_parties:together#proposed": Row(
        lambda w: reverse("matching_parties:together", args=[w.proposed_match.pk]),
        {**signed_in(NOT_FOUND), "staff": NOT_FOUND},
    ),
    "matching_parties:message": Row(
        lambda w: reverse("matching_parties:message", args=[w.accepted_match.pk]),
        parties_and_staff(),
        "post",
        {"body": "Hello."},
    ),
    "matching_parties:attachment": Row(
        lambda w: reverse("matching_parties:attachment", args=[w.message.pk]), parties_and_staff()
    ),
    # Staff read and write the conversation but do not propose, pick or plan for the parties (403).
    "matching_parties:meeting_propose": Row(
        lambda w: reverse("matching_parties:meeting_propose", args=[w.accepted_match.pk]),
        {**parties_and_staff(), "staff": 403},
        "post",
        MEETING_DATA,
    ),
    "matching_parties:meeting_step": Row(
        lambda w: reverse("matching_parties:meeting_step", args=[w.proposed_meeting.pk, "cancel"]),
        {**parties_and_staff(), "staff": 403},
        "post",
        {"reason": "Clash."},
    ),
    # The proposer's side may not pick its own times (the other side's pick of a time never proposed is a message).
    "matching_parties:meeting_step#confirm": Row(
        lambda w: reverse("matching_parties:meeting_step", args=[w.proposed_meeting.pk, "confirm"]),
        {**parties_and_staff(), "startup_a": 403, "staff": 403},
        "post",
        {"slot": "1"},
    ),
    "matching_parties:meeting_calendar": Row(
        lambda w: reverse("matching_parties:meeting_calendar", args=[w.confirmed_meeting.pk]), parties_and_staff()
    ),
    "matching_parties:plan": Row(
        lambda w: reverse("matching_parties:plan", args=[w.accepted_match.pk]),
        {**parties_and_staff(), "staff": 403},
        "post",
        PLAN_DATA,
    ),
    "matching_parties:plan_confirm": Row(
        lambda w: reverse("matching_parties:plan_confirm", args=[w.accepted_match.pk]),
        {**parties_and_staff(), "staff": 403},
        "post",
    ),
    # The licence is the startup's to record; the officer sees it, staff may only override the checkpoint.
    "matching_parties:licence": Row(
        lambda w: reverse("matching_parties:licence", args=[w.accepted_match.pk]),
        {**parties_and_staff(), "officer_a": 403, "staff": 403},
        "post",
        {"status": "applied", "number": "APP-1", "issuing_authority": "BAFA"},
    ),
    "matching_parties:licence_document": Row(
        lambda w: reverse("matching_parties:licence_document", args=[w.accepted_match.pk]), parties_and_staff()
    ),
    "matching_parties:licence_override": Row(
        lambda w: reverse("matching_parties:licence_override", args=[w.accepted_match.pk]),
        {**parties_and_staff(), "startup_a": 403, "officer_a": 403},
        "post",
        {"reason": "General licence."},
    ),
    # Only staff book; with no slot named, their form is refused (400) and nothing is booked.
    "matching_parties:slot_book": Row(
        lambda w: reverse("matching_parties:slot_book", args=[w.accepted_match.pk]),
        {**parties_and_staff(), "startup_a": 403, "officer_a": 403, "staff": 400},
        "post",
    ),
    "matching_parties:pilot_end": Row(
        lambda w: reverse("matching_parties:pilot_end", args=[w.accepted_match.pk]),
        {**parties_and_staff(), "staff": 403},
        "post",
    ),
    # The report is the requesting officer's alone (before the pilot has ended, a message says it is not due).
    "matching_parties:report": Row(
        lambda w: reverse("matching_parties:report", args=[w.accepted_match.pk]),
        {**parties_and_staff(), "startup_a": 403, "staff": 403},
        "post",
    ),
    "matching_parties:result_photo": Row(
        lambda w: reverse("matching_parties:result_photo", args=[w.reported_match.pk, w.report_result.pk]),
        parties_and_staff(),
    ),
    "matching:trial_slots": Row(lambda w: reverse("matching:trial_slots"), staff_only()),
    "matching:trial_slots#add": Row(lambda w: reverse("matching:trial_slots"), staff_only(), "post", SLOT_DATA),
}
