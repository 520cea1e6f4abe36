"""The offer page's introduction form when the officer's unit has many open requests: a short list of the
most recent, and a search that finds the others on the server, without JavaScript."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from matching.forms import PICKER_SIZE
from matching.models import Match
from needs.models import RequestState
from tests.conftest import login
from tests.factories import OfferFactory
from tests.needs.factories import CapabilityRequestFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def offer(startup_a):
    return OfferFactory(organisation=startup_a)


@pytest.fixture
def many_requests(unit_a, officer_a):
    """30 open requests of officer A's unit, the oldest first, and one closed."""
    start = timezone.now() - timedelta(days=60)
    requests = [
        CapabilityRequestFactory(
            organisation=unit_a,
            created_by=officer_a,
            title=f"Request number {number}",
            created_at=start + timedelta(days=number),
        )
        for number in range(30)
    ]
    CapabilityRequestFactory(organisation=unit_a, title="Closed balloon request", state=RequestState.CLOSED)
    return requests


def _options(page: str) -> list[str]:
    picker = re.search(r'<select name="capability_request".*?</select>', page, re.S).group(0)
    return re.findall(r"<option[^>]*>([^<]*)</option>", picker)


def test_the_offer_page_lists_the_most_recent_open_requests_and_says_there_are_more(
    client, offer, officer_a, many_requests
):
    # when
    page = login(client, officer_a).get(reverse("offers:detail", args=[offer.pk])).content.decode()

    # then
    assert _options(page) == [f"Request number {number}" for number in range(29, 29 - PICKER_SIZE, -1)]
    assert 'data-testid="more-requests"' in page
    assert '<label for="request-search">Find one of your open requests</label>' in page


def test_a_search_finds_an_older_open_request_of_the_unit_only(client, offer, officer_a, officer_b, many_requests):
    # given
    older = many_requests[0]
    older.title = "Tethered observation balloon"
    older.save(update_fields=["title"])
    CapabilityRequestFactory(organisation=officer_b.organisation, title="Balloon of another unit")

    # when
    url = reverse("offers:detail", args=[offer.pk])
    page = login(client, officer_a).get(url, {"request_q": "balloon"}).content.decode()

    # then
    assert _options(page) == ["Tethered observation balloon"]
    assert 'value="balloon"' in page
    assert 'data-testid="more-requests"' not in page


def test_a_search_that_finds_nothing_says_so(client, offer, officer_a, many_requests):
    url = reverse("offers:detail", args=[offer.pk])
    page = login(client, officer_a).get(url, {"request_q": "submarine"}).content.decode()
    assert "None of your open requests matches this search." in page
    assert 'name="capability_request"' not in page


def test_an_introduction_may_name_an_open_request_not_listed_on_the_page(client, offer, officer_a, many_requests):
    # given: the oldest request is past the listed ones
    oldest = many_requests[0]

    # when
    login(client, officer_a).post(
        reverse("matching_parties:request_introduction", args=[offer.pk]),
        {"capability_request": oldest.pk, "note": "Fits our need."},
    )

    # then
    assert Match.objects.filter(capability_request=oldest, offer=offer).exists()
