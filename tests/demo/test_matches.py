"""The demo matches: every state of a match's life, a proposal between the two demo parties, and a second
run of seed_demo that changes nothing."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from matching.models import Match, MatchEvent, MatchState, Meeting, Message, PilotPlan, SlotBooking, TrialReport
from matching.states import PROPOSED_OR_LATER
from profiles.models import User

pytestmark = pytest.mark.django_db


def _snapshot():
    return (
        sorted(Match.objects.values_list("pk", "state", "source")),
        MatchEvent.objects.count(),
        TrialReport.objects.count(),
        Message.objects.count(),
    )


def test_seed_demo_moves_matches_into_every_state_once():
    # when
    call_command("seed_demo", stdout=StringIO())
    first = _snapshot()
    call_command("seed_demo", stdout=StringIO())

    # then
    assert _snapshot() == first
    states = set(Match.objects.values_list("state", flat=True))
    assert states >= {state.value for state in MatchState}
    assert TrialReport.objects.filter(match__state=MatchState.CLOSED).exists()
    # the work after the introduction has something at every step
    assert Message.objects.exists() and Meeting.objects.filter(state="confirmed").exists()
    assert Meeting.objects.filter(state="proposed").exists() and SlotBooking.objects.exists()
    assert PilotPlan.objects.filter(officer_confirmed_at__isnull=True).exists()
    assert Match.objects.filter(state=MatchState.PILOTING, pilot_plan__ends_on__lt=timezone.localdate()).exists()
    startup, officer = User.objects.get(email="startup@example.org"), User.objects.get(email="officer@example.org")
    assert Match.objects.filter(
        offer__organisation=startup.organisation,
        capability_request__organisation=officer.organisation,
        state__in=PROPOSED_OR_LATER,
    ).exists()
