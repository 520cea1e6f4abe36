"""needs/states.py is the one table of a request's life: every state is reached, every move has its
service, and the page and the API offer exactly the moves the table allows."""

import re

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from needs.models import RequestState
from needs.services import MOVE_SERVICES
from needs.states import REQUEST_STATES
from profiles.services import organisation_set_vetting
from tests.conftest import login
from tests.needs.factories import CapabilityRequestFactory

pytestmark = pytest.mark.django_db
EVERY_SOURCE = [(move.name, source) for move in REQUEST_STATES.moves.values() for source in move.sources]


def test_every_state_is_reached_from_a_draft():
    assert REQUEST_STATES.reachable() == set(RequestState.values)


def test_every_move_has_its_service():
    assert set(MOVE_SERVICES) == set(REQUEST_STATES.moves)


@pytest.mark.parametrize(("move", "source"), EVERY_SOURCE)
def test_each_service_makes_its_move(officer_a, unit_a, move, source):
    # given
    capability_request = CapabilityRequestFactory(organisation=unit_a, state=source)

    # when
    moved = MOVE_SERVICES[move](capability_request=capability_request, by=officer_a)

    # then
    assert moved.state == REQUEST_STATES[move].target


def buttons_on_page(client, capability_request) -> set[str]:
    page = client.get(reverse("needs:detail", args=[capability_request.pk])).content.decode()
    return set(re.findall(r'name="to" value="([a-z_]+)"', page))


@pytest.mark.parametrize("state", RequestState.values)
def test_the_page_and_the_api_offer_exactly_the_allowed_moves(client, officer_a, unit_a, state):
    # given
    capability_request = CapabilityRequestFactory(organisation=unit_a, state=state)
    allowed = {move.target for move in REQUEST_STATES.moves_for(officer_a, capability_request)}
    login(client, officer_a)
    api = APIClient()
    api.force_authenticate(officer_a)

    # then
    assert buttons_on_page(client, capability_request) == allowed
    body = api.get(f"/api/v1/requests/{capability_request.pk}/").json()
    assert {REQUEST_STATES[name].target for name in body["moves"]} == allowed
    for move in REQUEST_STATES.moves.values():
        if move.target not in allowed:
            response = api.post(f"/api/v1/requests/{capability_request.pk}/{move.name}/")
            assert response.status_code == 409, (state, move.name)


@pytest.mark.parametrize("state", RequestState.values)
@pytest.mark.parametrize("role", ["staff", "suspended officer"])
def test_the_who_of_each_move_decides_the_buttons(client, staff, officer_a, unit_a, state, role):
    # given
    capability_request = CapabilityRequestFactory(organisation=unit_a, state=state)
    user = staff
    if role == "suspended officer":
        organisation_set_vetting(organisation=unit_a, to_state="suspended", note="Under review.", by=staff)
        user = type(officer_a).objects.get(pk=officer_a.pk)
    allowed = {move.target for move in REQUEST_STATES.moves_for(user, capability_request)}
    login(client, user)
    api = APIClient()
    api.force_authenticate(user)

    # then
    assert (allowed == set()) == (role == "suspended officer" or not REQUEST_STATES.moves_from(state))
    assert buttons_on_page(client, capability_request) == allowed
    names = api.get(f"/api/v1/requests/{capability_request.pk}/").json()["moves"]
    assert {REQUEST_STATES[name].target for name in names} == allowed
