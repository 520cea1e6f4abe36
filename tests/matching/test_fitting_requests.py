"""A startup's page of the open requests that fit each of its published offers: the engine's best pairs,
anonymised as everywhere else, and nothing it may not read."""

import pytest
from django.urls import reverse

from offers.models import OfferState
from profiles.services import organisation_set_vetting
from tests.conftest import login
from tests.factories import OfferFactory
from tests.matching.helpers import make_match
from tests.needs.factories import CapabilityRequestFactory


@pytest.fixture
def radar(startup_a):
    return OfferFactory(organisation=startup_a, title="Passive radar PR-7")


def _page(client, user):
    login(client, user)
    return client.get(reverse("matching_parties:fitting_requests"))


def test_each_offer_lists_its_best_open_requests_first(client, startup_a_admin, radar, unit_a, unit_b):
    weaker = CapabilityRequestFactory(organisation=unit_a, title="Air picture for a battalion")
    stronger = CapabilityRequestFactory(organisation=unit_b, title="Early warning of Shahed drones")
    make_match(weaker, radar, score=0.55)
    make_match(stronger, radar, score=0.81)
    text = _page(client, startup_a_admin).content.decode()
    assert "Passive radar PR-7" in text
    assert text.index("Early warning of Shahed drones") < text.index("Air picture for a battalion")
    assert unit_a.legal_name not in text and unit_b.legal_name not in text  # anonymised


def test_it_leaves_out_what_the_startup_may_not_read(client, startup_a_admin, radar, startup_b, unit_a, unit_b):
    make_match(CapabilityRequestFactory(organisation=unit_a, visibility="restricted", title="Hidden need"), radar)
    make_match(CapabilityRequestFactory(organisation=unit_a, state="closed", title="Closed need"), radar)
    suspended_unit_request = CapabilityRequestFactory(organisation=unit_b, title="Need of a suspended unit")
    make_match(suspended_unit_request, radar)
    organisation_set_vetting(organisation=unit_b, to_state="suspended", note="Review.", by=_staff(unit_a))
    make_match(
        CapabilityRequestFactory(organisation=unit_a, title="Other startup's pair"),
        OfferFactory(organisation=startup_b),
    )
    make_match(
        CapabilityRequestFactory(organisation=unit_a, title="Pair of a draft offer"),
        OfferFactory(organisation=radar.organisation, state=OfferState.DRAFT, published_at=None),
    )
    text = _page(client, startup_a_admin).content.decode()
    for hidden in (
        "Hidden need",
        "Closed need",
        "Need of a suspended unit",
        "Other startup's pair",
        "Pair of a draft offer",
    ):
        assert hidden not in text, hidden


def _staff(unit):
    from tests.factories import OrganisationFactory, member_of

    office = OrganisationFactory(kind="office", legal_name="Office", country="UA")
    return member_of(office, is_staff=True)


def test_a_startup_without_a_published_offer_is_told_how_to_get_suggestions(client, startup_a_admin):
    assert "Publish an offer" in _page(client, startup_a_admin).content.decode()


def test_a_pending_startup_reads_why_it_sees_no_requests(client, pending_admin):
    response = _page(client, pending_admin)
    assert response.status_code == 200 and "once the office has vetted" in response.content.decode()


def test_the_page_costs_the_same_queries_for_many_offers(
    client, startup_a_admin, startup_a, unit_a, django_assert_max_num_queries
):
    login(client, startup_a_admin)
    url = reverse("matching_parties:fitting_requests")
    make_match(CapabilityRequestFactory(organisation=unit_a), OfferFactory(organisation=startup_a))
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    for _ in range(8):
        offer = OfferFactory(organisation=startup_a)
        for _ in range(3):
            make_match(CapabilityRequestFactory(organisation=unit_a), offer)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)
