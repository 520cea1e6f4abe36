"""What the request pages cost: the same few queries whatever the number of requests or offers."""

import pytest
from django.urls import reverse

from offers.models import OfferState
from tests.conftest import login
from tests.factories import OfferFactory
from tests.needs.factories import CapabilityRequestFactory

pytestmark = pytest.mark.django_db


def _requests_of(organisation, **fields):
    return lambda count: [CapabilityRequestFactory(organisation=organisation, **fields) for _ in range(count)]


def test_the_request_catalogue(pinned, client, unit_a, startup_a_admin):
    login(client, startup_a_admin)
    pinned(client, reverse("needs:list"), _requests_of(unit_a))


def test_the_request_catalogue_with_filters(pinned, client, unit_a, startup_a_admin):
    login(client, startup_a_admin)
    pinned(client, f"{reverse('needs:list')}?urgency=priority&trl=5&language=en", _requests_of(unit_a))


def test_the_request_page_for_a_startup_with_many_offers(pinned, client, unit_a, startup_a, startup_a_admin):
    capability_request = CapabilityRequestFactory(organisation=unit_a)
    login(client, startup_a_admin)
    pinned(
        client,
        reverse("needs:detail", args=[capability_request.pk]),
        lambda count: [OfferFactory(organisation=startup_a, state=OfferState.PUBLISHED) for _ in range(count)],
    )


def test_the_request_page_for_its_officer(pinned, client, unit_a, officer_a):
    capability_request = CapabilityRequestFactory(organisation=unit_a, created_by=officer_a)
    login(client, officer_a)
    pinned(client, reverse("needs:detail", args=[capability_request.pk]), _requests_of(unit_a))


def test_the_officers_own_requests(pinned, client, unit_a, officer_a):
    login(client, officer_a)
    pinned(client, reverse("needs:list"), _requests_of(unit_a, created_by=officer_a))


def test_the_staff_list_of_requests(pinned, client, unit_a, staff):
    login(client, staff)
    pinned(client, reverse("needs:list"), _requests_of(unit_a))
