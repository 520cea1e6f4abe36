"""profiles/states.py is the one table of vetting: every state is reached, the one vetting service
makes every move, and the staff's vetting form offers exactly the moves the table allows."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from profiles.models import VettingState
from profiles.services import organisation_set_vetting
from profiles.states import VETTING_STATES
from tests.conftest import login

pytestmark = pytest.mark.django_db
EVERY_SOURCE = [(move, source) for move in VETTING_STATES.moves.values() for source in move.sources]


def in_state(organisation, state):
    organisation.vetting_state = state
    organisation.vetted_at = None if state == VettingState.PENDING else timezone.now()
    organisation.save(update_fields=["vetting_state", "vetted_at"])
    return organisation


def test_every_state_is_reached_from_pending():
    assert VETTING_STATES.reachable() == set(VettingState.values)


@pytest.mark.parametrize(("move", "source"), EVERY_SOURCE, ids=lambda value: getattr(value, "name", value))
def test_the_vetting_service_makes_every_move(staff, pending_startup, move, source):
    organisation = organisation_set_vetting(
        organisation=in_state(pending_startup, source), to_state=move.target, note="Checked the register.", by=staff
    )
    assert organisation.vetting_state == move.target


@pytest.mark.parametrize("state", VettingState.values)
def test_the_vetting_form_offers_exactly_the_allowed_moves(client, staff, pending_startup, state):
    # given
    organisation = in_state(pending_startup, state)
    login(client, staff)

    # when
    page = client.get(reverse("profiles_staff:organisation_detail", args=[organisation.pk])).content.decode()

    # then
    offered = set(re.findall(r'<option value="([a-z]+)"', page)) & set(VettingState.values)
    assert offered == {move.target for move in VETTING_STATES.moves_for(staff, organisation)}
