"""What the offers pages cost: the same few queries whatever the number of offers, requests or searches."""

import itertools

import pytest
from django.urls import reverse

from offers.models import SavedSearch
from taxonomy.models import CapabilityArea
from tests.conftest import login
from tests.factories import OfferFactory
from tests.needs.factories import CapabilityRequestFactory

pytestmark = pytest.mark.django_db


def _offers_of(organisation):
    areas = list(CapabilityArea.objects.order_by("position")[:3])
    return lambda count: [OfferFactory(organisation=organisation, areas=areas) for _ in range(count)]


def test_the_catalogue(pinned, client, startup_a, officer_a):
    login(client, officer_a)
    pinned(client, reverse("offers:catalogue"), _offers_of(startup_a))


def test_the_catalogue_with_filters(pinned, client, startup_a, officer_a):
    area = CapabilityArea.objects.order_by("position").first()
    login(client, officer_a)
    url = f"{reverse('offers:catalogue')}?area={area.pk}&trl_min=5&country=DE&sort=trl"
    pinned(client, url, _offers_of(startup_a))


def test_the_staff_catalogue(pinned, client, startup_a, staff):
    login(client, staff)
    pinned(client, reverse("offers:catalogue"), _offers_of(startup_a))


def test_our_offers(pinned, client, startup_a, startup_a_admin):
    login(client, startup_a_admin)
    pinned(client, reverse("offers:list"), _offers_of(startup_a))


def test_the_offer_page_for_an_officer_with_many_open_requests(pinned, client, startup_a, unit_a, officer_a):
    offer = OfferFactory(organisation=startup_a)
    login(client, officer_a)
    pinned(
        client,
        reverse("offers:detail", args=[offer.pk]),
        lambda count: [CapabilityRequestFactory(organisation=unit_a) for _ in range(count)],
    )


def test_the_offer_page_for_its_startup(pinned, client, startup_a, startup_a_admin):
    offer = OfferFactory(organisation=startup_a)
    login(client, startup_a_admin)
    pinned(client, reverse("offers:detail", args=[offer.pk]), _offers_of(startup_a))


def test_the_company_page(pinned, client, startup_a, startup_a_admin):
    login(client, startup_a_admin)
    pinned(client, reverse("offers:company_profile"), _offers_of(startup_a))


def test_the_saved_searches(pinned, client, officer_a):
    numbers = itertools.count()

    def add_searches(count):
        for _ in range(count):
            SavedSearch.objects.create(user=officer_a, name=f"Search {next(numbers)}", filters={}, query_string="")

    login(client, officer_a)
    pinned(client, reverse("offers:saved_searches"), add_searches)
