"""The request page's interest form when the startup has many published offers: a short list of the most
recently changed, and a search that finds the others on the server, without JavaScript."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from matching.forms import PICKER_SIZE
from matching.models import Match
from offers.models import Offer, OfferState
from tests.conftest import login
from tests.factories import OfferFactory
from tests.needs.factories import CapabilityRequestFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def capability_request(unit_a):
    return CapabilityRequestFactory(organisation=unit_a, title="Night interceptors")


@pytest.fixture
def many_offers(startup_a, startup_b):
    """30 published offers of startup A, the least recently changed first, one draft, and one of startup B."""
    start = timezone.now() - timedelta(days=60)
    offers = [OfferFactory(organisation=startup_a, title=f"Offer number {number}") for number in range(30)]
    for number, offer in enumerate(offers):
        Offer.objects.filter(pk=offer.pk).update(updated_at=start + timedelta(days=number))
    OfferFactory(organisation=startup_a, title="Draft balloon", state=OfferState.DRAFT)
    OfferFactory(organisation=startup_b, title="Balloon of another startup")
    return offers


def _options(page: str) -> list[str]:
    picker = re.search(r'<select name="offer".*?</select>', page, re.S).group(0)
    return re.findall(r"<option[^>]*>([^<]*)</option>", picker)[1:]  # after "Choose one of your offers"


def test_the_request_page_lists_the_most_recently_changed_offers_and_says_there_are_more(
    client, capability_request, startup_a_admin, many_offers
):
    # when
    page = login(client, startup_a_admin).get(reverse("needs:detail", args=[capability_request.pk])).content.decode()

    # then
    assert _options(page) == [f"Offer number {number}" for number in range(29, 29 - PICKER_SIZE, -1)]
    assert 'data-testid="more-offers"' in page
    assert '<label for="offer-search">Find one of your published offers</label>' in page


def test_a_search_finds_an_older_published_offer_of_the_startup_only(
    client, capability_request, startup_a_admin, many_offers
):
    # given
    older = many_offers[0]
    older.title = "Tethered observation balloon"
    older.save()

    # when
    url = reverse("needs:detail", args=[capability_request.pk])
    page = login(client, startup_a_admin).get(url, {"offer_q": "balloon"}).content.decode()

    # then
    assert _options(page) == ["Tethered observation balloon"]
    assert 'value="balloon"' in page
    assert 'data-testid="more-offers"' not in page


def test_a_search_that_finds_nothing_says_so(client, capability_request, startup_a_admin, many_offers):
    url = reverse("needs:detail", args=[capability_request.pk])
    page = login(client, startup_a_admin).get(url, {"offer_q": "submarine"}).content.decode()
    assert "None of your published offers matches this search." in page
    assert 'name="offer"' not in page


def test_interest_may_name_a_published_offer_not_listed_on_the_page(
    client, capability_request, startup_a_admin, many_offers
):
    # given: the least recently changed offer is past the listed ones
    oldest = many_offers[0]

    # when
    login(client, startup_a_admin).post(
        reverse("matching_parties:express_interest", args=[capability_request.pk]),
        {"offer": oldest.pk, "pitch": "It answers it."},
    )

    # then
    assert Match.objects.filter(capability_request=capability_request, offer=oldest).exists()


@pytest.mark.parametrize("value", ["²", "x", ""])
def test_interest_naming_no_offer_is_refused_with_a_message(client, capability_request, startup_a_admin, value):
    response = login(client, startup_a_admin).post(
        reverse("matching_parties:express_interest", args=[capability_request.pk]),
        {"offer": value, "pitch": "It answers it."},
        follow=True,
    )
    assert response.status_code == 200
    assert not Match.objects.exists()


def test_a_startup_without_a_published_offer_is_told_to_publish_one_even_when_searching(
    client, capability_request, startup_a_admin
):
    url = reverse("needs:detail", args=[capability_request.pk])
    page = login(client, startup_a_admin).get(url, {"offer_q": "balloon"}).content.decode()
    assert "Publish an offer first" in page
    assert "None of your published offers matches this search." not in page
