"""The offer state machine is data, and every door reads it: services, buttons, routes and the API."""

import pytest
from django.urls import reverse

from innovation_office.transitions import IllegalTransition
from offers.api import OfferViewSet
from offers.models import OfferState
from offers.services import OFFER_MOVES
from offers.states import OFFER_STATES
from tests.conftest import login
from tests.factories import OfferFactory


def test_every_state_is_reachable_from_a_draft():
    assert OFFER_STATES.reachable() == set(OfferState.values)


def test_every_move_has_a_service_a_route_and_an_api_action():
    assert set(OFFER_MOVES) == set(OFFER_STATES.moves)
    for name in OFFER_STATES.moves:
        assert reverse(f"offers:{name}", args=[1]) == f"/offers/1/{name}/"
        assert callable(getattr(OfferViewSet, name))


@pytest.mark.django_db
@pytest.mark.parametrize("state", OfferState.values)
def test_the_offer_page_shows_exactly_the_moves_the_state_allows(client, startup_a, startup_a_admin, state):
    # given
    offer = OfferFactory(organisation=startup_a, state=state)

    # when
    page = login(client, startup_a_admin).get(reverse("offers:detail", args=[offer.pk])).content.decode()
    api = client.get(f"/api/v1/offers/{offer.pk}/").json()

    # then
    allowed = {move.name for move in OFFER_STATES.moves_from(state)}
    assert {name for name in OFFER_STATES.moves if reverse(f"offers:{name}", args=[offer.pk]) in page} == allowed
    assert set(api["moves"]) == allowed


@pytest.mark.django_db
def test_a_move_the_state_forbids_is_refused_as_a_conflict(startup_a, startup_a_admin):
    offer = OfferFactory(organisation=startup_a, state=OfferState.ARCHIVED)

    with pytest.raises(IllegalTransition):
        OFFER_MOVES["publish"](offer=offer, by=startup_a_admin)
