"""Rows written in bulk (or read by an older way of reading text) get their search terms from one command."""

import pytest
from django.core.management import call_command

from needs.models import CapabilityRequest
from offers.models import Offer
from offers.selectors import CatalogueFilters, offer_catalogue
from tests.factories import OfferFactory
from tests.needs.factories import CapabilityRequestFactory

pytestmark = pytest.mark.django_db


def test_offers_written_in_bulk_are_found_once_read_again(officer_a, startup_a, unit_a):
    offer = OfferFactory(organisation=startup_a, title="Flail demining vehicle")
    CapabilityRequestFactory(organisation=unit_a, title="Розмінування полів")
    Offer.objects.update(search_vector=None)
    CapabilityRequest.objects.update(search_vector=None)
    assert list(offer_catalogue(officer_a, CatalogueFilters(query="розмінування"))) == []

    call_command("reindex_search", verbosity=0)

    assert list(offer_catalogue(officer_a, CatalogueFilters(query="розмінування"))) == [offer]
    assert CapabilityRequest.objects.filter(search_vector__isnull=True).count() == 0
